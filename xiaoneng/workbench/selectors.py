"""What the workbench's three tabs list for the signed-in person, whatever their role:

- 待办: the open deadlines they or their department answer for (``clocks.selectors``);
- 已办: the cases and records they acted on lately, read from the audit log (the last action
  on each);
- 我发起的: what they registered, received, issued or drafted (the audit records of the
  actions that bring a case or record into being)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xiaoneng.accountability.codes import Action as Faults
from xiaoneng.applications.codes import Action as Applications
from xiaoneng.clocks import registry as clock_registry
from xiaoneng.core import clock
from xiaoneng.core.codes import action_label
from xiaoneng.core.models import AuditRecord
from xiaoneng.evaluation.codes import Action as Evaluation
from xiaoneng.insights.codes import Action as Insights
from xiaoneng.inspections.codes import Action as Inspections
from xiaoneng.supervision.codes import Action as Supervision
from xiaoneng.workorders.codes import Action as WorkOrders

ORIGINATING = [
    WorkOrders.CREATE,
    Applications.SUBMIT,
    Applications.RECEIVE,
    Applications.INQUIRY_RECORD,
    Faults.FAULT_RECORD,
    Supervision.ORDER_ISSUE,
    Supervision.LIST_ENTRY_DRAFT,
    Supervision.BULLETIN_ISSUE,
    Inspections.PLAN_CREATE,
    Inspections.FINDING_RECORD,
    Insights.PROBLEM_REGISTER,
    Evaluation.COMMITMENT_CREATE,
    Evaluation.POLICY_CREATE,
]
DONE_DAYS = 30
TABS = {"todo": "待办", "done": "已办", "mine": "我发起的"}


@dataclass
class Entry:
    subject_type: str
    subject_id: str
    at: dt.datetime
    label: str
    subject_name: str = ""
    url: str | None = None


def _entries(records, limit: int) -> list[Entry]:
    """The newest record of each subject, at most ``limit`` subjects, named and linked."""
    seen, out = set(), []
    for r in records:
        key = (r.subject_type, r.subject_id)
        if key not in seen:
            seen.add(key)
            out.append(Entry(r.subject_type, r.subject_id, r.at, action_label(r.action)))
        if len(out) == limit:
            break
    for e in clock_registry.named(out):
        e.url = clock_registry.subject_url(e.subject_type, e.subject_id)
    return out


def _acted(user):
    return AuditRecord.objects.filter(actor=user, subject_type__in=clock_registry.subject_types())


def done_by(user, *, limit: int = 20) -> list[Entry]:
    since = clock.now() - dt.timedelta(days=DONE_DAYS)
    records = _acted(user).filter(at__gte=since).exclude(action__in=ORIGINATING).order_by("-id").only("subject_type", "subject_id", "at", "action")
    return _entries(records[: limit * 10], limit)


def initiated_by(user, *, limit: int = 20) -> list[Entry]:
    records = _acted(user).filter(action__in=ORIGINATING).order_by("-id").only("subject_type", "subject_id", "at", "action")
    return _entries(records[: limit * 2], limit)


def tab_counts(user, open_count: int) -> dict[str, int]:
    """How many entries each tab holds: open deadlines, subjects acted on in the last
    ``DONE_DAYS`` days, and everything the person brought into being."""
    since = clock.now() - dt.timedelta(days=DONE_DAYS)
    done = _acted(user).filter(at__gte=since).exclude(action__in=ORIGINATING).values("subject_type", "subject_id").distinct().count()
    mine = _acted(user).filter(action__in=ORIGINATING).values("subject_type", "subject_id").distinct().count()
    return {"todo": open_count, "done": done, "mine": mine}
