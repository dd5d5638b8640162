"""Vocabularies.  Every audit action and every error code is a member of an enumeration in
its domain's ``codes.py``; the labels people read (an audit trail, a timeline, the API's list
of error codes) are derived from those enumerations, never written twice.

A domain's ``codes.py``::

    class Action(ActionCodes):
        ACCEPT = "application.accept", "受理"

    class Error(ErrorCodes):
        UNKNOWN_ITEM = "unknown_item", "未知的事项"

Each value is defined once in the whole project (a test checks it); codes shared by every
domain (``forbidden``, ``not_found`` …) are :class:`Error` here.
"""

from __future__ import annotations

from functools import cache

from django.db import models


class ActionCodes(models.TextChoices):
    """Base of every domain's audit actions (``<entity>.<verb>``)."""


class ErrorCodes(models.TextChoices):
    """Base of every domain's error codes (machine-readable, stable)."""


class Action(ActionCodes):
    ADMIN_CREATE = "admin.create", "后台新增"
    ADMIN_CHANGE = "admin.change", "后台修改"
    ADMIN_DELETE = "admin.delete", "后台删除"


class Error(ErrorCodes):
    INVALID = "invalid", "输入有误"
    INVALID_INPUT = "invalid_input", "输入有误"
    UNAUTHENTICATED = "unauthenticated", "未登录或凭证无效"
    NOT_FOUND = "not_found", "对象不存在"
    FORBIDDEN = "forbidden", "无权操作"
    CONFLICT = "conflict", "当前状态不允许该操作"
    INVALID_TRANSITION = "invalid_transition", "当前状态不允许该操作"
    HTTP_400 = "http_400", "请求无法解析"
    HTTP_403 = "http_403", "请求被拒绝"
    HTTP_429 = "http_429", "请求过于频繁"
    INVALID_IDEMPOTENCY_KEY = "invalid_idempotency_key", "Idempotency-Key 无效"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused", "Idempotency-Key 已用于内容不同的请求"
    # dates, numbers, choices (xiaoneng.web.params)
    INVALID_DATE = "invalid_date", "日期格式有误"
    MISSING_DATE = "missing_date", "缺少日期"
    DATE_OUT_OF_RANGE = "date_out_of_range", "日期超出可用范围"
    INVALID_MOMENT = "invalid_moment", "时间格式有误"
    INVALID_MONTH = "invalid_month", "月份格式有误"
    INVALID_NUMBER = "invalid_number", "应为整数"
    NUMBER_OUT_OF_RANGE = "number_out_of_range", "数值超出范围"
    INVALID_DECIMAL = "invalid_decimal", "应为数字"
    INVALID_DAYS = "invalid_days", "天数有误"
    INVALID_PERIOD = "invalid_period", "期间有误"
    INVALID_CHOICE = "invalid_choice", "取值不在允许范围内"
    INVALID_KIND = "invalid_kind", "类型无效"
    INVALID_PAGE = "invalid_page", "分页参数有误"
    # text
    MISSING_FIELD = "missing_field", "缺少必填内容"
    TOO_LONG = "too_long", "内容过长"
    MISSING_TITLE = "missing_title", "缺少标题"
    MISSING_DESCRIPTION = "missing_description", "缺少情况描述"
    MISSING_REASON = "missing_reason", "缺少理由"
    MISSING_NOTE = "missing_note", "缺少意见或说明"
    # people, departments, identities
    UNKNOWN_DEPARTMENT = "unknown_department", "未知的部门"
    UNKNOWN_PERSON = "unknown_person", "未知的工作人员"
    INVALID_DEPARTMENT = "invalid_department", "部门不存在或已停用"
    MISSING_DEPARTMENT = "missing_department", "缺少部门"
    PERSON_NOT_IN_DEPARTMENT = "person_not_in_department", "人员不属于所选部门"
    MUST_RECUSE = "must_recuse", "应当回避"
    INVALID_CHANNEL = "invalid_channel", "渠道无效"
    INVALID_PHONE = "invalid_phone", "联系电话格式有误"
    INVALID_ID_NUMBER = "invalid_id_number", "证件号码无效"
    INVALID_USCC = "invalid_uscc", "统一社会信用代码无效"
    INVALID_RESIDENT_ID = "invalid_resident_id", "居民身份证号码无效"
    # decisions
    INVALID_RESULT = "invalid_result", "决定结果无效"
    INVALID_OUTCOME = "invalid_outcome", "结论无效"
    # files
    MISSING_FILE = "missing_file", "未选择文件"
    EMPTY_FILE = "empty_file", "文件为空"
    FILE_TOO_LARGE = "file_too_large", "文件过大"
    UNSUPPORTED_FILE_TYPE = "unsupported_file_type", "不支持的文件类型"
    # batch actions on lists
    NOTHING_SELECTED = "nothing_selected", "未选择任何行"
    TOO_MANY_SELECTED = "too_many_selected", "一次选择的行过多"
    UNKNOWN_BATCH_ACTION = "unknown_batch_action", "未知的批量操作"
    # the platform
    TOO_LARGE = "too_large", "请求过大"
    UNAVAILABLE = "unavailable", "服务暂时不可用"
    INTERNAL = "internal_error", "服务器内部错误"
    FILE_MISSING = "file_missing", "文件缺失"
    CSRF_FAILED = "csrf_failed", "表单校验失败"


def enumerations(base: type[models.TextChoices]) -> list[type[models.TextChoices]]:
    """Every enumeration of ``base`` in the project (each domain's ``codes.py`` imported),
    core's first, then by package."""
    from xiaoneng.domains import domain_modules

    list(domain_modules("codes"))  # import every domain's vocabulary
    found, pending = [], list(base.__subclasses__())
    while pending:
        enum = pending.pop()
        pending.extend(enum.__subclasses__())
        found.append(enum)
    return sorted(found, key=lambda e: (e.__module__ != __name__, e.__module__))


def package_of(enum: type[models.TextChoices]) -> str:
    """``core``, ``workorders`` … — whose vocabulary it is."""
    return enum.__module__.split(".")[1]


def _labels(base: type[models.TextChoices]) -> dict[str, str]:
    return {member.value: member.label for enum in enumerations(base) for member in enum}


@cache
def action_labels() -> dict[str, str]:
    return _labels(ActionCodes)


@cache
def error_labels() -> dict[str, str]:
    return _labels(ErrorCodes)


def action_label(action: str) -> str:
    """What an audit action means, in Chinese (the raw name for actions of older releases)."""
    return action_labels().get(action, action)
