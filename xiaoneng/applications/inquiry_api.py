"""``/api/v1/inquiries``: the first-inquiry log (首问登记)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from xiaoneng.api.auth import actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.applications.codes import Error
from xiaoneng.core.errors import NotFound
from xiaoneng.web import params

from . import selectors, services
from .models import Inquiry

router = Router(tags=["首问负责"])


class OutcomeIn(Schema):
    """What closing an inquiry needs, by outcome: ``answer`` (answered, one-time notice),
    ``handed_to`` (a colleague's user name) or ``handed_to_department`` (a section's code),
    ``referred_to`` (the body whose duty it is)."""

    answer: str = ""
    handed_to: str = ""
    handed_to_department: str = ""
    referred_to: str = ""


class ClosingIn(OutcomeIn):
    outcome: str


class InquiryIn(OutcomeIn):
    asker_name: str
    asker_phone: str = ""
    question: str
    item: str = ""
    outcome: str = ""


class InquiryOut(Schema):
    id: int
    asker_name: str
    question: str
    item: str | None
    first_receiver: str
    department: str
    received_at: dt.datetime
    status: str
    outcome: str
    outcome_label: str
    answer: str
    handed_to: str | None
    handed_to_department: str | None
    referred_to: str
    handed_at: dt.datetime | None
    reply: str
    closed_at: dt.datetime | None


class InquiryReplyIn(Schema):
    reply: str


def inquiry_out(i: Inquiry) -> dict:
    return {
        "id": i.pk,
        "asker_name": i.asker_name,
        "question": i.question,
        "item": i.item.code if i.item_id else None,
        "first_receiver": i.first_receiver.name,
        "department": i.department.code,
        "received_at": i.received_at,
        "status": i.status,
        "outcome": i.outcome,
        "outcome_label": i.get_outcome_display() if i.outcome else "",
        "answer": i.answer,
        "handed_to": i.handed_to.name if i.handed_to_id else None,
        "handed_to_department": i.handed_to_department.code if i.handed_to_department_id else None,
        "referred_to": i.referred_to,
        "handed_at": i.handed_at,
        "reply": i.reply,
        "closed_at": i.closed_at,
    }


def _mine(request, inquiry_id: int) -> Inquiry:
    inquiry = selectors.inquiries_for(actor(request)).filter(pk=inquiry_id).first()
    if inquiry is None:
        raise NotFound("咨询记录不存在", code=Error.INQUIRY_NOT_FOUND)
    return inquiry


@router.post("/inquiries", response={201: InquiryOut, **ERRORS}, summary="登记首问（可同时登记办理结果）")
def record(request, payload: InquiryIn):
    data = payload.dict()
    inquiry = services.inquiry_record(by=actor(request), item_code=data.pop("item"), **data)
    return Status(201, inquiry_out(_mine(request, inquiry.pk)))


@router.get("/inquiries", response={200: list[InquiryOut], **ERRORS}, summary="首问登记簿")
def list_inquiries(request, status: str = "", limit: int = 100, offset: int = 0):
    return [inquiry_out(i) for i in params.window(selectors.inquiries_for(actor(request), status=status), limit, offset)]


@router.post("/inquiries/{inquiry_id}/close", response={200: InquiryOut, **ERRORS}, summary="办结首问：当场解答、一次性告知、移交同事或科室、告知有权单位")
def close(request, inquiry_id: int, payload: ClosingIn):
    services.inquiry_close(by=actor(request), inquiry=_mine(request, inquiry_id), **payload.dict())
    return inquiry_out(_mine(request, inquiry_id))


@router.post("/inquiries/{inquiry_id}/answer", response={200: InquiryOut, **ERRORS}, summary="接手的同事或科室答复移交的首问（首问随之办结）")
def answer(request, inquiry_id: int, payload: InquiryReplyIn):
    services.inquiry_answer(by=actor(request), inquiry=_mine(request, inquiry_id), reply=payload.reply)
    return inquiry_out(_mine(request, inquiry_id))
