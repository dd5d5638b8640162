"""The first-inquiry log (首问负责制): whoever is asked first records the inquiry and sees it
through to an outcome — answered, a one-time notice, handed to a named colleague or
section, or referred to the named body whose duty it is.

Deadlines are clocks (subject ``applications.inquiry``): an inquiry left open has
``inquiry.open`` on its first receiver (``INQUIRY_WORKING_DAYS``); a hand-over stops it and
starts ``inquiry.handover`` on the colleague or section (``INQUIRY_HANDOVER_WORKING_DAYS``),
and the inquiry stays open until they answer (:func:`inquiry_answer`)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from xiaoneng.applications.access import access_answer_inquiry, access_close_inquiry, access_record_inquiry
from xiaoneng.applications.codes import Action, Error
from xiaoneng.catalogue.selectors import item_by_code
from xiaoneng.clocks.models import Clock, ClockState
from xiaoneng.clocks.services import clock_start, clock_stop
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.context import current_channel
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.transitions import lock, transition
from xiaoneng.core.validators import required_text
from xiaoneng.org.models import Department, Staff
from xiaoneng.org.selectors import staff_of

from .. import rules
from ..models import Inquiry, InquiryStatus

_AUDITED = ["asker_name", "question", "item", "channel", "first_receiver", "department"]


@transaction.atomic
def inquiry_record(*, by, asker_name: str, question: str, asker_phone: str = "", item_code: str = "", outcome: str = "", **closing) -> Inquiry:
    """Log an inquiry with its first receiver (the person recording it).  With an
    ``outcome`` it is closed at once (most are answered on the spot)."""
    if not access_record_inquiry(by):
        raise Forbidden("只有工作人员可以登记首问")
    staff = staff_of(by)
    item = None
    if item_code:
        item = item_by_code(item_code.strip(), include_withdrawn=True)
        if item is None:
            raise InvalidInput(f"事项 {item_code} 不存在", code=Error.UNKNOWN_ITEM)
    inquiry = Inquiry.objects.create(
        asker_name=required_text(asker_name, "咨询人", limit=100),
        asker_phone=(asker_phone or "").strip()[:20],
        question=required_text(question, "咨询事项"),
        item=item,
        channel=current_channel(),
        first_receiver=staff,
        department=staff.department,
        received_at=clock.now(),
    )
    audit.record(actor=by, action=Action.INQUIRY_RECORD, subject=inquiry, after=audit.snapshot(inquiry, _AUDITED))
    if outcome:
        return inquiry_close(by=by, inquiry=inquiry, outcome=outcome, **closing)
    _start(by, inquiry, OPEN_KIND, "INQUIRY_WORKING_DAYS", department=staff.department, responsible=by)
    return inquiry


OPEN_KIND, HANDOVER_KIND = "inquiry.open", "inquiry.handover"


def _start(by, inquiry: Inquiry, kind: str, setting: str, *, department, responsible) -> None:
    days = int(settings.XIAONENG.get(setting, 1))
    clock_start(by=by, subject=inquiry, kind=kind, started_on=clock.today(), working_days=days, department=department, responsible=responsible)


def _stop(by, inquiry: Inquiry, kind: str, note: str) -> None:
    c = (
        Clock.objects.select_for_update()
        .filter(subject_type="applications.inquiry", subject_id=inquiry.pk, kind=kind)
        .exclude(state=ClockState.STOPPED)
        .first()
    )
    if c is not None:
        clock_stop(by=by, clock_=c, note=note)


@transaction.atomic
def inquiry_close(
    *, by, inquiry: Inquiry, outcome: str, answer: str = "", handed_to: str = "", handed_to_department: str = "", referred_to: str = ""
) -> Inquiry:
    """Close an inquiry with its outcome; there is no way to close it without one."""
    inquiry = lock(inquiry)
    if not access_close_inquiry(by, inquiry):
        raise Forbidden("只有首问人或本部门负责人可以办结该咨询")
    if inquiry.handed_at is not None:
        raise Conflict("该咨询已移交，待接手人答复", code=Error.INQUIRY_HANDED_OVER)
    colleague = section = None
    if outcome == "handed_over":
        if handed_to:
            colleague = Staff.objects.select_related("department").filter(user__username=handed_to, is_active=True).first()
            if colleague is None or colleague.pk == inquiry.first_receiver_id:
                raise InvalidInput("接手的同事应为首问人以外的在岗工作人员", code=Error.INVALID_COLLEAGUE)
        if handed_to_department:
            section = Department.objects.filter(code=handed_to_department, is_active=True).first()
            if section is None:
                raise InvalidInput(f"科室编码 {handed_to_department} 不存在", code=Shared.UNKNOWN_DEPARTMENT)
    problem = rules.inquiry_outcome_problem(outcome, answer=answer or "", handed_to=bool(colleague or section), referred_to=referred_to or "")
    if problem:
        raise InvalidInput(problem, code=Shared.INVALID_OUTCOME)
    handed = outcome == "handed_over"
    transition(
        inquiry,
        to=InquiryStatus.OPEN if handed else InquiryStatus.CLOSED,
        by=by,
        allowed=rules.INQUIRY_TRANSITIONS,
        action=Action.INQUIRY_HAND_OVER if handed else Action.INQUIRY_CLOSE,
        changes={
            "outcome": outcome,
            "answer": (answer or "").strip(),
            "handed_to": colleague,
            "handed_to_department": section,
            "referred_to": (referred_to or "").strip()[:200] if outcome == "referred" else "",
            "handed_at": clock.now() if handed else None,
            "closed_at": None if handed else clock.now(),
        },
    )
    _stop(by, inquiry, OPEN_KIND, "已移交" if handed else "已办结")
    if handed:
        holder = colleague.department if colleague else section
        _start(by, inquiry, HANDOVER_KIND, "INQUIRY_HANDOVER_WORKING_DAYS", department=holder, responsible=colleague.user if colleague else None)
    return inquiry


@transaction.atomic
def inquiry_answer(*, by, inquiry: Inquiry, reply: str) -> Inquiry:
    """The colleague (or section) an inquiry was handed to answers it; only now is the
    first receiver's inquiry closed."""
    inquiry = lock(inquiry)
    if inquiry.status != InquiryStatus.OPEN or inquiry.handed_at is None:
        raise Conflict("该咨询未移交或已办结", code=Error.INQUIRY_NOT_HANDED_OVER)
    if not access_answer_inquiry(by, inquiry):
        raise Forbidden("只有接手的同事或科室可以答复", code=Error.INQUIRY_ANSWER_FORBIDDEN)
    reply = required_text(reply, "答复内容", limit=2000)
    transition(
        inquiry,
        to=InquiryStatus.CLOSED,
        by=by,
        allowed=rules.INQUIRY_TRANSITIONS,
        action=Action.INQUIRY_ANSWER,
        changes={"reply": reply, "replied_by": staff_of(by), "closed_at": clock.now()},
        note=reply,
    )
    _stop(by, inquiry, HANDOVER_KIND, "接手人已答复")
    return inquiry
