"""Which channel a change came through (web, api, admin, ...), for the audit log.

Set once at the edge (middleware, API auth, management command, task) and read by the audit
service, so that services do not have to pass it along by hand."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.db import models


class Channel(models.TextChoices):
    WEB = "web", "网页"
    API = "api", "接口"
    ADMIN = "admin", "管理后台"
    HOTLINE = "hotline", "热线"
    WECHAT = "wechat", "微信"
    WEIBO = "weibo", "微博"
    APP = "app", "移动应用"
    EMAIL = "email", "电子邮件"
    WALK_IN = "walk_in", "现场"
    OPEN311 = "open311", "Open311"
    IMPORT = "import", "导入"
    CLI = "cli", "命令行"
    SYSTEM = "system", "系统"


_channel: contextvars.ContextVar[str] = contextvars.ContextVar("xiaoneng_channel", default=Channel.SYSTEM)


def current_channel() -> str:
    return _channel.get()


def set_channel(channel: str):
    return _channel.set(channel)


@contextmanager
def via(channel: str):
    token = _channel.set(channel)
    try:
        yield
    finally:
        _channel.reset(token)
