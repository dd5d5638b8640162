from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    details: dict = {}


# Shorthand for the error answers most endpoints can give.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
