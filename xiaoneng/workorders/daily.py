"""The statistics' per-day, per-department figures (``DailyFigures``), so that a year's
statistics are a sum over 365 days of rows instead of an aggregate over every case.

A periodic job (:func:`refresh`, every few minutes) recomputes only the days that changed
since its previous run: the days cases were received on whose row moved (``updated_at``:
a new case, a dispatch, a sign-for, an answer, a reopening, a new deadline), the days a
call-back was made, and the days whose figures went stale because a pending case's
deadline has passed since (``stale_at``).  The statistics for "now" (:func:`figures`) sum
the kept rows of the days that have not changed since the last refresh and count the
others from the cases, so they are exact whenever the job last ran: the summary makes
them fast, never stale.

A refresh is good for every change stamped before its watermark: the moment it started, or
on PostgreSQL the start of the oldest transaction still writing then, if earlier (a change
stamped before the refresh but committed after it read the cases is counted again from
the cases).  A small margin covers clock differences between servers."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.functions import TruncDate

from xiaoneng.core import clock
from xiaoneng.core import sql as db

from .models import DailyFigures, DailyFiguresRun, FollowUp, WorkOrder
from .stats import Figures, backlog_rows, counts, overdue_rows

# Counted over every case whatever the period, kept per received day and summed over all days.
PERIOD_FREE = {"overdue_now", "open_now"}
FIELDS = [name for name, kind in Figures.__annotations__.items() if kind == "int" and name not in PERIOD_FREE]
MARGIN = dt.timedelta(seconds=30)  # clock differences between app servers
LOCK_KEY = 7_826_011_516  # pg_advisory_xact_lock key: one refresh at a time
SPAN_DAYS = 31  # more changed days than this: recompute the whole span between them at once


def _day(field: str):
    return TruncDate(field, tzinfo=clock.LOCAL_TZ)


def changed_days(since: dt.datetime, now: dt.datetime) -> set[dt.date]:
    """The days whose kept figures may differ from a count as of ``now``."""
    days = set(WorkOrder.objects.filter(updated_at__gte=since).annotate(day=_day("received_at")).values_list("day", flat=True).distinct())
    days |= set(FollowUp.objects.filter(at__gte=since).annotate(day=_day("at")).values_list("day", flat=True).distinct())
    unsure = Q(stale_at__lte=now) | Q(overdue_now__isnull=True) | Q(open_now__isnull=True)  # gone stale, or kept before the field was
    days |= set(DailyFigures.objects.filter(unsure).values_list("day", flat=True).distinct())
    return days


def _last_refresh() -> dt.datetime | None:
    return DailyFiguresRun.objects.order_by("-refreshed_at").values_list("refreshed_at", flat=True).first()


def refresh(*, now: dt.datetime | None = None) -> int:
    """Recompute the changed days (every day, the first time); the number of days."""
    now = now or clock.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        watermark = db.oldest_write_start(now)
        last = _last_refresh()
        if last is None:
            first = WorkOrder.objects.order_by("received_at").values_list("received_at", flat=True).first()
            days = None
            since = clock.start_of_day(clock.local(first).date()) if first else now
        else:
            changed = sorted(changed_days(last - MARGIN, now))
            days = changed if len(changed) <= SPAN_DAYS else None
            since = clock.start_of_day(changed[0]) if changed else now
        rows = counts(since=since, until=now, as_of=now, scope=Q(), days=days, by_day=True) if since < now else []
        kept = _rows(rows, now)
        gone = DailyFigures.objects.filter(day__gte=clock.local(since).date())
        if days is not None:
            gone = gone.filter(day__in=days)
        gone.delete()
        DailyFigures.objects.bulk_create(kept, batch_size=2000)
        recomputed = len({row.day for row in kept}) if days is None else len(days)
        DailyFiguresRun.objects.create(refreshed_at=watermark, days=recomputed)
    return recomputed


def _rows(rows: list[dict], now: dt.datetime) -> list[DailyFigures]:
    out: dict[tuple, DailyFigures] = {}
    for row in rows:
        key = (row["day"], row["department"])
        kept = out.setdefault(key, DailyFigures(day=row["day"], department_id=row["department"], computed_at=now, overdue_now=0, open_now=0))
        for name, value in row.items():
            if name.startswith("n_"):
                setattr(kept, name[2:], value)
        deadlines = [d for d in (row.get("next_sign"), row.get("next_due")) if d is not None]
        if deadlines:
            kept.stale_at = min(deadlines)
    return list(out.values())


def figures(*, start: dt.date, end: dt.date, now: dt.datetime, scope: Q, overdue: bool = True) -> list[dict]:
    """Rows of counts for the period as of ``now``, 当前超期 included when ``overdue``: the kept
    days summed, the changed days (and everything, before the first refresh) counted from the cases.
    当前超期 is summed over every kept day and counted from the cases of every changed day,
    whatever the period, so that it never reads the whole backlog of overdue cases."""
    since, until = clock.start_of_day(start), min(clock.end_of_day(end), now)
    last = _last_refresh()
    if last is None:
        return [*counts(since=since, until=until, as_of=now, scope=scope), *(overdue_rows(as_of=now, scope=scope, current=True) if overdue else [])]
    every_changed = sorted(changed_days(last - MARGIN, now))
    changed = [d for d in every_changed if start <= d <= end]
    kept = (
        DailyFigures.objects.filter(scope, day__gte=start, day__lte=end)
        .exclude(day__in=changed)
        .values("department")
        .annotate(**{f"n_{name}": Sum(name) for name in FIELDS})
        .order_by()
    )
    rows = list(kept)
    if changed:
        rows += counts(since=since, until=until, as_of=now, scope=scope, days=changed)
    if not overdue:
        return rows
    return rows + [{"department": r["department"], "n_overdue_now": r["n_overdue_now"]} for r in _backlog(now=now, scope=scope, changed=every_changed)]


def backlog(*, now: dt.datetime, scope: Q) -> list[dict]:
    """当前在办 and 当前超期 per department as of ``now`` (rows as :func:`stats.backlog_rows`):
    the kept days summed and the changed days counted from their cases, so that the
    cockpit never reads the whole backlog."""
    last = _last_refresh()
    if last is None:
        return backlog_rows(now=now, scope=scope)
    return _backlog(now=now, scope=scope, changed=sorted(changed_days(last - MARGIN, now)))


def _backlog(*, now: dt.datetime, scope: Q, changed: list[dt.date]) -> list[dict]:
    """The kept days other than ``changed`` summed, and the ``changed`` days counted from their cases."""
    kept = (
        DailyFigures.objects.filter(scope, Q(open_now__gt=0) | Q(overdue_now__gt=0))
        .exclude(day__in=changed)
        .values("department")
        .annotate(n_open_now=Sum("open_now"), n_overdue_now=Sum("overdue_now"))
        .order_by()
    )
    return [*kept, *(backlog_rows(now=now, scope=scope, days=changed) if changed else [])]
