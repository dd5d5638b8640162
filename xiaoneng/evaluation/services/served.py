"""The finished case a rating is about, and who may rate it on which channel."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from xiaoneng.applications.models import Application
from xiaoneng.applications.models import Status as AppStatus
from xiaoneng.core import clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from xiaoneng.org.models import DepartmentKind
from xiaoneng.workorders.models import Status as WoStatus
from xiaoneng.workorders.models import WorkOrder
from xiaoneng.workorders.numbers import parse_tracking_number, tracking_number

from .. import access
from ..codes import Error
from ..models.ratings import Channel, RatingPolicy, SubjectType
from ..rules import Level

RATEABLE_APPLICATIONS = (AppStatus.APPROVED, AppStatus.DENIED, AppStatus.DEEMED_APPROVED, AppStatus.NOT_ACCEPTED, AppStatus.COMPLETED_ON_SPOT)

# What clients send for a channel, mapped onto the GB/T 39046 list.
CHANNEL_ALIASES = {
    "pc": Channel.PC,
    "web": Channel.PC,
    "online": Channel.PC,
    "网上": Channel.PC,
    "mobile": Channel.MOBILE,
    "app": Channel.MOBILE,
    "wechat": Channel.MOBILE,
    "qr": Channel.QR,
    "qrcode": Channel.QR,
    "tablet": Channel.TABLET,
    "window": Channel.TABLET,
    "hall": Channel.TABLET,
    "terminal": Channel.TERMINAL,
    "kiosk": Channel.TERMINAL,
    "phone": Channel.PHONE,
    "telephone": Channel.PHONE,
    "hotline": Channel.PHONE,
    "sms": Channel.SMS,
} | {label: value for value, label in Channel.choices if value != Channel.DEFAULT}


def channel_of(value) -> str:
    key = str(value or "").strip()
    found = CHANNEL_ALIASES.get(key) or CHANNEL_ALIASES.get(key.lower())
    if found is None:
        raise InvalidInput(f"评价渠道不正确：“{key}”（可选：网上、移动端、二维码、窗口评价器、其他终端、电话、短信）", code=Error.INVALID_CHANNEL)
    return found


def level_of(value) -> int:
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = 0
    if level not in Level.values:
        raise InvalidInput("满意度应为 1–5（1 非常满意 … 5 非常不满意）", code=Error.INVALID_LEVEL, details={"level": value})
    return level


@dataclass(frozen=True)
class Served:
    """What a rating needs to know about the case it rates."""

    subject_type: str
    subject_id: int
    number: str
    department: object
    window: object
    person: object
    served_at: dt.datetime
    rater_name: str
    query_code: str
    applicant_user_id: int | None


def served_case(subject_type: str, reference) -> Served:
    """The finished case a person means by an id or a business number; refuses one that is
    not finished (决定/当场办结 for an application, 办结 for a work order)."""
    subject_type = str(subject_type or "").strip()
    text = str(reference if reference is not None else "").strip()
    if subject_type == SubjectType.APPLICATION:
        app = Application.objects.select_related("department", "received_by__staff__department").filter(number=text).first()
        if app is None and text.isascii() and text.isdigit():
            app = Application.objects.select_related("department", "received_by__staff__department").filter(pk=int(text)).first()
        if app is None:
            raise NotFound(f"办件不存在：“{text}”", code=Error.UNKNOWN_SUBJECT)
        if app.status not in RATEABLE_APPLICATIONS or app.decided_on is None:
            raise Conflict("办件尚未办结（作出决定或当场办结）后才能评价", code=Error.NOT_RATEABLE)
        receiver = getattr(app.received_by, "staff", None) if app.received_by else None
        window = receiver.department if receiver and receiver.department.kind == DepartmentKind.WINDOW else None
        return Served(
            SubjectType.APPLICATION,
            app.pk,
            app.number or str(app.pk),
            app.department,
            window,
            app.decided_by or app.handler,
            clock.start_of_day(app.decided_on),
            app.applicant_name,
            app.query_code,
            app.applicant_user_id,
        )
    if subject_type == SubjectType.WORKORDER:
        parsed = parse_tracking_number(text)
        pk = parsed[1] if parsed else (int(text) if text.isascii() and text.isdigit() else None)
        wo = WorkOrder.objects.select_related("department").filter(pk=pk).first() if pk else None
        if wo is None:
            raise NotFound(f"工单不存在：“{text}”", code=Error.UNKNOWN_SUBJECT)
        if wo.status != WoStatus.CLOSED or wo.closed_at is None or wo.department is None:
            raise Conflict("工单办结后才能评价", code=Error.NOT_RATEABLE)
        name = "匿名" if wo.requester_anonymous else wo.requester_name
        return Served(
            SubjectType.WORKORDER, wo.pk, tracking_number(wo.pk, wo.received_at), wo.department, None, wo.replied_by, wo.closed_at, name, wo.query_code, None
        )
    raise InvalidInput("评价对象类型应为 application（办件）或 workorder（诉求工单）", code=Shared.INVALID_CHOICE, details={"subject_type": subject_type})


def window_closes_at(served_at: dt.datetime, policy: RatingPolicy) -> dt.datetime:
    """The rating window: ``window_days`` calendar days after the day the case was finished."""
    return clock.end_of_day(clock.local(served_at).date() + dt.timedelta(days=policy.window_days))


def _may_rate(by, served: Served, channel: str, query_code: str | None, integration: bool) -> None:
    if channel in access.SELF_CHANNELS:
        if integration:
            return  # the channel's own platform (SMS gateway, app) forwards the person's rating
        if served.applicant_user_id and getattr(by, "pk", None) == served.applicant_user_id:
            return
        given = (query_code or "").strip().upper().encode()
        if not given or not hmac.compare_digest(served.query_code.upper().encode(), given):
            raise Forbidden("请凭办件（工单）编号和查询码评价", code=Error.WRONG_QUERY_CODE)
        return
    if not access.access_enter_rating(by, channel, served.department):
        raise Forbidden("窗口评价器由窗口人员开启，电话评价由热线或效能办人员录入；不能为本部门的办件录入评价", code=Shared.FORBIDDEN)
