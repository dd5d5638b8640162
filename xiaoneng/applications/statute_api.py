"""``/api/v1/applications/{id}/…`` for licences with a validity and their renewal (行政许可法
第五十条) and the preliminary review by a lower level (第四十三条).  Mounted by
:mod:`.api`, whose application schema the endpoints answer with."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from ninja import Router, Schema

from xiaoneng.api.auth import actor
from xiaoneng.api.schemas import ERRORS

from . import selectors, services
from .api import ApplicationOut, _answer

router = Router(tags=["办件与审批时限"])


class RenewalIn(Schema):
    licence: str  # the business number of the application whose licence is renewed


class ValidityIn(Schema):
    valid_until: dt.date
    reason: str


class PreliminaryAssignIn(Schema):
    handler: str  # user name of a handler or head of the lower department


class SendUpIn(Schema):
    opinion: str
    sent_on: dt.date | None = None  # the date on the paper
    arrived_on: dt.date | None = None  # when the deciding department received it; the sending day by default


def _get(request, application_id: int):
    return selectors.application_for(actor(request), application_id)


@router.post(
    "/applications/{application_id}/renewal",
    response={200: ApplicationOut, **ERRORS},
    summary="登记为延续申请：届满前规定日数内提出的，届满前未决定视为准予延续（第五十条）",
)
def renewal(request, application_id: int, payload: RenewalIn):
    app = services.renewal_link(by=actor(request), application=_get(request, application_id), licence_number=payload.licence)
    return _answer(request, app)


@router.post("/applications/{application_id}/validity", response={200: ApplicationOut, **ERRORS}, summary="登记许可证件载明的有效期")
def validity(request, application_id: int, payload: ValidityIn):
    app = services.licence_validity_record(by=actor(request), application=_get(request, application_id), valid_until=payload.valid_until, reason=payload.reason)
    return _answer(request, app)


@router.post("/applications/{application_id}/preliminary/assign", response={200: ApplicationOut, **ERRORS}, summary="指定初审承办人（初审部门）")
def preliminary_assign(request, application_id: int, payload: PreliminaryAssignIn):
    app = _get(request, application_id)
    handler = get_user_model().objects.filter(username=payload.handler, is_active=True).first()
    services.preliminary_review_assign(by=actor(request), application=app, handler=handler)
    return _answer(request, app)


@router.post(
    "/applications/{application_id}/preliminary/send-up",
    response={200: ApplicationOut, **ERRORS},
    summary="初审报送：下级机关将初审意见和全部材料报送上级，上级自收到之日起算期限（第四十三条）",
)
def send_up(request, application_id: int, payload: SendUpIn):
    app = _get(request, application_id)
    services.preliminary_review_send_up(by=actor(request), application=app, opinion=payload.opinion, sent_on=payload.sent_on, arrived_on=payload.arrived_on)
    return _answer(request, app)
