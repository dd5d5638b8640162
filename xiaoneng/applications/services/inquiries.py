"""The first-inquiry log (首问负责制): whoever is asked first records the inquiry and sees it
through to an outcome — answered, a one-time notice, handed to a named colleague or
section, or referred to the named body whose duty it is."""

from __future__ import annotations

from django.db import transaction

from xiaoneng.applications.access import access_close_inquiry, access_record_inquiry
from xiaoneng.applications.codes import Action, Error
from xiaoneng.catalogue.selectors import item_by_code
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.context import current_channel
from xiaoneng.core.errors import Forbidden, InvalidInput
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
        inquiry_close(by=by, inquiry=inquiry, outcome=outcome, **closing)
    return inquiry


@transaction.atomic
def inquiry_close(
    *, by, inquiry: Inquiry, outcome: str, answer: str = "", handed_to: str = "", handed_to_department: str = "", referred_to: str = ""
) -> Inquiry:
    """Close an inquiry with its outcome; there is no way to close it without one."""
    inquiry = lock(inquiry)
    if not access_close_inquiry(by, inquiry):
        raise Forbidden("只有首问人或本部门负责人可以办结该咨询")
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
    transition(
        inquiry,
        to=InquiryStatus.CLOSED,
        by=by,
        allowed=rules.INQUIRY_TRANSITIONS,
        action=Action.INQUIRY_CLOSE,
        changes={
            "outcome": outcome,
            "answer": (answer or "").strip(),
            "handed_to": colleague,
            "handed_to_department": section,
            "referred_to": (referred_to or "").strip()[:200] if outcome == "referred" else "",
            "closed_at": clock.now(),
        },
    )
    return inquiry
