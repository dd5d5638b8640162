"""Reads of the analysis package."""

from __future__ import annotations

from django.db.models import Count, F, QuerySet

from xiaoneng.workorders.models import Status, WorkOrder

from .models import HotIssue, ProblemEntry, ReplyAssessment, ReviewState


def training_cases(limit: int) -> tuple[list[str], list[str]]:
    """The ``limit`` most recent closed cases' title and content, labelled with their final
    responsible department."""
    closed = WorkOrder.objects.filter(status=Status.CLOSED, department__isnull=False).order_by("-id")
    rows = closed.values_list("title", "content", "department__code")[:limit]
    texts, labels = [], []
    for title, content, code in rows.iterator(chunk_size=2000):
        texts.append(f"{title}\n{content}")
        labels.append(code)
    return texts, labels


def hot_issues() -> QuerySet[HotIssue]:
    return HotIssue.objects.select_related("problem").annotate(cases=Count("workorders")).order_by("rank", "id")


def problems() -> QuerySet[ProblemEntry]:
    return ProblemEntry.objects.select_related("leader", "department", "hot_issue").annotate(cases=Count("workorders"))


def pending_reviews() -> QuerySet[ReplyAssessment]:
    """Flagged answers of the current round still waiting for the supervision office."""
    pending = ReplyAssessment.objects.filter(state=ReviewState.PENDING, round=F("workorder__round"))
    return pending.select_related("workorder", "workorder__department").order_by("assessed_at")
