"""答复质量: each answer is scored when it is recorded; a low score goes to the supervision
office, which must look at it before the case can close."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from xiaoneng.core import audit, clock
from xiaoneng.core.errors import Conflict, Forbidden
from xiaoneng.insights.access import access_reply_review
from xiaoneng.insights.codes import Action, Error
from xiaoneng.notifications.models import Category
from xiaoneng.notifications.services import notify
from xiaoneng.org.models import Role

from .. import rules
from ..models import ReplyAssessment, ReviewState


def flag_below() -> float:
    return float(settings.XIAONENG.get("REPLY_FLAG_BELOW", rules.REPLY_FLAG_BELOW))


def _supervision_office():
    return get_user_model().objects.filter(staff__is_active=True, staff__role_grants__role=Role.SUPERVISOR).distinct()


def reply_assess(workorder, *, by) -> ReplyAssessment:
    """Score the answer just recorded on ``workorder`` (called in the reply's transaction by
    the work orders' reply check).  A flagged answer notifies the supervision office."""
    wo = workorder
    score = rules.score_reply(
        question=f"{wo.title}\n{wo.content}",
        reply=wo.reply_content,
        received_at=wo.received_at,
        replied_at=wo.replied_at or clock.now(),
        due_at=wo.due_at,
        flag_below=flag_below(),
    )
    state = ReviewState.PENDING if score.flagged else ReviewState.NOT_NEEDED
    fields = {
        "relevance": score.relevance,
        "completeness": score.completeness,
        "timeliness": score.timeliness,
        "overall": score.overall,
        "findings": score.findings,
        "state": state,
        "assessed_at": clock.now(),
        "reviewed_by": None,
        "reviewed_at": None,
        "review_note": "",
    }
    assessment, _ = ReplyAssessment.objects.update_or_create(workorder=wo, round=wo.round, defaults=fields)
    after = {"assessment": assessment.pk, "round": wo.round, "overall": score.overall, "state": state, "findings": score.findings}
    audit.record(actor=None, action=Action.REPLY_ASSESS, subject=wo, after=after)
    if score.flagged:
        notify(
            users=_supervision_office(),
            category=Category.WARNING,
            link=reverse("workorders:detail", args=[wo.pk]),
            text=f"工单 {wo.tracking_no} 的答复质量得分 {score.overall:.2f}（{'；'.join(score.findings) or '低于标准'}），请审核后再办结。",
        )
    return assessment


def close_blocker(workorder) -> str | None:
    """Why ``workorder`` cannot close yet: its answer in this round was flagged and the
    supervision office has not reviewed it."""
    if ReplyAssessment.objects.filter(workorder=workorder, round=workorder.round, state=ReviewState.PENDING).exists():
        return "答复质量得分偏低，已提交效能办审核，审核通过后才能办结（或重办）"
    return None


@transaction.atomic
def reply_review_accept(*, by, assessment: ReplyAssessment, note: str) -> ReplyAssessment:
    """The supervision office accepts a flagged answer (the case may then close); to reject
    it, the office reopens the case instead."""
    if not access_reply_review(by):
        raise Forbidden("只有效能办可以审核答复质量", code=Error.REPLY_REVIEW_FORBIDDEN)
    a = ReplyAssessment.objects.select_for_update().get(pk=assessment.pk)
    if a.state != ReviewState.PENDING:
        raise Conflict("该答复不在待审核状态", code=Error.NOT_PENDING)
    note = (note or "").strip()[:1000]
    a.state, a.reviewed_by, a.reviewed_at, a.review_note = ReviewState.ACCEPTED, by, clock.now(), note
    a.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    after = {"assessment": a.pk, "state": a.state}
    audit.record(actor=by, action=Action.REPLY_REVIEW_ACCEPT, subject=a.workorder, before={"state": ReviewState.PENDING}, after=after, note=note)
    return a
