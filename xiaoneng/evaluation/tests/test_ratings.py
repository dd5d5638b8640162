"""好差评: one rating per finished case, within the window, by the person or typed in for them
at the window or on the telephone; bad reviews open a rectification on the supervision clock."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from xiaoneng.core.models import AuditRecord
from xiaoneng.evaluation import selectors, services
from xiaoneng.evaluation.codes import Action, Error
from xiaoneng.evaluation.models import Channel, Rating, Rectification
from xiaoneng.evaluation.rules import Level, RectificationStatus
from xiaoneng.supervision.models import Level as WarningLevel
from xiaoneng.supervision.models import Warning
from xiaoneng.supervision.sweep import warnings_sweep

from .conftest import at

CLOSED = at(2026, 9, 28, 10)  # Monday after the Mid-autumn holiday
RATED = at(2026, 9, 29, 15)  # Tuesday; the next day is the last before National Day


def rate(city, wo, level, *, by="dispatcher", channel="phone", moment=RATED, **kw):
    with clock.frozen(moment):
        return services.rating_submit(by=city.user(by), subject_type="workorder", subject=wo.pk, level=level, channel=channel, **kw)


def test_a_telephone_rating_is_recorded_once_with_who_typed_it(city, closed_workorder):
    wo = closed_workorder(CLOSED)
    r = rate(city, wo, Level.SATISFIED, comment="处理及时")
    assert (r.level, r.channel, r.department, r.entered_by, r.is_default) == (2, Channel.PHONE, city.dept("market"), city.user("dispatcher"), False)
    assert r.subject_number == wo.tracking_no and r.rated_at == RATED and r.division_code == "370100"
    assert AuditRecord.objects.filter(action=Action.RATING_SUBMIT, subject_id=str(r.pk)).count() == 1
    with pytest.raises(Conflict) as exc:
        rate(city, wo, Level.VERY_SATISFIED)
    assert exc.value.code == Error.ALREADY_RATED and exc.value.status == 409
    assert not hasattr(r, "rectification") or Rectification.objects.count() == 0


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (at(2026, 10, 5, 23, 59), True),  # the 7th day after closure (a holiday: calendar days)
        (at(2026, 10, 6, 0, 1), False),
    ],
)
def test_the_window_is_seven_days_after_closure(city, closed_workorder, moment, allowed):
    wo = closed_workorder(CLOSED)
    if allowed:
        assert rate(city, wo, Level.SATISFIED, moment=moment).pk
    else:
        with pytest.raises(Conflict) as exc:
            rate(city, wo, Level.SATISFIED, moment=moment)
        assert exc.value.code == Error.WINDOW_CLOSED


def test_an_unfinished_case_cannot_be_rated(city):
    from xiaoneng.workorders.services import Requester, workorder_create

    with clock.frozen(CLOSED):
        wo = workorder_create(
            by=city.user("dispatcher"),
            channel="hotline",
            type="help",
            title="路灯不亮",
            content="小区路灯坏了",
            requester=Requester(name="赵六", phone="13912345678"),
        )
    with pytest.raises(Conflict) as exc:
        rate(city, wo, Level.SATISFIED)
    assert exc.value.code == Error.NOT_RATEABLE
    with pytest.raises(NotFound):
        rate(city, type("X", (), {"pk": 999999})(), Level.SATISFIED)


@pytest.mark.parametrize(
    ("level", "channel", "code"),
    [(0, "phone", Error.INVALID_LEVEL), (6, "phone", Error.INVALID_LEVEL), ("好", "phone", Error.INVALID_LEVEL), (2, "fax", Error.INVALID_CHANNEL)],
)
def test_bad_input_is_refused_in_chinese_with_a_code(city, closed_workorder, level, channel, code):
    wo = closed_workorder(CLOSED)
    with pytest.raises(InvalidInput) as exc:
        rate(city, wo, level, channel=channel)
    assert exc.value.code == code and any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)
    assert Rating.objects.count() == 0


@pytest.mark.parametrize(
    ("username", "channel", "allowed"),
    [
        ("dispatcher", "phone", True),
        ("supervisor", "phone", True),
        ("window", "tablet", True),
        ("window", "phone", False),
        ("handler", "phone", False),  # the rated department never types in its own ratings
        ("head", "tablet", False),
        ("dispatcher", "pc", False),  # online ratings are the person's own (query code)
    ],
)
def test_who_may_type_in_a_rating(city, closed_workorder, username, channel, allowed):
    wo = closed_workorder(CLOSED)
    if allowed:
        assert rate(city, wo, Level.SATISFIED, by=username, channel=channel).pk
    else:
        with pytest.raises(Forbidden):
            rate(city, wo, Level.SATISFIED, by=username, channel=channel)


def test_online_the_person_rates_with_the_query_code(city, closed_workorder):
    wo = closed_workorder(CLOSED)
    with clock.frozen(RATED), pytest.raises(Forbidden) as exc:
        services.rating_submit(by=None, subject_type="workorder", subject=wo.tracking_no, level=1, channel="pc", query_code="WRONG1")
    assert exc.value.code == Error.WRONG_QUERY_CODE
    with clock.frozen(RATED):
        r = services.rating_submit(by=None, subject_type="workorder", subject=wo.tracking_no, level=1, channel="qr", query_code=wo.query_code.lower())
    assert r.channel == Channel.QR and r.entered_by is None


def test_an_application_completed_on_the_spot_is_rated_at_the_window(city, finished_application):
    app = finished_application(at(2026, 9, 28, 9, 30))
    with clock.frozen(RATED):
        r = services.rating_submit(
            by=city.user("window"), subject_type="application", subject=app.number, level=1, channel="window", terminal="市场准入窗口 3 号评价器"
        )
    assert (r.subject_type, r.subject_number, r.department, r.window, r.channel) == (
        "application",
        app.number,
        city.dept("market"),
        city.dept("hall-market"),
        Channel.TABLET,
    )


def test_a_bad_review_opens_a_rectification_that_the_sweeper_cards_when_late(city, closed_workorder):
    wo = closed_workorder(CLOSED)
    r = rate(city, wo, Level.VERY_DISSATISFIED, comment="答复敷衍")
    rect = Rectification.objects.get(rating=r)
    # Day zero is Tue 29 Sep; 30 Sep, 8 Oct, 9 Oct, Sat 10 Oct (调休 working day), Mon 12 Oct.
    assert (rect.status, rect.working_days, rect.clock.kind, rect.clock.due_on) == (
        RectificationStatus.VERIFYING,
        5,
        "evaluation.rectification",
        dt.date(2026, 10, 12),
    )
    assert rect.clock.subject_type == "evaluation.rectification" and rect.clock.subject_id == rect.pk
    with clock.frozen(at(2026, 10, 13, 9)):
        warnings_sweep(by=None)
    levels = set(Warning.objects.filter(subject_type="evaluation.rectification", subject_id=rect.pk).values_list("level", flat=True))
    assert WarningLevel.YELLOW in levels
    assert Warning.objects.get(subject_type="evaluation.rectification", level=WarningLevel.YELLOW).department == city.dept("market")


def test_verify_rectify_call_back_and_one_follow_up_rating(city, closed_workorder):
    wo = closed_workorder(CLOSED)
    r = rate(city, wo, Level.DISSATISFIED)
    rect = r.rectification
    head = city.user("head")
    with clock.frozen(at(2026, 9, 30, 10)):
        with pytest.raises(Forbidden):
            services.rectification_verify(by=city.user("housing_head"), rectification=rect, substantiated=True, findings="x")
        rect = services.rectification_verify(by=head, rectification=rect, substantiated=True, findings="承办人答复未到现场核实，反映属实")
        rect = services.rectification_rectify(by=head, rectification=rect, measures="重新到现场核查，督促超市退货，并对承办人批评教育")
    stopped = Clock.objects.get(pk=rect.clock_id)
    assert rect.status == RectificationStatus.CALLBACK and stopped.state == "stopped" and stopped.met is True
    assert rect.callback_clock.due_on == dt.date(2026, 10, 8)  # one working day after 30 Sep, across National Day
    with clock.frozen(at(2026, 10, 8, 11)):
        rect = services.rectification_callback(
            by=head, rectification=rect, reached=True, note="已电话告知整改情况", follow_up_level=Level.SATISFIED, follow_up_comment="这次满意"
        )
    r.refresh_from_db()
    assert rect.status == RectificationStatus.DONE and Clock.objects.get(pk=rect.callback_clock_id).met is True
    assert (r.level, r.follow_up_level) == (Level.DISSATISFIED, Level.SATISFIED)
    with clock.frozen(at(2026, 10, 8, 12)), pytest.raises(Conflict) as exc:
        services.rating_follow_up(by=head, rating=r, level=1)
    assert exc.value.code == Error.FOLLOW_UP_NOT_ALLOWED
    actions = list(AuditRecord.objects.filter(subject_type="evaluation.rectification", subject_id=str(rect.pk)).values_list("action", flat=True))
    assert actions == [Action.RECTIFICATION_OPEN, Action.RECTIFICATION_VERIFY, Action.RECTIFICATION_RECTIFY, Action.RECTIFICATION_CALLBACK]


def test_an_upheld_appeal_excludes_the_review_but_keeps_it(city, closed_workorder):
    wo = closed_workorder(CLOSED)
    r = rate(city, wo, Level.VERY_DISSATISFIED, comment="乱写的")
    with clock.frozen(at(2026, 9, 30, 9)):
        with pytest.raises(Forbidden):
            services.appeal_file(by=city.user("handler"), rating=r, grounds="malicious", reason="x", evidence="y")
        with pytest.raises(InvalidInput):
            services.appeal_file(by=city.user("head"), rating=r, grounds="unfair", reason="x", evidence="y")
        appeal = services.appeal_file(by=city.user("head"), rating=r, grounds="malicious", reason="评价人与本案无关", evidence="通话录音显示评价人未办理该业务")
        with pytest.raises(Forbidden):
            services.appeal_decide(by=city.user("head"), appeal=appeal, upheld=True, note="x")
        services.appeal_decide(by=city.user("supervisor"), appeal=appeal, upheld=True, note="经核实属恶意差评")
        with pytest.raises(Conflict):
            services.appeal_decide(by=city.user("supervisor"), appeal=appeal, upheld=False, note="再议")
    r.refresh_from_db()
    assert r.excluded and Rating.objects.filter(pk=r.pk).exists()
    assert r.rectification.status == RectificationStatus.ENDED and Clock.objects.get(pk=r.rectification.clock_id).state == "stopped"
    market = next(row for row in selectors.rating_results() if row["id"] == city.dept("market").pk)
    assert (market["given"], market["excluded"], market["excluded_reasons"]) == (0, 1, {"恶意差评": 1})


def test_defaulted_ratings_are_counted_apart(city, closed_workorder, finished_application):
    given_wo, silent_wo = closed_workorder(CLOSED), closed_workorder(CLOSED)
    app = finished_application(at(2026, 9, 28, 9))
    rate(city, given_wo, Level.DISSATISFIED)
    with clock.frozen(RATED):
        assert services.ratings_default(by=None) == 0  # no default configured
        services.rating_policy_set(by=city.user("supervisor"), window_days=7, default_level=Level.BASICALLY_SATISFIED, rectification_days=5)
        with pytest.raises(InvalidInput):
            services.rating_policy_set(by=city.user("supervisor"), window_days=7, default_level=Level.DISSATISFIED, rectification_days=5)
        assert services.ratings_default(by=None) == 0  # windows still open
    with clock.frozen(at(2026, 10, 6, 1)):
        assert services.ratings_default(by=None) == 2
        assert services.ratings_default(by=None) == 0  # safe to rerun
    defaults = Rating.objects.filter(is_default=True)
    assert {(d.subject_type, d.subject_id) for d in defaults} == {("workorder", silent_wo.pk), ("application", app.pk)}
    assert all(d.level == Level.BASICALLY_SATISFIED and d.channel == Channel.DEFAULT and d.rated_at == at(2026, 10, 6) for d in defaults)
    market = next(row for row in selectors.rating_results() if row["id"] == city.dept("market").pk)
    assert (market["given"], market["defaulted"], market["bad"]["k"], market["levels"]["基本满意"]) == (1, 2, 1, 0)


def test_the_decision_carries_the_rating_qr_code(city):
    from urllib.parse import parse_qs, urlparse

    from reportlab.lib.styles import ParagraphStyle

    from xiaoneng.applications import documents
    from xiaoneng.applications import services as applications
    from xiaoneng.catalogue.rules import ItemSpec, MaterialSpec
    from xiaoneng.catalogue.services import item_create
    from xiaoneng.evaluation.documents import rating_link, rating_qr

    item_create(
        by=None,
        spec=ItemSpec(
            code="FOOD",
            name="食品经营许可",
            department="market",
            legal_limit_days=20,
            committed_limit_days=10,
            materials=(MaterialSpec(code="M1", name="申请书"),),
            legal_basis="《食品安全法》第三十五条",
        ),
    )
    person = applications.Applicant(name="李小红", id_type="resident_id", id_number="11010519491231002X", phone="13912345678")
    with clock.frozen(at(2026, 9, 28, 9)):
        app = applications.application_submit(by=city.user("window"), item_code="FOOD", applicant=person, received_on=dt.date(2026, 9, 28), materials=["M1"])
        receipt_like = app.notices.order_by("id").last()
        assert receipt_like is None or rating_qr(receipt_like, ParagraphStyle("s")) == []  # not finished yet
        app = applications.application_decide(by=city.user("handler"), application=app, result="approve")
    notice = app.notices.get(kind="decision")
    assert len(rating_qr(notice, ParagraphStyle("s"))) == 2
    link = urlparse(rating_link(app))
    assert link.path == "/evaluation/rate/" and parse_qs(link.query) == {
        "type": ["application"],
        "number": [app.number],
        "code": [app.query_code],
        "via": ["qr"],
    }
    assert documents.pdf(notice).startswith(b"%PDF")


def test_the_heads_hear_of_a_bad_review_with_the_rectification_or_not_at_all(city, closed_workorder):
    """The notice is written in the rating's transaction: no after-commit step that a crash
    between the commit and the notice could lose."""
    from django.db import transaction

    from xiaoneng.notifications.models import Notification

    wo = closed_workorder(CLOSED)
    head = city.user("head")
    with pytest.raises(RuntimeError), transaction.atomic():
        rate(city, wo, Level.VERY_DISSATISFIED, comment="答复敷衍")
        assert Notification.objects.filter(recipient=head, text__startswith="差评转办").count() == 1
        raise RuntimeError("rolled back")
    assert not Notification.objects.filter(recipient=head, text__startswith="差评转办").exists()
    r = rate(city, wo, Level.VERY_DISSATISFIED, comment="答复敷衍")
    notice = Notification.objects.get(recipient=head, text__startswith="差评转办")
    assert r.subject_number in notice.text and notice.link.endswith(f"/{r.rectification.pk}/")
