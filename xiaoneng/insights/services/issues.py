"""Near-duplicates, hot issues and the problem register (难题库)."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from xiaoneng.clocks.models import Clock, ClockState
from xiaoneng.clocks.services import clock_move, clock_start, clock_stop
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.insights.access import access_problem_register
from xiaoneng.insights.codes import Action, Error
from xiaoneng.org.models import Department, Staff
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workdays.rules import WorkCalendar
from xiaoneng.workorders.models import LinkKind, Status, WorkOrder, WorkOrderLink
from xiaoneng.workorders.services import workorder_link

from .. import rules
from ..clustering import Message, clusters
from ..models import HotIssue, ProblemEntry, ProblemState

DUPLICATE_CANDIDATES = 500
HOT_ISSUES_KEPT = 50
LOCK_KEY = 7_826_011_606  # pg_advisory_xact_lock key of the hot-issue recomputation


def _case_text(title: str, content: str) -> str:
    return f"{title}\n{content}"


def duplicate_check(workorder_id: int) -> WorkOrderLink | None:
    """After intake: link a new case as a duplicate of the most similar case about the same
    problem at the same place received in the previous ``DUPLICATE_WINDOW_DAYS`` days (open,
    or closed within the window), through the work orders' own link service.  A case already
    linked is left alone, so a rerun does nothing."""
    wo = WorkOrder.objects.filter(pk=workorder_id).first()
    if wo is None or WorkOrderLink.objects.filter(source=wo, kind=LinkKind.DUPLICATE).exists():
        return None
    since = wo.received_at - dt.timedelta(days=rules.DUPLICATE_WINDOW_DAYS)
    candidates = (
        WorkOrder.objects.filter(received_at__gte=since, received_at__lte=wo.received_at)
        .exclude(pk=wo.pk)
        .exclude(status=Status.CLOSED, closed_at__lt=since)
        .order_by("-received_at")
        .values_list("id", "title", "content", "location_address", "area_id")[:DUPLICATE_CANDIDATES]
    )
    here = [
        (pk, _case_text(title, content)) for pk, title, content, address, area in candidates if rules.same_place(wo.area_id, area, wo.location_address, address)
    ]
    found = rules.most_similar(_case_text(wo.title, wo.content), here, rules.DUPLICATE_SIMILARITY)
    if found is None:
        return None
    best, best_score = WorkOrder.objects.get(pk=found[0]), found[1]
    with transaction.atomic():
        return workorder_link(by=None, source=wo, target=best, kind=LinkKind.DUPLICATE, note=f"系统识别的疑似重复件（相似度 {best_score:.0f}%）")


def _place(wo) -> str:
    return wo.location_address or (wo.area.name if wo.area_id else "")


def hot_issues_recompute(*, by, as_of: dt.datetime | None = None, days: int = rules.HOT_WINDOW_DAYS) -> list[HotIssue]:
    """热点问题: cluster the cases received in the ``days`` before ``as_of`` (now), rank
    the clusters and replace the previous results; issues on the problem register are kept.
    Safe to rerun and to run on two workers (serialised by an advisory lock on PostgreSQL)."""
    end = as_of or clock.now()
    start = end - dt.timedelta(days=days)
    cases = (
        WorkOrder.objects.filter(received_at__gte=start, received_at__lt=end)
        .select_related("area")
        .only("id", "title", "content", "location_address", "area__name", "received_at")
    )
    messages = [Message(id=wo.pk, title=wo.title, content=wo.content, at=wo.received_at, place=_place(wo)) for wo in cases]
    found = clusters(messages, start=start, end=end)[:HOT_ISSUES_KEPT]
    now = clock.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        HotIssue.objects.filter(problem__isnull=True).delete()
        issues = []
        for rank, c in enumerate(found, start=1):
            issue = HotIssue.objects.create(
                computed_at=now,
                window_start=start,
                window_end=end,
                rank=rank,
                title=c.title[:200],
                place=c.place[:200],
                first_at=c.first_at,
                last_at=c.last_at,
                size=c.size,
                recent=c.recent,
                earlier=c.earlier,
                support=c.support,
                score=c.score,
            )
            issue.workorders.set(c.members)
            issues.append(issue)
        after = {"window": [start, end], "cases": len(messages), "issues": len(issues)}
        audit.record(actor=by, action=Action.HOT_ISSUES_RECOMPUTE, subject="insights.hotissue", after=after)
    return issues


@transaction.atomic
def problem_register(
    *, by, title: str, leader: Staff, due_on: dt.date, description: str = "", department: Department | None = None, hot_issue: HotIssue | None = None
) -> ProblemEntry:
    """列入难题库: a problem many people report gets a responsible leader (包案领导) and a
    deadline.  From a hot issue, its cases come along and the issue is kept."""
    if not access_problem_register(by):
        raise Forbidden("只有效能办可以登记难题", code=Error.PROBLEM_FORBIDDEN)
    title = (title or (hot_issue.title if hot_issue else "")).strip()
    if not title or len(title) > 200:
        raise InvalidInput("请填写难题名称（不超过200字）", code=Error.INVALID_TITLE)
    if not leader.is_active or not leader.is_leader:
        raise InvalidInput("包案领导应为在岗的领导干部", code=Error.INVALID_LEADER)
    if due_on <= clock.today():
        raise InvalidInput("办结期限应晚于今天", code=Error.INVALID_DUE_ON)
    if hot_issue is not None:
        hot_issue = HotIssue.objects.select_for_update().get(pk=hot_issue.pk)
        if ProblemEntry.objects.filter(hot_issue=hot_issue).exists():
            raise Conflict("该热点问题已列入难题库", code=Error.ALREADY_REGISTERED)
    entry = ProblemEntry.objects.create(
        title=title,
        description=(description or "").strip(),
        place=hot_issue.place if hot_issue else "",
        leader=leader,
        department=department,
        due_on=due_on,
        hot_issue=hot_issue,
        created_at=clock.now(),
        created_by=by,
    )
    if hot_issue is not None:
        entry.workorders.set(hot_issue.workorders.all())
    # The due date is kept as a clock of as many working days, so a calendar change moves it.
    days = workdays.calendar().working_days_between(clock.today(), due_on)
    clock_start(by=by, subject=entry, kind=PROBLEM_KIND, started_on=clock.today(), working_days=days, department=department, responsible=leader.user)
    audit.record(
        actor=by,
        action=Action.PROBLEM_REGISTER,
        subject=entry,
        after={
            "title": title,
            "leader": leader.pk,
            "due_on": due_on,
            "department": department.pk if department else None,
            "hot_issue": hot_issue.pk if hot_issue else None,
        },
    )
    return entry


@transaction.atomic
def problem_solve(*, by, entry: ProblemEntry, note: str) -> ProblemEntry:
    """Mark a registered problem solved, with what was done."""
    if not access_problem_register(by):
        raise Forbidden("只有效能办可以办结难题", code=Error.PROBLEM_FORBIDDEN)
    note = (note or "").strip()
    if not note:
        raise InvalidInput("请填写解决情况", code=Shared.MISSING_NOTE)
    entry = ProblemEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.state != ProblemState.OPEN:
        raise Conflict("该难题已办结", code=Error.ALREADY_SOLVED)
    entry.state = ProblemState.SOLVED
    entry.save(update_fields=["state"])
    c = _clock(entry)
    if c is not None:
        clock_stop(by=by, clock_=c, note="难题已解决")
    audit.record(actor=by, action=Action.PROBLEM_SOLVE, subject=entry, before={"state": ProblemState.OPEN}, after={"state": ProblemState.SOLVED}, note=note)
    return entry


PROBLEM_KIND = "problem.due"
_RECOMPUTED = "工作日历更新，重新计算期限"


def _clock(entry: ProblemEntry) -> Clock | None:
    rows = Clock.objects.select_for_update().filter(subject_type="insights.problementry", subject_id=entry.pk, kind=PROBLEM_KIND)
    return rows.exclude(state=ClockState.STOPPED).first()


def problem_recompute(entry_id: int, cal: WorkCalendar, by) -> int:
    """The calendar changed: the 包案 deadline keeps its number of working days from the
    day it was registered; the entry's date follows its clock (audited)."""
    entry = ProblemEntry.objects.select_for_update().filter(pk=entry_id, state=ProblemState.OPEN).first()
    c = _clock(entry) if entry else None
    if c is None:
        return 0
    clock_move(by=by, clock_=c, working_days=c.working_days, reason=_RECOMPUTED, calendar=cal)
    if c.due_on == entry.due_on:
        return 0
    before = {"due_on": entry.due_on}
    entry.due_on = c.due_on
    entry.save(update_fields=["due_on"])
    audit.record(actor=by, action=Action.PROBLEM_RECOMPUTE, subject=entry, before=before, after={"due_on": entry.due_on}, note=_RECOMPUTED)
    return 1
