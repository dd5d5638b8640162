"""The vocabularies a client needs to read the API's answers: every error code (the ``code``
of an error body) and every audit action (the ``action`` of a timeline entry), each with the
Chinese label people read, derived from the enumerations in the domains' ``codes.py``."""

from __future__ import annotations

from ninja import Router, Schema

from xiaoneng.core.codes import ActionCodes, ErrorCodes, enumerations, package_of

router = Router(tags=["接口约定"])


class CodeOut(Schema):
    code: str
    label: str
    domain: str


def _listed(base) -> list[dict]:
    return [{"code": member.value, "label": member.label, "domain": package_of(enum)} for enum in enumerations(base) for member in enum]


@router.get("/error-codes", auth=None, response=list[CodeOut], summary="错误代码一览（code、中文含义、所属业务）")
def error_codes(request):
    """错误答复 `{"code", "message", "details"}` 中 `code` 的全部取值。`message` 是针对本次请求的中文说明，`label` 是该代码的一般含义。"""
    return _listed(ErrorCodes)


@router.get("/audit-actions", auth=None, response=list[CodeOut], summary="审计与流转环节一览（action、中文名称、所属业务）")
def audit_actions(request):
    """办件 `events`、工单 `history` 等流转记录中 `action` 的全部取值及其中文名称（即记录中的 `label`）。"""
    return _listed(ActionCodes)
