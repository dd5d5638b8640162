"""The statutory clock as tables of real dates (国办发明电〔2024〕12号 for 2025,
国办发明电〔2025〕7号 for 2026; 2027 not yet published, so weekends only and provisional).
Pure: the calendar is built from the chinesecalendar package, no database.

2025 weekdays off: 1/1; 1/28–31, 2/3–4; 4/4; 5/1, 5/2, 5/5; 6/2; 10/1–3, 10/6–8.
2025 weekend days worked: 1/26 (日), 2/8 (六), 4/27 (日), 9/28 (日), 10/11 (六).
2026 weekdays off: 1/1–2; 2/16–20, 2/23; 4/6; 5/1, 5/4–5; 6/19; 9/25; 10/1–2, 10/5–7.
2026 weekend days worked: 1/4 (日), 2/14 (六), 2/28 (六), 5/9 (六), 9/20 (日), 10/10 (六).
"""

import datetime as dt

import pytest

from xiaoneng.applications import rules
from xiaoneng.applications.models import Status
from xiaoneng.applications.rules import Facts, Period
from xiaoneng.workdays.models import DayKind
from xiaoneng.workdays.rules import WorkCalendar
from xiaoneng.workdays.services import package_schedule

D = dt.date


def _calendar() -> WorkCalendar:
    days = [day for year in package_schedule().values() for day in year]
    return WorkCalendar(
        [d for d, kind, _ in days if kind == DayKind.HOLIDAY],
        [d for d, kind, _ in days if kind == DayKind.WORKDAY],
        {d.year for d, _, _ in days},
    )


CAL = _calendar()


ACCEPTANCE = [
    # received (weekday)      5 working days later     why
    (D(2026, 3, 2), D(2026, 3, 9)),  # 周一 → 下周一
    (D(2025, 9, 26), D(2025, 10, 10)),  # 周五；9月28日 周日上班；国庆 10月1–8日
    (D(2026, 2, 13), D(2026, 2, 27)),  # 周五；2月14日 周六上班；春节 2月15–23日
    (D(2025, 12, 31), D(2026, 1, 8)),  # 元旦 1月1–3日；1月4日 周日上班
    (D(2026, 9, 30), D(2026, 10, 13)),  # 国庆 10月1–7日；10月10日 周六上班
    (D(2026, 11, 21), D(2026, 11, 27)),  # 周六收件，周一起算
    (D(2025, 1, 23), D(2025, 2, 6)),  # 春节 1月28日–2月4日；1月26日 周日上班
    (D(2025, 4, 25), D(2025, 5, 6)),  # 4月27日 周日上班；劳动节 5月1–5日
]


@pytest.mark.parametrize("received,due", ACCEPTANCE)
def test_acceptance_window_is_five_working_days(received, due):
    result = rules.acceptance_due(CAL, received)
    assert result.due == due and not result.provisional


def test_acceptance_window_into_an_unpublished_year_is_provisional():
    result = rules.acceptance_due(CAL, D(2026, 12, 31))
    # 2027 is not published: 1月1日 (周五) counts as a working day for now.
    assert result.due == D(2027, 1, 7) and result.provisional


DECISION = [
    # accepted       limit  legal due            why
    (D(2026, 3, 2), 20, D(2026, 3, 30)),  # an ordinary month
    (D(2026, 9, 21), 20, D(2026, 10, 26)),  # 中秋 9月25日，国庆 10月1–7日，10月10日 周六上班
    (D(2026, 2, 9), 20, D(2026, 3, 13)),  # 春节；2月14日、2月28日 周六上班
    (D(2025, 12, 15), 20, D(2026, 1, 13)),  # 跨年：元旦 1月1–3日，1月4日 周日上班
    (D(2025, 12, 15), 10, D(2025, 12, 29)),
    (D(2025, 12, 15), 30, D(2026, 1, 27)),  # 20 + 延期 10
    (D(2026, 1, 5), 45, D(2026, 3, 13)),  # 并联审批 45 日，跨春节
    (D(2025, 1, 23), 20, D(2025, 2, 26)),  # 2025 春节；1月26日 周日、2月8日 周六上班
    (D(2025, 5, 26), 10, D(2025, 6, 10)),  # 端午 5月31日–6月2日
    (D(2025, 9, 22), 20, D(2025, 10, 24)),  # 9月28日 周日上班；国庆中秋 10月1–8日；10月11日 周六上班
]


@pytest.mark.parametrize("accepted,limit,due", DECISION)
def test_decision_due_without_excluded_periods(accepted, limit, due):
    assert rules.count_due(CAL, accepted, limit).due == due
    assert CAL.add_working_days(accepted, limit).due == due


EXCLUDED = [
    # accepted, limit, periods, legal due, excluded working days (those that moved it), why
    (D(2026, 9, 21), 20, [(D(2026, 9, 29), D(2026, 10, 9))], D(2026, 10, 30), 4, "检测跨国庆：期内工作日只有9月29、30日和10月8、9日"),
    (D(2026, 9, 21), 20, [(D(2026, 10, 22), D(2026, 11, 4))], D(2026, 11, 9), 10, "鉴定跨过原到期日10月26日：剩余3个工作日从11月4日之后起算"),
    (D(2026, 9, 21), 20, [(D(2026, 10, 27), D(2026, 10, 30))], D(2026, 10, 26), 0, "期间在到期日之后：不影响"),
    (D(2026, 2, 9), 20, [(D(2026, 2, 12), D(2026, 2, 14))], D(2026, 3, 18), 3, "检验含2月14日（周六调休上班）：3个工作日"),
    (D(2026, 2, 9), 20, [(D(2026, 2, 15), D(2026, 2, 23))], D(2026, 3, 13), 0, "期间恰为春节假期：不含工作日，到期日不变"),
    (D(2026, 9, 21), 20, [(D(2026, 9, 22), D(2026, 9, 22)), (D(2026, 10, 12), D(2026, 10, 13))], D(2026, 10, 29), 3, "两段：9月22日1天，10月12–13日2天"),
    (D(2025, 12, 15), 20, [(D(2025, 12, 29), D(2026, 1, 5))], D(2026, 1, 20), 5, "跨年听证：12月29–31日、1月4日（周日上班）、1月5日"),
    (D(2025, 1, 23), 20, [(D(2025, 1, 27), D(2025, 2, 6))], D(2025, 3, 3), 3, "检验跨2025年春节：期内工作日只有1月27日、2月5日、2月6日"),
]


@pytest.mark.parametrize("accepted,limit,periods,due,excluded,why", EXCLUDED)
def test_excluded_periods_move_the_due_date(accepted, limit, periods, due, excluded, why):
    spans = [Period(start, end) for start, end in periods]
    result = rules.count_due(CAL, accepted, limit, spans)
    assert result.due == due, why
    assert sum(rules.excluded_working_days(CAL, p, accepted, result.due) for p in spans) == excluded, why
    # The moved due date is the original one moved by exactly the working days excluded.
    assert CAL.working_days_between(CAL.add_working_days(accepted, limit).due, result.due) == excluded, why


def test_an_unfinished_period_does_not_move_the_due_date_yet():
    assert rules.count_due(CAL, D(2026, 9, 21), 20, [Period(D(2026, 9, 29), None)]).due == D(2026, 10, 26)


def test_excluded_days_count_only_after_day_zero():
    period = Period(D(2026, 9, 21), D(2026, 9, 23))  # starts on the acceptance day itself
    assert rules.excluded_working_days(CAL, period, D(2026, 9, 21), D(2026, 10, 30)) == 2


CERTIFICATE = [
    (D(2026, 9, 30), D(2026, 10, 20)),  # 国庆；10月10日 周六上班
    (D(2026, 3, 13), D(2026, 3, 27)),
    (D(2025, 12, 26), D(2026, 1, 12)),  # 元旦；1月4日 周日上班
    (D(2025, 4, 25), D(2025, 5, 13)),  # 4月27日 周日上班；劳动节 5月1–5日
]


@pytest.mark.parametrize("decided,due", CERTIFICATE)
def test_certificate_due_ten_working_days_after_approval(decided, due):
    assert rules.certificate_due(CAL, decided).due == due


def test_year_end_into_an_unpublished_year_is_provisional():
    result = rules.count_due(CAL, D(2026, 12, 21), 20)
    # 2027年1月1日 (周五) counts until the State Council publishes 2027.
    assert result.due == D(2027, 1, 18) and result.provisional
    assert not rules.count_due(CAL, D(2026, 11, 2), 20).provisional


def test_schedule_extension_moves_legal_only_and_periods_move_both():
    facts = Facts(
        status=Status.ACCEPTED,
        received_on=D(2025, 12, 12),
        accepted_on=D(2025, 12, 15),
        legal_limit_days=20,
        committed_limit_days=10,
        extension_days=10,
        periods=(Period(D(2025, 12, 22), D(2025, 12, 23)),),
        joint_limits={7: 5},
    )
    s = rules.schedule(CAL, facts)
    assert s.acceptance.due == D(2025, 12, 19)
    assert s.legal.due == D(2026, 1, 29)  # 20 + 10 + 2 excluded
    assert s.committed.due == D(2025, 12, 31)  # 10 + 2 excluded; the extension does not move the promise
    assert s.joint[7].due == D(2025, 12, 24)  # 5 + 2 excluded
    assert s.certificate is None
    assert s.next_due(Status.ACCEPTED) == D(2025, 12, 31)
    assert s.next_due(Status.RECEIVED) == D(2025, 12, 19)
    assert s.next_due(Status.DENIED) is None


def test_schedule_before_acceptance_has_only_the_notice_window():
    s = rules.schedule(CAL, Facts(status=Status.RECEIVED, received_on=D(2026, 3, 2), legal_limit_days=20, committed_limit_days=10))
    assert (s.acceptance.due, s.legal, s.committed, s.next_due(Status.RECEIVED)) == (D(2026, 3, 9), None, None, D(2026, 3, 9))


def test_schedule_certificate_after_approval_only():
    base = dict(received_on=D(2026, 9, 1), accepted_on=D(2026, 9, 1), legal_limit_days=20, committed_limit_days=10, decided_on=D(2026, 9, 30))
    assert rules.schedule(CAL, Facts(status=Status.APPROVED, **base)).certificate.due == D(2026, 10, 20)
    assert rules.schedule(CAL, Facts(status=Status.DEEMED_APPROVED, **base)).certificate.due == D(2026, 10, 20)
    assert rules.schedule(CAL, Facts(status=Status.DENIED, **base)).certificate is None


def test_every_status_is_in_the_transition_table_and_closed_ones_lead_nowhere():
    assert set(rules.TRANSITIONS) == set(Status.values)
    for closed in (Status.DENIED, Status.NOT_ACCEPTED, Status.COMPLETED_ON_SPOT, Status.WITHDRAWN):
        assert rules.TRANSITIONS[closed] == set()
    assert Status.DEEMED_APPROVED not in rules.TRANSITIONS[Status.SUSPENDED]  # a paused clock cannot run out
    for _, statuses in rules.ACTIONS.values():
        assert statuses <= set(Status.values)


@pytest.mark.parametrize(
    "action,status,allowed",
    [
        ("review", Status.RECEIVED, True),
        ("review", Status.ACCEPTED, False),
        ("correct", Status.AWAITING_CORRECTION, True),
        ("decide", Status.ACCEPTED, True),
        ("decide", Status.SUSPENDED, False),
        ("decide", Status.APPROVED, False),
        ("extend", Status.SUSPENDED, True),
        ("extend", Status.RECEIVED, False),
        ("deliver", Status.DEEMED_APPROVED, True),
        ("withdraw", Status.DENIED, False),
    ],
)
def test_actions_by_status(action, status, allowed):
    assert rules.action_allowed(action, status) is allowed


@pytest.mark.parametrize(
    "due,done,as_of,expected",
    [
        (D(2026, 3, 30), None, D(2026, 3, 30), False),  # the due day itself is still in time
        (D(2026, 3, 30), None, D(2026, 3, 31), True),
        (D(2026, 3, 30), D(2026, 3, 30), D(2026, 4, 30), False),
        (D(2026, 3, 30), D(2026, 4, 2), D(2026, 4, 30), True),  # decided late
        (D(2026, 3, 30), D(2026, 4, 2), D(2026, 3, 20), False),  # as of a moment before it was late
        (None, None, D(2026, 4, 30), False),
    ],
)
def test_overdue(due, done, as_of, expected):
    assert rules.overdue(due, done, as_of) is expected


def test_missing_materials_keeps_catalogue_order():
    assert rules.missing_materials(["M1", "M2", "M3"], ["M3", "M9"]) == ["M1", "M2"]


@pytest.mark.parametrize(
    "outcome,kw,problem",
    [
        ("answered", {"answer": "已解答"}, None),
        ("answered", {"answer": " "}, "答复"),
        ("notice_given", {"answer": "需带身份证原件"}, None),
        ("handed_over", {"handed_to": True}, None),
        ("handed_over", {}, "接手"),
        ("referred", {"referred_to": "市公安局出入境管理支队"}, None),
        ("referred", {}, "单位"),
        ("", {}, "不归我管"),
        ("not_my_business", {"answer": "x"}, "办理结果"),
    ],
)
def test_inquiry_outcomes(outcome, kw, problem):
    result = rules.inquiry_outcome_problem(outcome, answer=kw.get("answer", ""), handed_to=kw.get("handed_to", False), referred_to=kw.get("referred_to", ""))
    assert (result is None) if problem is None else (problem in result)
