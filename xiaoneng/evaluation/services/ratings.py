"""好差评: submitting a rating, the default after the window, follow-up ratings, appeals,
the city's rules and imports from a provincial platform."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from xiaoneng.applications.models import Application
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from xiaoneng.core.people import person
from xiaoneng.core.transitions import lock, transition
from xiaoneng.core.validators import required_text
from xiaoneng.workorders.models import Status as WoStatus
from xiaoneng.workorders.models import WorkOrder
from xiaoneng.workorders.numbers import tracking_number

from .. import access, gbt39046
from ..codes import Action, Error
from ..models.ratings import Appeal, AppealGrounds, Channel, Rating, RatingPolicy, SubjectType
from ..rules import APPEAL_TRANSITIONS, AppealStatus, Level, is_bad
from .common import division_code, rating_policy
from .rectifications import rectification_end, rectification_open
from .served import RATEABLE_APPLICATIONS, _may_rate, channel_of, level_of, served_case, window_closes_at


def _indicators(value) -> dict:
    if not value:
        return {}
    if not isinstance(value, dict) or len(value) > 20:
        raise InvalidInput("指标评分应为 {指标: 1–5}", code=Error.INVALID_INDICATOR)
    out = {}
    for key, score in value.items():
        if not isinstance(score, int) or isinstance(score, bool) or score not in Level.values:
            raise InvalidInput(f"指标“{key}”的评分应为 1–5", code=Error.INVALID_INDICATOR)
        out[str(key)[:30]] = score
    return out


@transaction.atomic
def rating_submit(
    *,
    by,
    subject_type: str,
    subject,
    level,
    channel,
    comment: str = "",
    indicator_scores: dict | None = None,
    query_code: str | None = None,
    rated_at: dt.datetime | None = None,
    terminal: str = "",
    integration: bool = False,
    imported: bool = False,
) -> Rating:
    """好差评 (国办发〔2019〕51号): the person rates a finished case once, within the window;
    a bad review (不满意/非常不满意) opens a rectification on the supervision clock.
    ``rated_at`` is when the person gave it (a telephone rating typed in later keeps the
    time of the call)."""
    served = served_case(subject_type, subject)
    channel, level = channel_of(channel), level_of(level)
    if not imported:
        _may_rate(by, served, channel, query_code, integration)
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise InvalidInput("文字评价不能超过2000个字", code=Shared.TOO_LONG)
    now = clock.now()
    rated_at = rated_at or now
    if rated_at > now or rated_at < served.served_at:
        raise InvalidInput("评价时间应在办结之后、当前时间之前", code=Shared.INVALID_MOMENT)
    policy = rating_policy()
    if rated_at >= window_closes_at(served.served_at, policy):
        raise Conflict(f"已超过评价期限（办结后{policy.window_days}天内）", code=Error.WINDOW_CLOSED)
    rating = Rating(
        subject_type=served.subject_type,
        subject_id=served.subject_id,
        subject_number=served.number,
        department=served.department,
        window=served.window,
        person=served.person,
        division_code=division_code(served.department),
        served_at=served.served_at,
        level=level,
        channel=channel,
        comment=comment,
        indicator_scores=_indicators(indicator_scores),
        rater_name=served.rater_name[:100],
        rated_at=rated_at,
        recorded_at=now,
        entered_by=person(by) if channel not in access.SELF_CHANNELS or imported else None,
        terminal=(terminal or "")[:60],
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise Conflict("该办件（工单）已评价，每件只能评价一次", code=Error.ALREADY_RATED) from None
    audit.record(
        actor=by,
        action=Action.RATING_IMPORT if imported else Action.RATING_SUBMIT,
        subject=rating,
        after=audit.snapshot(rating, ["subject_type", "subject_number", "department", "level", "channel", "rated_at"]),
    )
    if is_bad(level):
        rectification_open(by=by, rating=rating, policy=policy)
    return rating


DEFAULT_BATCH = 1000


def ratings_default(*, by=None, as_of: dt.datetime | None = None) -> int:
    """Give the configured default (e.g. 基本满意, 广东) to every finished case whose window
    closed unrated.  Defaulted ratings are marked as such and reported apart from ratings
    people gave; the moment is the window's close.  Safe to rerun (one rating per case)."""
    policy = rating_policy()
    if policy.default_level is None:
        return 0
    as_of = as_of or clock.now()
    last_day = clock.local(as_of).date() - dt.timedelta(days=policy.window_days + 1)
    created = 0
    apps = (
        Application.objects.filter(status__in=RATEABLE_APPLICATIONS, decided_on__lte=last_day)
        .exclude(pk__in=Rating.objects.filter(subject_type=SubjectType.APPLICATION).values("subject_id"))
        .values_list("pk", "number", "department_id", "decided_by_id", "handler_id", "decided_on", "applicant_name")
    )
    wos = (
        WorkOrder.objects.filter(status=WoStatus.CLOSED, closed_at__lt=clock.start_of_day(last_day + dt.timedelta(days=1)), department__isnull=False)
        .exclude(pk__in=Rating.objects.filter(subject_type=SubjectType.WORKORDER).values("subject_id"))
        .values_list("pk", "received_at", "department_id", "replied_by_id", "closed_at", "requester_name", "requester_anonymous")
    )
    now = clock.now()

    def default(subject_type, pk, number, department_id, person_id, served_at, name) -> Rating:
        return Rating(
            subject_type=subject_type,
            subject_id=pk,
            subject_number=number,
            department_id=department_id,
            person_id=person_id,
            served_at=served_at,
            level=policy.default_level,
            channel=Channel.DEFAULT,
            rater_name=name[:100],
            is_default=True,
            rated_at=window_closes_at(served_at, policy),
            recorded_at=now,
        )

    batch: list[Rating] = []
    for pk, number, dept, decided_by, handler, decided_on, name in apps.iterator(chunk_size=DEFAULT_BATCH):
        batch.append(default(SubjectType.APPLICATION, pk, number or str(pk), dept, decided_by or handler, clock.start_of_day(decided_on), name))
        if len(batch) >= DEFAULT_BATCH:
            created += len(Rating.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    for pk, received_at, dept, replied_by, closed_at, name, anonymous in wos.iterator(chunk_size=DEFAULT_BATCH):
        batch.append(default(SubjectType.WORKORDER, pk, tracking_number(pk, received_at), dept, replied_by, closed_at, "匿名" if anonymous else name))
        if len(batch) >= DEFAULT_BATCH:
            created += len(Rating.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    if batch:
        created += len(Rating.objects.bulk_create(batch, ignore_conflicts=True))
    if created:
        audit.record(
            actor=by,
            action=Action.RATING_DEFAULT,
            subject="evaluation.rating",
            subject_id=0,
            after={"created": created, "as_of": as_of, "level": policy.default_level},
        )
    return created


@transaction.atomic
def rating_policy_set(*, by, window_days: int, default_level: int | None, rectification_days: int, callback_days: int = 1) -> RatingPolicy:
    """The city's rules: the rating window, the default after it (never a bad review), the
    rectification deadline (5, 10 or 15 working days) and the call-back deadline."""
    if not access.access_decide_appeal(by):
        raise Forbidden("只有效能办可以修改好差评规则", code=Shared.FORBIDDEN)
    if not 1 <= int(window_days) <= 60 or int(rectification_days) not in (5, 10, 15) or not 1 <= int(callback_days) <= 5:
        raise InvalidInput("评价期限 1–60 天，整改期限 5、10 或 15 个工作日，回访期限 1–5 个工作日", code=Error.INVALID_POLICY)
    if default_level is not None and (default_level not in Level.values or is_bad(default_level)):
        raise InvalidInput("默认评价只能是非常满意、满意或基本满意", code=Error.INVALID_POLICY)
    policy = RatingPolicy.objects.select_for_update().get(pk=rating_policy().pk)
    fields = ["window_days", "default_level", "rectification_days", "callback_days"]
    before = audit.snapshot(policy, fields)
    policy.window_days, policy.default_level, policy.rectification_days, policy.callback_days = (
        int(window_days),
        default_level,
        int(rectification_days),
        int(callback_days),
    )
    policy.updated_at = clock.now()
    policy.save()
    audit.record(actor=by, action=Action.RATING_POLICY_SET, subject=policy, before=before, after=audit.snapshot(policy, fields))
    return policy


@transaction.atomic
def appeal_file(*, by, rating: Rating, grounds: str, reason: str, evidence: str) -> Appeal:
    """申诉: the rated department's head says a bad review is mistaken (误评) or malicious
    (恶意差评) and gives the evidence; the supervision office decides."""
    if not access.access_file_appeal(by, rating):
        raise Forbidden("只有被评价部门的负责人可以申诉", code=Shared.FORBIDDEN)
    if not rating.bad or rating.is_default:
        raise Conflict("只有差评可以申诉", code=Error.APPEAL_NOT_BAD)
    if grounds not in AppealGrounds.values:
        raise InvalidInput("申诉类型应为误评（mistaken）或恶意差评（malicious）", code=Error.INVALID_GROUNDS)
    if Appeal.objects.filter(rating=rating).exists():
        raise Conflict("该评价已申诉过，不能重复申诉", code=Error.APPEAL_EXISTS)
    appeal = Appeal.objects.create(
        rating=rating,
        department=rating.department,
        grounds=grounds,
        reason=required_text(reason, "申诉理由"),
        evidence=required_text(evidence, "证据", limit=5000),
        filed_by=by,
        filed_at=clock.now(),
    )
    audit.record(actor=by, action=Action.APPEAL_FILE, subject=appeal, after=audit.snapshot(appeal, ["rating", "grounds", "status"]))
    return appeal


@transaction.atomic
def appeal_decide(*, by, appeal: Appeal, upheld: bool, note: str) -> Appeal:
    """申诉复核 by the supervision office.  Upheld: the review is excluded from every statistic
    (never deleted; the public sees how many were excluded and why) and its rectification
    ends."""
    if not access.access_decide_appeal(by):
        raise Forbidden("只有效能办可以复核差评申诉", code=Shared.FORBIDDEN)
    appeal = lock(appeal)
    note = required_text(note, "复核意见")
    to = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    transition(
        appeal,
        to=to,
        by=by,
        allowed=APPEAL_TRANSITIONS,
        action=Action.APPEAL_DECIDE,
        changes={"decided_by": by, "decided_at": clock.now(), "decision_note": note},
    )
    if upheld:
        rating = lock(appeal.rating)
        before = audit.snapshot(rating, ["excluded", "excluded_reason"])
        rating.excluded, rating.excluded_reason = True, f"申诉成立（{appeal.get_grounds_display()}）"
        rating.save(update_fields=["excluded", "excluded_reason"])
        audit.record(
            actor=by, action=Action.RATING_EXCLUDE, subject=rating, before=before, after=audit.snapshot(rating, ["excluded", "excluded_reason"]), note=note
        )
        rectification_end(by=by, rating=rating, note="差评申诉成立")
    return appeal


def ratings_import(*, by, rows: list[dict], variant: str) -> dict:
    """Ratings collected by another platform (the provincial 好差评 system), in GB/T 39046 rows
    of the named code table; each goes through :func:`rating_submit`.  Returns counts and
    the rows refused with their reasons."""
    if not access.access_decide_appeal(by):
        raise Forbidden("只有效能办可以导入评价数据", code=Shared.FORBIDDEN)
    created, refused = 0, []
    for index, record in enumerate(gbt39046.import_rows(rows, variant), start=1):
        if record.count != 1 or record.is_default:
            # A follow-up rating belongs to a rectification here, and a default is given by this
            # city's own rule: neither is taken from another platform.
            refused.append({"row": index, "number": record.number, "code": Error.INVALID_CODE_TABLE, "message": "追评和默认评价不导入"})
            continue
        try:
            rating_submit(
                by=by,
                subject_type=record.subject_type,
                subject=record.number,
                level=record.level,
                channel=record.channel,
                comment=record.comment,
                rated_at=record.rated_at,
                imported=True,
            )
            created += 1
        except (InvalidInput, Conflict, NotFound) as exc:
            refused.append({"row": index, "number": record.number, "code": exc.code, "message": exc.message})
    return {"created": created, "refused": refused}
