"""追评: the rater's second word after a bad review was rectified and called back."""

from __future__ import annotations

from django.db import transaction

from xiaoneng.core import audit, clock
from xiaoneng.core.errors import Conflict
from xiaoneng.core.transitions import lock

from .. import access
from ..codes import Action, Error
from ..models.ratings import Channel, Rating
from .served import _may_rate, channel_of, level_of, served_case


def _follow_up_allowed(rating: Rating) -> None:
    rect = getattr(rating, "rectification", None)
    if rect is None or rect.called_back_at is None or rating.follow_up_at is not None:
        raise Conflict("只有已整改并回访的差评可以追评，且只能追评一次", code=Error.FOLLOW_UP_NOT_ALLOWED)


@transaction.atomic
def rating_follow_up(*, by, rating: Rating, level, comment: str = "", channel=Channel.PHONE, query_code: str | None = None) -> Rating:
    """追评: after the rectification and the call-back the rater may rate once more.  The
    first rating stays what it was (the statistics count it); the follow-up shows whether the
    rectification satisfied them."""
    rating = lock(rating)
    _follow_up_allowed(rating)
    served = served_case(rating.subject_type, rating.subject_id)
    channel, level = channel_of(channel), level_of(level)
    if channel not in access.SELF_CHANNELS and access.access_handle_rectification(by, rating.rectification):
        pass  # the department's or office's call-back records what the rater said
    else:
        _may_rate(by, served, channel, query_code, False)
    before = audit.snapshot(rating, ["follow_up_level", "follow_up_at"])
    rating.follow_up_level, rating.follow_up_comment, rating.follow_up_at = level, (comment or "").strip()[:2000], clock.now()
    rating.save(update_fields=["follow_up_level", "follow_up_comment", "follow_up_at"])
    audit.record(actor=by, action=Action.RATING_FOLLOW_UP, subject=rating, before=before, after=audit.snapshot(rating, ["follow_up_level", "follow_up_at"]))
    return rating
