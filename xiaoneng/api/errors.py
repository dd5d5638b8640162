"""One error format for every endpoint: ``{"code", "message", "details"}``; messages in
Chinese, codes for machines."""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from xiaoneng.core.codes import Error
from xiaoneng.core.errors import DomainError

log = logging.getLogger(__name__)

_PYDANTIC_CN = {
    "missing": "缺少必填项",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "finite_number": "应为有限的数字",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为时间（ISO 8601）",
    "datetime_from_date_parsing": "应为时间（ISO 8601）",
    "datetime_type": "应为时间（ISO 8601）",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "string_too_long": "过长",
    "string_too_short": "过短",
    "too_long": "项目过多",
    "too_short": "项目过少",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "json_invalid": "不是合法的 JSON",
    "value_error": "取值无效",
}


# What django-ninja itself refuses with: an unparsable body, a failed CSRF check, throttling.
_HTTP_CODES = {400: Error.HTTP_400, 403: Error.HTTP_403, 429: Error.HTTP_429}


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "header", "cookie", "payload")]
    return ".".join(parts) or "请求体"


def body(code: str, message: str, details=None) -> dict:
    return {"code": code, "message": message, "details": details or {}}


RETRY_AFTER_SECONDS = 30
TOO_LARGE = body(Error.TOO_LARGE, "请求体过大，请减小内容或分次提交")
UNAVAILABLE = body(Error.UNAVAILABLE, "数据库暂时不可用，请稍后重试")
INTERNAL = body(Error.INTERNAL, "服务器内部错误，已记录，请稍后重试")


def install(api) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        problems = [
            {"field": _field(e.get("loc", ())), "type": e.get("type"), "message": _PYDANTIC_CN.get(e.get("type"), e.get("msg", ""))} for e in exc.errors
        ]
        summary = "；".join(f"{p['field']}{p['message']}" for p in problems[:5])
        return api.create_response(request, body(Error.INVALID_INPUT, f"请求参数有误：{summary}", {"errors": problems}), status=400)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, body(Error.UNAUTHENTICATED, "请先登录，或提供有效的访问令牌/接口密钥"), status=401)

    @api.exception_handler(AuthorizationError)
    def forbidden(request, exc):
        return api.create_response(request, body(Error.FORBIDDEN, "没有权限执行此操作"), status=403)

    @api.exception_handler(DataError)
    def data_error(request, exc: DataError):
        # A value the database cannot hold (e.g. a text longer than its column) that no
        # service check caught: the service's transaction was rolled back, so nothing changed.
        log.warning("database refused a value on %s: %s", request.path, exc)
        return api.create_response(request, body(Error.INVALID_INPUT, "输入的内容过长或超出允许范围，请检查后重试"), status=400)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, body(Error.NOT_FOUND, "请求的对象不存在"), status=404)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        return api.create_response(request, TOO_LARGE, status=413)

    @api.exception_handler(FileNotFoundError)
    def file_missing(request, exc):
        # A row whose file is not in the storage (a database restored without MEDIA_ROOT).
        log.error("stored file missing on %s: %s", request.path, exc)
        return api.create_response(request, body(Error.FILE_MISSING, "该文件在存储中缺失，请联系系统管理员从备份恢复"), status=404)

    @api.exception_handler(OverflowError)
    def overflow(request, exc):
        # A number past what the database's integers hold (an id or offset of 10^30).
        return api.create_response(request, body(Error.NUMBER_OUT_OF_RANGE, "数值超出允许范围"), status=400)

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_down(request, exc):
        log.error("database unavailable on %s: %s", request.path, exc)
        response = api.create_response(request, UNAVAILABLE, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        cause = exc.__cause__
        if isinstance(cause, DomainError):  # the strict parser's refusal, wrapped by ninja
            return domain_error(request, cause)
        if isinstance(cause, RequestDataTooBig):
            return too_large(request, cause)
        if cause is not None and exc.status_code == 400:
            return api.create_response(request, body(Error.INVALID_INPUT, "请求体无法解析（应为 JSON）"), status=400)
        return api.create_response(request, body(_HTTP_CODES.get(exc.status_code, Error.INVALID), str(exc)), status=exc.status_code)

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        log.exception("unexpected API error")
        return api.create_response(request, INTERNAL, status=500)
