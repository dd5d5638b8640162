"""Reads of electronic supervision shared by the API, the pages, reports and the sweeper."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek

from xiaoneng.clocks import registry as clock_registry
from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.org.access import has_role, watches_everything
from xiaoneng.org.models import Department, Role
from xiaoneng.org.selectors import department_subtree, staff_of
from xiaoneng.supervision.access import order_scope, warning_scope
from xiaoneng.workdays import selectors as workdays

from . import checks
from .defaults import DEFAULT_RULES, KIND_NAMES, SUBJECT_NAMES
from .models import Level, ListEntry, ListState, OpenWarningCount, SupervisionOrder, SupervisionRule, SweepRun, Warning, WarningCityDaily, WarningDaily
from .rules import DEADLINE, RuleBook, short_subject_type


def rule_book() -> RuleBook:
    """The configured rules: the rows administrators keep, over the built-in defaults."""
    config = {kind: dict(values) for kind, values in DEFAULT_RULES.items()}
    for row in SupervisionRule.objects.values():
        config[row["kind"]] = row
    return RuleBook.from_config(config)


def superseded_at(as_of: dt.datetime) -> Q:
    """Warnings that the next level has taken over by ``as_of``: a notice once its deadline
    has passed, a yellow card once its red card is in force."""
    red = Warning.objects.filter(clock_id=OuterRef("clock_id"), level=Level.RED, effective_at__lte=as_of, withdrawn_at__isnull=True)
    return Q(level=Level.NOTICE, due__lte=as_of) | Q(Exists(red), level=Level.YELLOW, rule=DEADLINE)


def warnings_as_of(
    user,
    *,
    as_of: dt.datetime | None = None,
    level: str | None = None,
    department: Department | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
    current: bool = False,
    sweep_id: int | None = None,
) -> QuerySet[Warning]:
    """Warnings in force at ``as_of`` (default now) that ``user`` may see: ``effective_at <=
    as_of`` and not resolved by then (``resolved_at`` unset or later; a withdrawn card's
    ``resolved_at`` is its ``effective_at``, so it was never in force).  ``current`` keeps each
    clock at its highest level only.  With ``sweep_id``: what that sweep issued, whatever
    happened since."""
    qs = Warning.objects.filter(warning_scope(user))
    if sweep_id is not None:
        counts = SweepRun.objects.filter(pk=sweep_id).values_list("counts", flat=True).first() or {}
        first, last = counts.get("first_warning_id"), counts.get("last_warning_id")
        qs = qs.filter(id__gte=first, id__lte=last, sweep_id=sweep_id) if first else qs.none()
    else:
        now = clock.now()
        as_of = as_of or now
        qs = qs.filter(effective_at__lte=as_of)
        # Nothing is resolved in the future, so "now" needs only the open rows.
        qs = qs.filter(resolved_at__isnull=True) if as_of >= now else qs.filter(Q(resolved_at__isnull=True) | Q(resolved_at__gt=as_of))
        if current:
            qs = qs.exclude(superseded_at(as_of))
    if level:
        qs = qs.filter(level=level)
    if department is not None:
        qs = qs.filter(department__path__startswith=department.path)
    if subject_id is not None:
        qs = qs.filter(_subject(subject_type, subject_id))
    elif subject_type:
        qs = qs.filter(Q(subject_type=subject_type) | Q(subject_type__endswith=f".{subject_type}"))
    return qs


def _subject(subject_type: str | None, subject_id: int) -> Q:
    """A case's warnings: through its clocks (indexed by subject) and its check findings.
    ``subject_type`` may be the short name (``application``)."""
    types = Q()
    if subject_type:
        types = Q(subject_type=subject_type) | Q(subject_type__endswith=f".{subject_type}")
    clock_ids = list(Clock.objects.filter(types, subject_id=subject_id).values_list("id", flat=True))
    return Q(clock_id__in=clock_ids) | (Q(clock__isnull=True, subject_id=subject_id) & types)


def kind_name(kind: str) -> str:
    label = clock_registry.kind_label(kind)
    return KIND_NAMES.get(kind, label) if label == kind else label


def subject_name(subject_type: str) -> str:
    label = clock_registry.subject_label(subject_type)
    return SUBJECT_NAMES.get(subject_type, label) if label == subject_type else label


def describe(warnings) -> list[Warning]:
    """Attach what pages and documents show: labels, links, how late."""
    now = clock.now()
    rows = clock_registry.named(warnings)
    for w in rows:
        w.short_subject_type = short_subject_type(w.subject_type)
        w.subject_label = subject_name(w.subject_type)
        w.subject_url = clock_registry.subject_url(w.subject_type, w.subject_id)
        w.kind_label = kind_name(w.clock_kind) if w.rule == DEADLINE else (checks.check_label(w.rule) or w.rule)
        w.overdue = w.level != Level.NOTICE and w.resolved_at is None and w.due <= now
    return rows


def counts_by_department(user, *, as_of: dt.datetime | None = None) -> list[dict]:
    """Warnings in force per department and level (each clock at its highest level), most
    red cards first."""
    if as_of is None or as_of >= clock.now():
        rows = _counts_now(user)
    else:
        qs = warnings_as_of(user, as_of=as_of, current=True)
        rows = list(qs.values("department_id").annotate(**{level: Count("id", filter=Q(level=level)) for level in Level.values}).order_by())
    names = dict(Department.objects.filter(pk__in=[r["department_id"] for r in rows]).values_list("pk", "name"))
    for r in rows:
        r["department"] = names.get(r["department_id"], "未指定部门")
        r["total"] = sum(r[level] for level in Level.values)
    rows.sort(key=lambda r: (-r[Level.RED], -r[Level.YELLOW], -r[Level.NOTICE], r["department"]))
    return rows


def _counts_now(user) -> list[dict]:
    """The counts for now.  A clock's deadline red card and its yellow card are issued for
    the same department and resolved together when the clock stops, so the yellow cards in
    force are the open yellow cards less the open deadline red cards; a notice is in force
    until its deadline.  For those who see every department the open cards come from the
    counts the sweeper keeps (:mod:`.open_counts`: a few rows per department, however large
    the backlog) and the notices in force from the index of open cards by deadline (only the
    next few days' deadlines); for anyone else from their own open cards."""
    if not watches_everything(user):
        return _counted_from_cards(user)
    now = clock.now()
    per: dict[int | None, dict] = {}

    def row(department_id: int | None) -> dict:
        return per.setdefault(department_id or None, {"department_id": department_id or None, Level.NOTICE: 0, Level.YELLOW: 0, Level.RED: 0})

    for department_id, level, rule, n in OpenWarningCount.objects.filter(open__gt=0, level__in=[Level.YELLOW, Level.RED]).values_list(
        "department_id", "level", "rule", "open"
    ):
        row(department_id)[level] += n
        if level == Level.RED and rule == DEADLINE:
            row(department_id)[Level.YELLOW] -= n
    notices = Warning.objects.filter(level=Level.NOTICE, resolved_at__isnull=True, due__gt=now).values("department_id").annotate(n=Count("id")).order_by()
    for r in notices:
        row(r["department_id"])[Level.NOTICE] += r["n"]
    return [r for r in per.values() if any(r[level] for level in Level.values)]


def _counted_from_cards(user) -> list[dict]:
    """:func:`_counts_now` for a department's head or a person: one pass over the open cards
    they may see, along the partial index."""
    now = clock.now()
    rows = list(
        warnings_as_of(user)  # "now": only the open rows, along the partial index
        .values("department_id")
        .annotate(
            red=Count("id", filter=Q(level=Level.RED)),
            yellow_all=Count("id", filter=Q(level=Level.YELLOW)),
            superseded=Count("id", filter=Q(level=Level.RED, rule=DEADLINE)),
            notice=Count("id", filter=Q(level=Level.NOTICE, due__gt=now)),
        )
        .order_by()
    )
    for r in rows:
        r[Level.YELLOW] = r.pop("yellow_all") - r.pop("superseded")
    return [r for r in rows if any(r[level] for level in Level.values)]


def worst(user, *, as_of: dt.datetime | None = None, limit: int = 20) -> list[Warning]:
    """Red then yellow cards in force, the longest overdue first (each level read in
    deadline order along an index, so only the rows shown are read)."""
    qs = warnings_as_of(user, as_of=as_of, current=True).select_related("department", "responsible__staff").order_by("due", "id")
    rows = list(qs.filter(level=Level.RED)[:limit])
    if len(rows) < limit:
        rows += list(qs.filter(level=Level.YELLOW)[: limit - len(rows)])
    return describe(rows)


def trend(user, *, period: str = "month", count: int = 12, as_of: dt.datetime | None = None) -> list[dict]:
    """Warnings that came into force per week or month, by level, from the daily summary."""
    end = clock.local(as_of or clock.now()).date()
    start = end - dt.timedelta(weeks=count) if period == "week" else (end.replace(day=1) - dt.timedelta(days=31 * (count - 1))).replace(day=1)
    if watches_everything(user):
        rows = WarningCityDaily.objects.filter(day__gte=start, day__lte=end)  # the city's rows: a few per day, not one per department
    else:
        rows = WarningDaily.objects.filter(day__gte=start, day__lte=end)
        staff = staff_of(user)
        if staff is None or not has_role(user, Role.HEAD):
            return []
        rows = rows.filter(department_id__in=department_subtree(staff.department).values("pk"))
    bucket = TruncWeek("day") if period == "week" else TruncMonth("day")
    data: dict[dt.date, dict] = {}
    for r in rows.annotate(period=bucket).values("period", "level").annotate(n=Sum("issued")).order_by("period"):
        data.setdefault(r["period"], {level: 0 for level in Level.values})[r["level"]] = r["n"]
    return [{"period": p, **v, "total": sum(v.values())} for p, v in sorted(data.items())]


def working_days_late(due: dt.datetime, as_of: dt.datetime | None = None) -> int:
    """Working days between a deadline and ``as_of`` (0 when not late)."""
    due_on = clock.local(due - dt.timedelta(microseconds=1)).date()
    return max(0, workdays.calendar().working_days_between(due_on, clock.local(as_of or clock.now()).date()))


def visible_warnings(user) -> QuerySet[Warning]:
    return Warning.objects.filter(warning_scope(user))


def _escalations(qs):
    cards = Warning.objects.filter(clock_id=OuterRef("clock_id"))
    return qs.annotate(has_yellow=Exists(cards.filter(level=Level.YELLOW)), has_red=Exists(cards.filter(level=Level.RED)))


def visible_orders(user) -> QuerySet[SupervisionOrder]:
    return (
        _escalations(SupervisionOrder.objects.filter(order_scope(user))).select_related("department", "responsible", "issued_by").order_by("-issued_at", "-id")
    )


def order_escalation(order: SupervisionOrder) -> str:
    """How far an overdue order has gone up the chart (from its clock's cards)."""
    if not hasattr(order, "has_red"):
        order = _escalations(SupervisionOrder.objects.filter(pk=order.pk)).get()
    if order.has_red:
        return "已逾期，已上报分管领导"
    if order.has_yellow:
        return "已逾期，已上报部门负责人"
    return ""


def published_entries(kind: str | None = None) -> QuerySet[ListEntry]:
    qs = ListEntry.objects.filter(state=ListState.PUBLISHED).select_related("department").order_by("-published_at", "-id")
    return qs.filter(kind=kind) if kind else qs


def last_sweep() -> SweepRun | None:
    return SweepRun.objects.order_by("-started_at", "-id").first()
