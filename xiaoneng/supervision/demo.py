"""The demo city's electronic supervision.  After the service hall and work-order loaders the
sweeper simply runs over the clocks they created; on a database without any clocks it first
starts a few of its own (real clock kinds, deadlines due soon, just missed and long missed,
some finished late) so that every page has something to show."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from xiaoneng.clocks.models import Clock
from xiaoneng.clocks.services import clock_start, clock_stop
from xiaoneng.core import clock
from xiaoneng.workdays import selectors as workdays

from . import services
from .defaults import seed_rules
from .models import Level, Warning
from .sweep import warnings_sweep

# (kind, subject type, department code, responsible username or None, working days, due: working days from today, stopped late?)
DEMO_CLOCKS = [
    ("application.decision", "applications.application", "scjg", "handler", 20, 1, False),
    ("application.decision", "applications.application", "scjg", "handler", 20, -9, False),
    ("application.decision", "applications.application", "scjg", None, 20, -2, False),
    ("application.acceptance", "applications.application", "zwfw-scjg", "window", 5, 0, False),
    ("application.joint_review", "applications.application", "zjj", None, 10, -6, False),
    ("application.certificate", "applications.application", "xzsp", None, 10, -12, True),
    ("workorder.sign", "workorders.workorder", "cgj", None, 1, -1, False),
    ("workorder.handle", "workorders.workorder", "scjg", "head", 15, -15, False),
    ("workorder.handle", "workorders.workorder", "zjj", None, 15, 2, False),
    ("workorder.handle", "workorders.workorder", "lixia", None, 10, -25, True),
    ("workorder.feedback", "workorders.workorder", "rexian", "dispatcher", 1, -3, False),
    ("workorder.handle", "workorders.workorder", "shizhong", None, 15, -30, True),
]
DEMO_SUBJECT_BASE = 900_000


def ensure_defaults() -> None:
    """The configuration rows migrations seed (a test run may have emptied the tables)."""
    from xiaoneng.accountability.defaults import seed_conduct, seed_ladders
    from xiaoneng.inspections.defaults import seed_categories

    get = apps.get_model
    seed_rules(get("supervision", "SupervisionRule"), clock.now())
    seed_conduct(get("accountability", "ProhibitedConduct"))
    seed_ladders(get("accountability", "SanctionLadder"), get("accountability", "SanctionStep"), clock.now())
    seed_categories(get("inspections", "FindingCategory"), get("accountability", "ProhibitedConduct"))


def _shift(day: dt.date, working_days: int) -> dt.date:
    """The working day ``working_days`` away from ``day`` (negative: back)."""
    cal = workdays.calendar()
    step = dt.timedelta(days=1 if working_days >= 0 else -1)
    while working_days:
        day += step
        if cal.is_working_day(day):
            working_days -= 1 if working_days > 0 else -1
    return day


def _demo_clocks(city: dict) -> None:
    today = clock.today()
    for n, (kind, subject_type, dept, who, days, due_in, late) in enumerate(DEMO_CLOCKS, start=1):
        due_on = _shift(today, due_in)
        started_on = _shift(due_on, -days)
        with clock.frozen(clock.start_of_day(started_on) + dt.timedelta(hours=9)):
            c = clock_start(
                by=None,
                subject=(subject_type, DEMO_SUBJECT_BASE + n),
                kind=kind,
                started_on=started_on,
                working_days=days,
                department=city["departments"][dept],
                responsible=city["staff"][who].user if who else None,
            )
        if late:  # finished a few working days after the deadline
            with clock.frozen(clock.start_of_day(_shift(due_on, 4)) + dt.timedelta(hours=15)):
                clock_stop(by=None, clock_=c, note="已办结（超期）")


def load(city: dict) -> None:
    ensure_defaults()
    staff = city["staff"]
    admin, supervisor, leader, head = (staff[u].user for u in ("admin", "supervisor", "leader", "head"))
    for code in ("scjg", "xzsp", "zwfw"):
        services.oversight_assign(by=admin, leader=staff["leader"], department=city["departments"][code])
    if not Clock.objects.exists():
        _demo_clocks(city)
    warnings_sweep(by=supervisor)

    yellow = Warning.objects.filter(level=Level.YELLOW, resolved_at__isnull=True, department__code="scjg").order_by("id").first()
    if yellow is not None:
        order = services.order_issue(
            by=supervisor,
            department=yellow.department,
            warning=yellow,
            working_days=3,
            responsible=staff["handler"].user,
            instructions="该事项已超过办理时限，请于三个工作日内办结，并书面说明超期原因和整改措施。",
        )
        services.order_answer(by=head, order=order, answer="已组织专人办理，预计两个工作日内办结；超期原因系材料核验等待外单位回函，已建立催办机制。")

    d = city["departments"]
    entries = [
        (
            "honour",
            "department",
            d["xzsp"],
            "市行政审批服务局推行“一窗通办”",
            "市行政审批服务局整合23个事项进驻综合窗口，企业开办压缩至1个工作日，本季度电子监察零红牌。",
            True,
        ),
        ("honour", "window", d["zwfw-bdc"], "不动产登记窗口延时服务获企业点赞", "不动产登记窗口推行午间和周末预约服务，群众满意率达99.6%。", True),
        (
            "shame",
            "window",
            d["zwfw-zhsl"],
            "综合受理窗口多次“一次性告知”不到位",
            "暗访发现综合受理窗口对同一申请人先后三次要求补正材料，违反一次性告知制度，已责令整改并追究责任。",
            True,
        ),
        (
            "shame",
            "department",
            d["zjj"],
            "市住建局并联审批会审超期",
            "市住建局在并联审批中未在规定时限内出具会审意见，电子监察亮红牌，已约谈分管负责人。",
            False,
        ),
    ]
    for kind, target, dept, title, summary, publish in entries:
        entry = services.list_entry_draft(
            by=supervisor,
            kind=kind,
            target=target,
            department=dept,
            title=title,
            summary=summary,
            period=f"{clock.today():%Y}年第{(clock.today().month - 1) // 3 + 1}季度",
        )
        services.list_entry_submit(by=supervisor, entry=entry)
        if publish:
            services.list_entry_decide(by=leader, entry=entry, approve=True, note="同意发布")


def load_bulletin(city: dict) -> None:
    """Last month's bulletin, after the other loaders recorded faults and sanctions."""
    last_month = (clock.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    services.bulletin_issue(by=city["staff"]["supervisor"].user, month=last_month)
