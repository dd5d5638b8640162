"""差评整改: verify (核实), rectify (整改) within the configured working days, call the rater
back (回访) within a working day of the rectification.  Each deadline is a clock, so the
sweeper cards it like every other (notice → yellow → red)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from xiaoneng.clocks.services import clock_start, clock_stop
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden
from xiaoneng.core.transitions import lock, transition
from xiaoneng.core.validators import required_text
from xiaoneng.notifications.models import Category
from xiaoneng.notifications.services import notify
from xiaoneng.org.selectors import department_heads

from .. import access
from ..codes import Action
from ..models.ratings import Rating, RatingPolicy, Rectification
from ..rules import RECTIFICATION_TRANSITIONS, RectificationStatus
from .common import CALLBACK, RECTIFY, rating_policy
from .follow_ups import rating_follow_up


def rectification_open(*, by, rating: Rating, policy: RatingPolicy) -> Rectification:
    """A bad review becomes a rectification case for the rated department, due
    ``rectification_days`` working days after the day of the review (that day is day zero)."""
    now = clock.now()
    rect = Rectification.objects.create(rating=rating, department=rating.department, working_days=policy.rectification_days, opened_at=now, updated_at=now)
    started_on = clock.local(rating.rated_at).date()
    c = clock_start(by=by, subject=rect, kind=RECTIFY, started_on=started_on, working_days=policy.rectification_days, department=rating.department)
    rect.clock = c
    rect.save(update_fields=["clock"])
    audit.record(
        actor=by, action=Action.RECTIFICATION_OPEN, subject=rect, after={"rating": rating.pk, "due_on": c.due_on, "working_days": policy.rectification_days}
    )
    _notify_bad_review(rating, rect)
    return rect


def _guard(by, rect: Rectification) -> Rectification:
    if not access.access_handle_rectification(by, rect):
        raise Forbidden("只有被评价部门和效能办可以办理差评整改", code=Shared.FORBIDDEN)
    return lock(rect)


@transaction.atomic
def rectification_verify(*, by, rectification: Rectification, substantiated: bool, findings: str) -> Rectification:
    """核实: whether the review is borne out, and what was found."""
    rect = _guard(by, rectification)
    return transition(
        rect,
        to=RectificationStatus.RECTIFYING,
        by=by,
        allowed=RECTIFICATION_TRANSITIONS,
        action=Action.RECTIFICATION_VERIFY,
        changes={"substantiated": bool(substantiated), "verification": required_text(findings, "核实情况"), "verified_at": clock.now(), "verified_by": by},
    )


@transaction.atomic
def rectification_rectify(*, by, rectification: Rectification, measures: str) -> Rectification:
    """整改: what was done (or, for a review not borne out, the explanation given).  Stops the
    rectification clock and starts the call-back clock (1 working day by default)."""
    rect = _guard(by, rectification)
    measures = required_text(measures, "整改措施")
    policy = rating_policy()
    clock_stop(by=by, clock_=lock(rect.clock), note="整改完成")
    callback = clock_start(
        by=by, subject=rect, kind=CALLBACK, started_on=clock.today(), working_days=policy.callback_days, department=rect.department, responsible=by
    )
    return transition(
        rect,
        to=RectificationStatus.CALLBACK,
        by=by,
        allowed=RECTIFICATION_TRANSITIONS,
        action=Action.RECTIFICATION_RECTIFY,
        changes={"measures": measures, "rectified_at": clock.now(), "rectified_by": by, "callback_clock": callback},
    )


@transaction.atomic
def rectification_callback(
    *, by, rectification: Rectification, reached: bool, note: str, follow_up_level: int | None = None, follow_up_comment: str = ""
) -> Rectification:
    """回访: the rater is told what was done; if they give a follow-up rating (追评) on the
    call it is recorded once."""
    rect = _guard(by, rectification)
    note = required_text(note, "回访情况")
    clock_stop(by=by, clock_=lock(rect.callback_clock), note="已回访")
    rect = transition(
        rect,
        to=RectificationStatus.DONE,
        by=by,
        allowed=RECTIFICATION_TRANSITIONS,
        action=Action.RECTIFICATION_CALLBACK,
        changes={"rater_reached": bool(reached), "callback_note": note, "called_back_at": clock.now(), "called_back_by": by},
    )
    if follow_up_level is not None:
        rect.rating.rectification = rect
        rating_follow_up(by=by, rating=rect.rating, level=follow_up_level, comment=follow_up_comment)
    return rect


def rectification_end(*, by, rating: Rating, note: str) -> None:
    """An upheld appeal ends the rectification; its running clocks stop (on time if they had
    not yet passed)."""
    rect = Rectification.objects.select_for_update().filter(rating=rating).first()
    if rect is None or rect.status in (RectificationStatus.DONE, RectificationStatus.ENDED):
        return
    for c in (rect.clock, rect.callback_clock):
        if c is not None and c.state != "stopped":
            clock_stop(by=by, clock_=lock(c), note=note)
    transition(rect, to=RectificationStatus.ENDED, by=by, allowed=RECTIFICATION_TRANSITIONS, action=Action.RECTIFICATION_CLOSE, note=note)


def _notify_bad_review(rating: Rating, rect: Rectification) -> None:
    """The rated department's heads hear of the case in the same transaction that opens it, so
    the notice is stored (and its SMS copy queued through the outbox) or neither is."""
    heads = [s.user for s in department_heads(rating.department).select_related("user")]
    notify(
        users=heads,
        category=Category.ORDER,
        text=f"差评转办：{rating.subject_number}（{rating.get_level_display()}），请按期核实整改并回访。",
        link=reverse("evaluation:rectification", args=[rect.pk]),
    )
