"""Types whose published schema says exactly what the API accepts (issue 13: the OpenAPI
must not promise what the parser then refuses)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import WithJsonSchema

# A decimal amount sent as a JSON number or as a numeric string ("12.50"); pydantic's own
# schema says "any string", which the parser then refuses.
DECIMAL_PATTERN = r"^[+-]?(\d+(\.\d*)?|\.\d+)$"
DecimalValue = Annotated[Decimal, WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": DECIMAL_PATTERN}]})]
