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
    NOT_FOUND = "not_found", "对象不存在"
    FORBIDDEN = "forbidden", "无权操作"
    CONFLICT = "conflict", "当前状态不允许该操作"
    INVALID_TRANSITION = "invalid_transition", "当前状态不允许该操作"
    INVALID_DATE = "invalid_date", "日期格式有误"
    MISSING_DATE = "missing_date", "缺少日期"
    DATE_OUT_OF_RANGE = "date_out_of_range", "日期超出可用范围"
    INVALID_MOMENT = "invalid_moment", "时间格式有误"
    INVALID_MONTH = "invalid_month", "月份格式有误"
    INVALID_NUMBER = "invalid_number", "应为整数"
    NUMBER_OUT_OF_RANGE = "number_out_of_range", "数值超出范围"
    MISSING_FIELD = "missing_field", "缺少必填内容"
    TOO_LONG = "too_long", "内容过长"
    INVALID_CHOICE = "invalid_choice", "取值不在允许范围内"
    INVALID_PAGE = "invalid_page", "分页参数有误"
    UNKNOWN_DEPARTMENT = "unknown_department", "未知的部门"
    UNKNOWN_PERSON = "unknown_person", "未知的工作人员"
    TOO_LARGE = "too_large", "请求过大"
    UNAVAILABLE = "unavailable", "服务暂时不可用"
    INTERNAL = "internal_error", "服务器内部错误"
    FILE_MISSING = "file_missing", "文件缺失"


def _members(base: type[models.TextChoices]) -> dict[str, str]:
    from xiaoneng.domains import domain_modules

    list(domain_modules("codes"))  # import every domain's vocabulary
    found: dict[str, str] = {}
    pending = list(base.__subclasses__())
    while pending:
        enum = pending.pop()
        pending.extend(enum.__subclasses__())
        found.update({member.value: member.label for member in enum})
    return found


@cache
def action_labels() -> dict[str, str]:
    return _members(ActionCodes)


@cache
def error_labels() -> dict[str, str]:
    return _members(ErrorCodes)


def action_label(action: str) -> str:
    """What an audit action means, in Chinese (the raw name for actions of older releases)."""
    return action_labels().get(action, action)
