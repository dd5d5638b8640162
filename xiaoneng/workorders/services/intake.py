"""Intake (统一受理): one service for every channel, kept to a handful of queries because the
hotline and the integrations call it all day.  Routing suggestions, automatic dispatch
and duplicate checks run after commit, on the queue, from an intent written to the outbox
in the intake's own transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from xiaoneng.core import audit, clock, outbox, sql
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.core.masking import mask_id_number, mask_name, mask_phone, redact
from xiaoneng.core.people import person
from xiaoneng.core.transitions import lock, transition
from xiaoneng.core.types import DecimalValue
from xiaoneng.core.validators import is_valid_resident_id, is_valid_uscc, text
from xiaoneng.org.access import is_staff_member
from xiaoneng.org.selectors import department_by_code
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workorders.access import access_workorder_dispatch, access_workorder_intake
from xiaoneng.workorders.codes import Action, Error

from ..models import IntakeChannel, Status, WorkOrder, WorkOrderType
from ..replies import reply_recorded
from ..rules import QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH, TRANSITIONS
from ..selectors import known_identity, time_limit
from .attachments import attachment_store
from .common import (
    AFTER_INTAKE_TASK,
    KIND_HANDLE,
    MAX_TEXT,
    apply_handling_due,
    move_handle_clock,
    require,
    require_status,
    start_handle_clock,
    stop_clock,
)

# How far a staff member or an integration may date a case back (a message that waited in
# a channel's outbox) or forward (clock skew).
MAX_BACKDATE = dt.timedelta(days=30)
MAX_CLOCK_SKEW = dt.timedelta(minutes=5)
TITLE_FROM_CONTENT = 30


@dataclass
class Requester:
    name: str = ""
    phone: str = ""
    anonymous: bool = False
    email: str = ""
    id_number: str = ""
    address: str = ""
    organization: str = ""
    uscc: str = ""


@dataclass
class Location:
    address: str = ""
    lat: DecimalValue | None = None
    lng: DecimalValue | None = None
    area: str = ""  # department code of the district / street the problem is in


@dataclass
class Upload:
    name: str
    content: bytes
    confidential: bool = False


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def _phone_ok(phone: str) -> bool:
    digits = phone.replace("-", "").replace(" ", "").removeprefix("+")
    return digits.isdigit() and 7 <= len(digits) <= 20


def _requester_fields(r: Requester, type: str) -> dict:
    """Check what the requester gave.  Anonymous: no name or ID is kept, a contact for the
    call-back may be; otherwise a name and a phone or e-mail are required."""
    name, phone, email = r.name.strip(), r.phone.strip(), r.email.strip()
    id_number, organization, uscc = r.id_number.strip().upper(), r.organization.strip(), r.uscc.strip().upper()
    if r.anonymous:
        name = id_number = organization = uscc = ""
    else:
        if not name:
            raise InvalidInput("请填写诉求人姓名，或选择匿名", code=Error.MISSING_REQUESTER_NAME)
        if not (phone or email):
            raise InvalidInput("请留下联系电话或电子邮箱，以便答复和回访", code=Error.MISSING_CONTACT)
        if type == WorkOrderType.ENTERPRISE and not organization:
            raise InvalidInput("企业诉求请填写企业名称", code=Error.MISSING_ORGANIZATION)
    if len(name) > 50:
        raise InvalidInput("姓名不能超过 50 字", code=Error.INVALID_REQUESTER_NAME)
    if phone and not _phone_ok(phone):
        raise InvalidInput("联系电话格式不正确", code=Shared.INVALID_PHONE)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput("电子邮箱格式不正确", code=Error.INVALID_EMAIL) from None
    if id_number and not is_valid_resident_id(id_number, today=clock.today()):
        raise InvalidInput("身份证号码无效（应为18位，出生日期和校验码正确）", code=Shared.INVALID_ID_NUMBER)
    if uscc and not is_valid_uscc(uscc):
        raise InvalidInput("统一社会信用代码无效（应为18位，且校验码正确）", code=Shared.INVALID_USCC)
    return {
        "requester_anonymous": r.anonymous,
        "requester_name": name,
        "requester_phone": phone,
        "requester_email": email[:254],
        "requester_id_number": id_number,
        "requester_address": text(r.address, "联系地址", limit=200),
        "requester_organization": text(organization, "企业名称", limit=200),
        "requester_uscc": uscc,
    }


def _coordinate(value, low: int, high: int, name: str) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{name}应为数字", code=Error.INVALID_LOCATION) from None
    if not number.is_finite() or not low <= number <= high:
        raise InvalidInput(f"{name}超出范围", code=Error.INVALID_LOCATION)
    return number


def _location_fields(loc: Location | None) -> dict:
    if loc is None:
        return {}
    out = {"location_address": text(loc.address, "问题地点", limit=200)}
    if (loc.lat is None) != (loc.lng is None):
        raise InvalidInput("经纬度须同时提供", code=Error.INVALID_LOCATION)
    if loc.lat is not None:
        out["lat"], out["lng"] = _coordinate(loc.lat, -90, 90, "纬度"), _coordinate(loc.lng, -180, 180, "经度")
    if loc.area:
        area = department_by_code(loc.area)
        if area is None:
            raise InvalidInput(f"区域“{loc.area}”不存在", code=Error.INVALID_AREA)
        out["area"] = area
    return out


def _received_at(by, integration, received_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """When the requester reached us.  Staff, integrations and the system (e-mail import)
    may give it (a call logged a little later, a message delivered late); the public cannot
    date a case."""
    public = by is not None and integration is None and not is_staff_member(by)
    if received_at is None or public:
        return now
    received_at = clock.aware(received_at)
    if received_at > now + MAX_CLOCK_SKEW:
        raise InvalidInput("受理时间不能晚于当前时间", code=Error.INVALID_RECEIVED_AT)
    if received_at < now - MAX_BACKDATE:
        raise InvalidInput("受理时间不能早于 30 天前", code=Error.INVALID_RECEIVED_AT)
    return received_at


def _existing(integration, external_id: str, email_message_id: str) -> WorkOrder | None:
    if integration is not None and external_id:
        return WorkOrder.objects.filter(api_key=integration, external_id=external_id).first()
    if email_message_id:
        return WorkOrder.objects.filter(email_message_id=email_message_id).first()
    return None


def _audited_intake(wo: WorkOrder) -> dict:
    """The intake as the audit log keeps it: the requester's identity masked, since the
    log is read more widely than the case (the case row keeps the real values)."""
    after = audit.snapshot(wo, ["type", "urgent", "channel", "title", "received_at", "area", "due_at", "status"])
    return after | {
        "requester": {
            "anonymous": wo.requester_anonymous,
            "name": mask_name(wo.requester_name),
            "phone": mask_phone(wo.requester_phone),
            "id_number": mask_id_number(wo.requester_id_number),
            "email_given": bool(wo.requester_email),
        }
    }


@transaction.atomic
def workorder_create(
    *,
    by,
    channel: str,
    type: str,
    content: str,
    requester: Requester,
    title: str = "",
    urgent: bool = False,
    received_at: dt.datetime | None = None,
    location: Location | None = None,
    integration=None,
    external_id: str = "",
    email_message_id: str = "",
    direct_answer: str = "",
    uploads: tuple[Upload, ...] = (),
) -> WorkOrder:
    """受理 (统一受理): record a case from any channel, give it its tracking number and query
    code, and start its handling deadline (the day received is day zero; the type's limit
    in working days, urgent the same day).  A case already received from the same channel
    message (integration ``external_id``, e-mail Message-ID) is returned, not duplicated.
    ``by=None`` is the system (e-mail import), trusted for every channel."""
    if channel not in IntakeChannel.values:
        raise InvalidInput(f"未知的受理渠道：{channel}", code=Shared.INVALID_CHANNEL)
    if by is not None and not access_workorder_intake(by, channel, integration=integration):
        raise Forbidden("当前账号不能受理该渠道的诉求", code=Error.INTAKE_FORBIDDEN)
    if type not in WorkOrderType.values:
        raise InvalidInput(f"未知的诉求类型：{type}", code=Error.INVALID_TYPE)
    external_id = text(external_id, "渠道侧编号", limit=100)
    existing = _existing(integration, external_id, email_message_id)
    if existing is not None:
        return existing
    content = text(content, "诉求内容", required=True, code=Error.MISSING_CONTENT, limit=MAX_TEXT)
    title = text(title, "标题", limit=200) or content.splitlines()[0][:TITLE_FROM_CONTENT]
    now = clock.now()
    received = _received_at(by, integration, received_at, now)
    limit = time_limit(type, urgent=urgent)
    wo = WorkOrder(
        type=type,
        urgent=urgent,
        channel=channel,
        title=title,
        content=content,
        **_requester_fields(requester, type),
        **_location_fields(location),
        received_at=received,
        received_by=person(by),
        api_key=integration,
        external_id=external_id,
        email_message_id=email_message_id,
        query_code=new_query_code(),
        handle_started_on=clock.local(received).date(),
        handle_days=limit.handle_days,
        created_at=now,
        updated_at=now,
    )
    wo.title_masked = redact(wo.title, known=known_identity(wo))
    cal = workdays.calendar()
    apply_handling_due(wo, cal)
    if external_id or email_message_id:
        try:
            with transaction.atomic():  # a savepoint only where a channel message id can collide
                sql.insert(wo)
        except IntegrityError:  # the same channel message, received twice at the same moment
            existing = _existing(integration, external_id, email_message_id)
            if existing is None:
                raise
            return existing
    else:
        sql.insert(wo)
    with audit.batched():  # the case's record and its clock's, in one insert
        audit.record(actor=by, action=Action.CREATE, subject=wo, after=_audited_intake(wo))
        start_handle_clock(wo, by=by, cal=cal)
    for upload in uploads:
        attachment_store(by=by, workorder=wo, upload=upload)
    if direct_answer.strip():
        _answer(wo, by=by, content=direct_answer)
    outbox.enqueue(AFTER_INTAKE_TASK, wo.pk, key=str(wo.pk))  # in this transaction: never lost
    return wo


def _answer(wo: WorkOrder, *, by, content: str) -> WorkOrder:
    content = text(content, "答复内容", required=True, code=Error.MISSING_REPLY, limit=MAX_TEXT)
    now = clock.now()
    transition(
        wo,
        to=Status.ANSWERED,
        by=by,
        allowed=TRANSITIONS,
        action=Action.ANSWER,
        changes={"replied_at": now, "replied_by": person(by), "reply_content": content},
        note=content,
    )
    stop_clock(wo, KIND_HANDLE, wo.round, by=by, note="受理时直接答复")
    reply_recorded(wo, by=by)
    return wo


def _may_answer(by, wo: WorkOrder) -> bool:
    return access_workorder_dispatch(by) or (wo.channel == IntakeChannel.WALK_IN and wo.received_by_id == getattr(by, "pk", None))


@transaction.atomic
def workorder_answer(*, by, workorder: WorkOrder, content: str) -> WorkOrder:
    """直接答复: a consultation the operator can answer at once is answered at intake and
    then followed up and closed by the office, without a department."""
    wo = lock(workorder)
    require(_may_answer(by, wo), "只有受理人员可以直接答复", code=Error.ANSWER_FORBIDDEN)
    require_status(wo, Status.RECEIVED, message="只有待派单的工单可以直接答复")
    return _answer(wo, by=by, content=content)


@transaction.atomic
def workorder_classify(*, by, workorder: WorkOrder, type: str, urgent: bool) -> WorkOrder:
    """Correct the type or urgency before dispatch; the handling deadline is recomputed
    from the day received with the new type's limit."""
    require(access_workorder_dispatch(by), "只有派单员可以调整诉求分类", code=Error.CLASSIFY_FORBIDDEN)
    if type not in WorkOrderType.values:
        raise InvalidInput(f"未知的诉求类型：{type}", code=Error.INVALID_TYPE)
    wo = lock(workorder)
    require_status(wo, Status.RECEIVED, Status.RETURNED, message="派单后不能再调整分类")
    if wo.type == type and wo.urgent == urgent:
        return wo
    fields = ["type", "urgent", "handle_days", "due_on", "due_at", "provisional"]
    before = audit.snapshot(wo, fields)
    old_label = wo.get_type_display() + ("（紧急）" if wo.urgent else "")
    wo.type, wo.urgent = type, urgent
    wo.handle_days = time_limit(type, urgent=urgent).handle_days
    cal = workdays.calendar()
    apply_handling_due(wo, cal)
    wo.updated_at = clock.now()
    wo.save(update_fields=[*fields, "updated_at"])
    note = f"{old_label} → {wo.get_type_display()}{'（紧急）' if urgent else ''}"
    audit.record(actor=by, action=Action.CLASSIFY, subject=wo, before=before, after=audit.snapshot(wo, fields), note=note)
    move_handle_clock(wo, by=by, cal=cal, reason="调整诉求分类")
    return wo
