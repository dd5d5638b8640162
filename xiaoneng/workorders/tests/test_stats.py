"""The per-department figures on a hand-checked example (see the numbers worked out in
each assertion), as of two moments."""

import datetime as dt

import pytest
from django.db.models import Count, Q

from xiaoneng.core import clock
from xiaoneng.workorders import daily, services, stats
from xiaoneng.workorders.access import workorder_stats_scope
from xiaoneng.workorders.models import WorkOrder
from xiaoneng.workorders.services import Requester

from .conftest import at

T = at(2026, 3, 25, 12)  # 周三中午


def do(moment, fn, by, **kwargs):
    with clock.frozen(moment):
        return fn(by=by, **kwargs)


@pytest.fixture
def example(city):
    d, h, hh, s = city.user("dispatcher"), city.user("handler"), city.user("housing_handler"), city.user("supervisor")
    market, housing = city.dept("market"), city.dept("housing")

    def case(moment, type="complaint", dept=None, **kwargs):
        with clock.frozen(moment):
            wo = services.workorder_create(
                by=d, channel="hotline", type=type, content="示例诉求", requester=Requester(name="甲", phone="13700000000"), **kwargs
            )
            return services.workorder_dispatch(by=d, workorder=wo, department=dept) if dept else wo

    # 市场监管 M1: signed 10:30 (due 11:00) on time, answered 3/10 (due 3/23) on time, called back: solved, satisfied.
    m1 = case(at(2026, 3, 2, 10), dept=market)
    do(at(2026, 3, 2, 10, 30), services.workorder_sign, h, workorder=m1)
    do(at(2026, 3, 10, 9), services.workorder_reply, h, workorder=m1, content="已处理")
    do(at(2026, 3, 11, 9), services.workorder_follow_up, s, workorder=m1, resolved=True, satisfaction="satisfied")
    # M2: signed late (14:00 > 11:00), answered late (3/24 > 3/23), called back: not solved, dissatisfied.
    m2 = case(at(2026, 3, 2, 10), dept=market)
    do(at(2026, 3, 2, 14), services.workorder_sign, h, workorder=m2)
    do(at(2026, 3, 24, 9), services.workorder_reply, h, workorder=m2, content="已处理")
    do(at(2026, 3, 24, 15), services.workorder_follow_up, s, workorder=m2, resolved=False, satisfaction="dissatisfied")
    # M3: consultation (due 3/5), signed on time, never answered: overdue.
    m3 = case(at(2026, 3, 3, 10), type="consultation", dept=market)
    do(at(2026, 3, 3, 10, 10), services.workorder_sign, h, workorder=m3)
    # M4: dispatched 3/24 16:00, sign-for due 17:00, never signed; answer due 4/14.
    case(at(2026, 3, 24, 16), dept=market)
    # M5: dispatched 3/25 11:30, sign-for due 14:00 — after T, so not yet counted.
    case(at(2026, 3, 25, 11, 30), dept=market)
    # 住建 H1: on time throughout; the requester could not be reached.
    h1 = case(at(2026, 3, 2, 11), dept=housing)
    do(at(2026, 3, 2, 11, 30), services.workorder_sign, hh, workorder=h1)
    do(at(2026, 3, 6, 9), services.workorder_reply, hh, workorder=h1, content="已处理")
    do(at(2026, 3, 9, 9), services.workorder_follow_up, s, workorder=h1, reached=False, note="电话停机")
    # H2: help (due 3/18), signed on time, answered 3/26 — after T.
    h2 = case(at(2026, 3, 4, 9), type="help", dept=housing)
    do(at(2026, 3, 4, 9, 30), services.workorder_sign, hh, workorder=h2)
    do(at(2026, 3, 26, 9), services.workorder_reply, hh, workorder=h2, content="已处理")
    # A direct answer at intake: the row without a department.
    with clock.frozen(at(2026, 3, 2, 10)):
        services.workorder_create(
            by=d, channel="hotline", type="consultation", content="咨询", requester=Requester(name="乙", phone="13700000001"), direct_answer="已解答"
        )
    # Received in February (outside the period), called back in March: the call counts, the case does not.
    old = case(at(2026, 2, 27, 9), dept=market)
    do(at(2026, 2, 27, 9, 30), services.workorder_sign, h, workorder=old)
    do(at(2026, 3, 2, 9), services.workorder_reply, h, workorder=old, content="已处理")
    do(at(2026, 3, 3, 9), services.workorder_follow_up, s, workorder=old, resolved=True, satisfaction="very_satisfied")
    return city


def figures(rows, name):
    return next(r for r in rows if r.department == name)


def test_hand_checked_figures_as_of_wednesday_noon(example):
    rows, total = stats.department_figures(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), as_of=T)
    m = figures(rows, "市市场监督管理局")
    assert (m.received, m.sign_due, m.signed_on_time, m.answer_due, m.answered_on_time, m.overdue_now) == (5, 4, 2, 3, 1, 1)
    assert (m.follow_ups, m.reached, m.resolved, m.rated, m.satisfied) == (3, 3, 2, 3, 2)
    assert (m.signed_on_time_rate, m.answered_on_time_rate, m.resolution_rate, m.satisfaction_rate) == (50.0, 33.3, 66.7, 66.7)
    h = figures(rows, "市住房和城乡建设局")
    assert (h.received, h.sign_due, h.signed_on_time, h.answer_due, h.answered_on_time, h.overdue_now) == (2, 2, 2, 2, 1, 1)
    assert (h.follow_ups, h.reached, h.resolution_rate, h.satisfaction_rate) == (1, 0, None, None)
    direct = figures(rows, "未派单/直接答复")
    assert (direct.received, direct.sign_due, direct.answer_due, direct.answered_on_time, direct.overdue_now) == (1, 0, 1, 1, 0)
    assert (total.received, total.sign_due, total.signed_on_time, total.answer_due, total.answered_on_time, total.overdue_now) == (8, 6, 4, 6, 3, 2)
    assert (total.follow_ups, total.reached, total.resolved, total.rated, total.satisfied) == (4, 3, 2, 3, 2)
    assert [r.department for r in rows] == ["市市场监督管理局", "市住房和城乡建设局", "未派单/直接答复"]


def test_the_same_period_as_of_the_end_of_the_month(example):
    rows, total = stats.department_figures(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), as_of=at(2026, 3, 31, 23))
    m = figures(rows, "市市场监督管理局")
    assert (m.sign_due, m.signed_on_time, m.answer_due, m.overdue_now) == (5, 2, 3, 1)  # M5's sign-for is now due and missed
    h = figures(rows, "市住房和城乡建设局")
    assert (h.answer_due, h.answered_on_time, h.overdue_now) == (2, 1, 0)  # H2 answered, late


def test_a_department_sees_only_its_own_figures(example):
    rows, total = stats.department_figures(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), as_of=T, scope=workorder_stats_scope(example.user("head")))
    assert [r.department for r in rows] == ["市市场监督管理局"] and total.received == 5
    rows, _ = stats.department_figures(
        start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), as_of=T, scope=workorder_stats_scope(example.user("street_handler"))
    )
    assert rows == []


def test_statistics_through_the_api_and_the_page(example, api, client):
    r = api("supervisor").get("/api/v1/workorders/stats?start=2026-03-01&end=2026-03-31&as_of=2026-03-25T12:00:00%2B08:00")
    assert r.status_code == 200
    body = r.json()
    assert body["total"]["received"] == 8 and body["total"]["answered_on_time_rate"] == 50.0
    assert [d["name"] for d in body["definitions"]] == ["受理量", "按时签收率", "按期办结率", "当前超期", "解决率", "满意率", "重办率", "退单率"]
    assert api("supervisor").get("/api/v1/workorders/stats?start=2026-04-01&end=2026-03-01").json()["code"] == "invalid_period"
    client.force_login(example.user("leader"))
    page = client.get("/staff/workorders/stats/?start=2026-03-01&end=2026-03-31&as_of=2026-03-25T12:00").content.decode()
    assert "市市场监督管理局" in page and "50.0%" in page and "指标口径" in page and "应签收数" in page
    assert 'name="as_of" value="2026-03-25T12:00"' in page  # the moment asked for is kept in the form
    # asked for no moment, the form leaves it blank, so that submitting it again asks for now
    assert 'name="as_of" value=""' in client.get("/staff/workorders/stats/?start=2026-03-01&end=2026-03-31").content.decode()


def _direct(start, end, now):
    """The figures counted from the cases, as the statistics did before the daily summary
    (当前超期 over every case, whatever the period)."""
    period = stats.counts(since=clock.start_of_day(start), until=min(clock.end_of_day(end), now), as_of=now, scope=Q())
    return stats._named([*period, *stats.overdue_rows(as_of=now, scope=Q())])


def _same(a, b):
    rows_a, total_a = a
    rows_b, total_b = b
    assert [r.as_dict() for r in rows_a] == [r.as_dict() for r in rows_b] and total_a.as_dict() == total_b.as_dict()


def test_figures_without_the_overdue_count_are_the_same_figures_with_it_at_zero(example):
    """For a series of periods that shows only rates (the cockpit's trend): 当前超期 is left
    out, every other figure is the same, before a refresh, after one, and as of a past moment."""
    march = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}

    def check(**kwargs):
        _, total = stats.department_figures(**march, **kwargs, overdue=False)
        _, full = stats.department_figures(**march, **kwargs)
        assert total.as_dict() == full.as_dict() | {"overdue_now": 0}
        return full

    with clock.frozen(at(2026, 4, 16, 12)):
        assert check().overdue_now > 0 and check().received > 0
        daily.refresh()
        assert check().overdue_now > 0
        check(as_of=T)


def test_the_daily_summary_gives_the_figures_counted_from_the_cases(example):
    """Before any refresh, right after one (every day from the summary), when a pending
    case's deadline has passed since (that day counted again), after a sign-for (its day
    counted again) and after the next refresh: always the direct count's figures."""
    march, year = (dt.date(2026, 3, 1), dt.date(2026, 3, 31)), (dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    def check(*moment):
        with clock.frozen(at(*moment)):
            for start, end in (march, year):
                _same(stats.department_figures(start=start, end=end), _direct(start, end, clock.now()))

    check(2026, 3, 27, 12)
    assert daily.refresh(now=at(2026, 3, 27, 12)) == 8  # the days with cases (6) or call-backs (3/3 and 3/24 among them, 3/9 and 3/11)
    assert daily.changed_days(at(2026, 3, 27, 11, 59, 30), at(2026, 3, 27, 13)) == set()
    check(2026, 3, 27, 13)
    # M4 (received 3/24, never signed) passes its answer deadline at the end of 4/15: that day goes stale.
    assert dt.date(2026, 3, 24) in daily.changed_days(at(2026, 3, 27, 11, 59, 30), at(2026, 4, 16, 12))
    check(2026, 4, 16, 12)
    m4 = WorkOrder.objects.get(received_at=at(2026, 3, 24, 16))
    do(at(2026, 4, 16, 12, 30), services.workorder_sign, example.user("handler"), workorder=m4)
    check(2026, 4, 16, 13)
    assert daily.refresh(now=at(2026, 4, 16, 13)) >= 1
    check(2026, 4, 16, 13, 30)
    with clock.frozen(at(2026, 4, 16, 13, 30)):
        assert daily.changed_days(at(2026, 4, 16, 12, 59, 30), clock.now()) == set()  # every day from the summary again


def test_a_year_reads_the_summary_in_a_handful_of_queries(example, django_assert_max_num_queries):
    daily.refresh(now=at(2026, 3, 27, 12))
    with (
        clock.frozen(at(2026, 3, 27, 12, 30)),
        django_assert_max_num_queries(7),
    ):  # the summary, its watermark and changed days, names, 当前超期 over every case
        rows, total = stats.department_figures(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert total.received == 9


def test_overdue_now_for_now_reads_the_unanswered_cases_and_agrees_with_the_definition(example, django_assert_num_queries):
    """For now, 当前超期 reads only the unanswered cases (nothing is answered in the future),
    and counts what the definition counts."""
    moment = at(2026, 3, 31, 23)  # after every act of the example
    with clock.frozen(moment), django_assert_num_queries(1) as captured:
        fast = stats.overdue_rows(as_of=clock.now(), scope=Q())
    assert '"replied_at" IS NULL' in captured.captured_queries[0]["sql"] and "OR" not in captured.captured_queries[0]["sql"]
    defined = WorkOrder.objects.filter(stats.overdue_now(moment)).values("department").annotate(n_overdue_now=Count("id")).order_by()
    assert sorted(fast, key=str) == sorted(defined, key=str) and sum(r["n_overdue_now"] for r in fast) == 1


def test_overdue_now_for_now_comes_from_the_summary_without_reading_the_backlog(example, django_assert_max_num_queries):
    """After a refresh, 当前超期 for now is the kept days' sum: no statement reads the overdue
    cases themselves, and the figure is the definition's (M3, overdue since 3/5)."""
    daily.refresh(now=at(2026, 3, 27, 12))
    with clock.frozen(at(2026, 3, 27, 12, 30)), django_assert_max_num_queries(7) as captured:
        rows, total = stats.department_figures(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    assert total.overdue_now == 1 and figures(rows, "市市场监督管理局").overdue_now == 1
    assert not any('"due_at" <=' in q["sql"] for q in captured.captured_queries)


def test_overdue_now_counts_a_row_kept_before_the_column_from_the_cases_until_the_next_refresh(example):
    """A kept row without 当前超期 (written before it was kept) makes its day count from the
    cases — the figure stays the definition's — and the next refresh fills it in."""
    from xiaoneng.workorders.models import DailyFigures

    daily.refresh(now=at(2026, 3, 27, 12))
    m3_day = dt.date(2026, 3, 3)
    DailyFigures.objects.filter(day=m3_day).update(overdue_now=None)
    with clock.frozen(at(2026, 3, 27, 12, 30)):
        assert m3_day in daily.changed_days(at(2026, 3, 27, 11, 59, 30), clock.now())
        _same(stats.department_figures(start=dt.date(2026, 3, 20), end=dt.date(2026, 3, 31)), _direct(dt.date(2026, 3, 20), dt.date(2026, 3, 31), clock.now()))
        assert stats.department_figures(start=dt.date(2026, 3, 20), end=dt.date(2026, 3, 31))[1].overdue_now == 1
    assert daily.refresh(now=at(2026, 3, 27, 13)) >= 1
    assert DailyFigures.objects.get(day=m3_day, department=example.dept("market")).overdue_now == 1
    assert not DailyFigures.objects.filter(overdue_now__isnull=True).exists()


def test_overdue_rows_for_a_moment_just_taken_reads_the_unanswered_cases(example, django_assert_num_queries):
    """A caller that took "now" a moment ago (the clock has moved on since) still reads along
    the unanswered cases' index when it says the moment is now."""
    moment = at(2026, 3, 31, 23)
    with clock.frozen(moment + dt.timedelta(seconds=1)), django_assert_num_queries(1) as captured:
        rows = stats.overdue_rows(as_of=moment, scope=Q(), current=True)
    assert "OR" not in captured.captured_queries[0]["sql"] and sum(r["n_overdue_now"] for r in rows) == 1
