"""Checks every application service shares."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xiaoneng.applications.codes import Error
from xiaoneng.clocks import backfill
from xiaoneng.core import clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.validators import is_valid_mobile, is_valid_resident_id, is_valid_uscc, required_text

from ..models import Application, IdType

_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,20}$")


def locked(application: Application | int) -> Application:
    """The application again, locked, with what every service reads."""
    pk = application.pk if isinstance(application, Application) else application
    app = Application.objects.select_for_update(of=("self",)).select_related("version", "department", "item").filter(pk=pk).first()
    if app is None:
        raise NotFound("办件不存在", code=Error.APPLICATION_NOT_FOUND)
    return app


def event_date(
    value: dt.date | None, label: str, *, not_before: dt.date | None = None, not_before_label: str = "", app: Application | None = None, step: str = ""
) -> dt.date:
    """A date on which something happened (the act time): today unless given, never in the
    future, never before the step it follows.  Paper records are entered later with their
    real dates (补录): within the window as of right, beyond it (for ``step`` of ``app``) only
    with the supervision office's approval (:mod:`xiaoneng.clocks.backfill`)."""
    day = value or clock.today()
    if day > clock.today():
        raise InvalidInput(f"{label}不能晚于今天（{clock.format_cn(clock.today())}）", code=Error.DATE_IN_FUTURE, details={"field": label})
    if not_before is not None and day < not_before:
        raise InvalidInput(f"{label}不能早于{not_before_label}（{clock.format_cn(not_before)}）", code=Error.DATE_OUT_OF_ORDER, details={"field": label})
    if app is not None:
        backfill.check_act_time(subject=app, step=step, acted=day, label=label)
    return day


def late_note(note: str, day: dt.date | None) -> str:
    """The audit note of a step, marked 补录 when its act date is before the day it is recorded."""
    if day is None or not backfill.is_backfill(day):
        return note
    mark = f"{backfill.LATE_MARK}：{clock.format_cn(day)}办理"
    return f"{note}（{mark}）" if note else mark


@dataclass(frozen=True)
class Applicant:
    name: str
    id_type: str
    id_number: str
    phone: str
    enterprise: str = ""


def checked_applicant(applicant: Applicant) -> Applicant:
    """The applicant's identity as the law needs it: resident IDs and unified social credit
    codes by their check digits (GB 11643, GB 32100), a reachable phone."""
    name = required_text(applicant.name, "申请人姓名或名称", limit=100)
    number = (applicant.id_number or "").strip().upper()
    checks = {
        IdType.RESIDENT_ID: (lambda n: is_valid_resident_id(n, today=clock.today()), "居民身份证号码无效（应为18位，出生日期和校验码正确）"),
        IdType.USCC: (is_valid_uscc, "统一社会信用代码无效（应为18位，且校验码正确）"),
        IdType.PASSPORT: (_PASSPORT_RE.match, "护照号码应为5至20位字母或数字"),
        IdType.OTHER: (lambda n: 0 < len(n) <= 40, "请填写证件号码"),
    }
    if applicant.id_type not in checks:
        raise InvalidInput(f"证件类型无效，应为 {'/'.join(IdType.values)}", code=Error.INVALID_ID_TYPE)
    valid, message = checks[applicant.id_type]
    if not valid(number):
        raise InvalidInput(message, code=Shared.INVALID_ID_NUMBER)
    phone = (applicant.phone or "").strip()
    if not (is_valid_mobile(phone) or _LANDLINE_RE.match(phone)):
        raise InvalidInput("联系电话应为11位手机号或带区号的固定电话", code=Shared.INVALID_PHONE)
    enterprise = (applicant.enterprise or "").strip()[:200]
    return Applicant(name=name, id_type=applicant.id_type, id_number=number, phone=phone, enterprise=enterprise)


def unknown_codes(codes, known) -> list[str]:
    known = set(known)
    return [c for c in dict.fromkeys(codes) if c not in known]


def check_material_codes(codes, version) -> list[str]:
    """The codes, each once, all belonging to the item version; 400 otherwise."""
    codes = list(dict.fromkeys(c.strip() for c in codes))
    unknown = unknown_codes(codes, version.materials.values_list("code", flat=True))
    if unknown:
        raise InvalidInput(f"材料编码不属于该事项：{'、'.join(unknown)}", code=Error.UNKNOWN_MATERIAL, details={"codes": unknown})
    return codes
