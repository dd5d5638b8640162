"""The sweeper: one pass over every clock in the city, in a constant number of statements.

What a pass issues "as of" a moment T (``supervise --as-of T``; a live pass uses now):

- **notice** (临期预警) for a running clock whose deadline is still ahead (``due_at > T``)
  but at most N working days away (N = the kind's ``notice_lead_days``; today is day zero).
  ``effective_at`` = the start of the first day of that window (a deadline on Monday with
  N = 1: Friday 00:00), or the clock's creation if later.  Clocks already past due get no
  notice; paused clocks get nothing while paused.  (A backfill for a past T also counts the
  clocks that were running at T and have stopped since.)
- **yellow** (黄牌) for a clock that is past due at T (``due_at <= T``) and still running,
  or that stopped late (``stopped_at > due_at``) — a clock that finished late between two
  passes still earns its card.  ``effective_at`` = the clock's ``due_at``; the card orders
  the work finished by ``supervision_due_at`` = the end of the day S working days after the
  due date (S = the kind's ``supervision_days``).
- **red** (红牌) for a clock whose yellow card's supervision deadline has passed at T while
  it was still running (running now, or stopped after that deadline).  ``effective_at`` and
  ``due`` = the supervision deadline.  A red card opens a fault for accountability (source
  ``red_card``, one per card: accountability's key of (``supervision.warning``, id)).
- one warning per finding of a registered :mod:`check <xiaoneng.supervision.checks>`.

``resolved_at`` is the moment the clock stopped, set in bulk.  Listing "as of T" therefore
shows what was true at T whenever the passes ran: warnings with ``effective_at <= T`` and
``resolved_at`` unset or after T.

Every pass runs in one transaction: it resolves, issues the warnings (``INSERT … SELECT``
that skips what exists, and ``ON CONFLICT DO NOTHING`` against the unique (clock, level)
constraint for whatever a concurrent pass wrote meanwhile), opens the faults, writes one
digest notification per recipient for the open warnings it issued, updates the per-day
summary and writes one audit record with the counts and the id range.  Passes are
serialised by a transaction-level advisory lock on PostgreSQL (SQLite serialises writers
itself), so a pass's warnings are the ids above the highest one when it started.  A dry run
does all of it and rolls back.

A live pass re-reads stopped clocks only back to the start of the previous live pass (less a
margin for transactions that committed late); a pass for an explicit moment reads them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncDate
from django.urls import reverse

from xiaoneng.accountability.models import FaultSource
from xiaoneng.accountability.services import faults_open_bulk
from xiaoneng.clocks.models import Clock
from xiaoneng.core import audit, clock
from xiaoneng.core import sql as db
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.core.people import person
from xiaoneng.notifications.models import Category as NotificationCategory
from xiaoneng.notifications.services import notify_bulk
from xiaoneng.org.models import Department, Staff, StaffRole
from xiaoneng.supervision.access import access_run_sweep
from xiaoneng.supervision.codes import Action, Error
from xiaoneng.workdays import selectors as workdays

from . import checks, rules
from .defaults import KIND_NAMES
from .models import Level, OversightAssignment, SweepRun, Warning, WarningDaily
from .rules import DEADLINE, RuleBook
from .selectors import kind_name, rule_book

WARNING_FAULTS = "supervision.warning"  # the source of red-card faults (accountability's dedupe key)
LOCK_KEY = 7_826_011_505  # pg_advisory_xact_lock key of the sweeper
LATE_STOP_MARGIN = dt.timedelta(days=1)
MAP_WINDOW_DAYS = 1500  # due dates per mapping statement (keeps parameters under SQLite's limit)
ISSUED_LIST_LIMIT = 100

W, C = Warning._meta.db_table, Clock._meta.db_table
STAFF, ROLE, DEPT = Staff._meta.db_table, StaffRole._meta.db_table, Department._meta.db_table
OVERSIGHT, DAILY = OversightAssignment._meta.db_table, WarningDaily._meta.db_table
WARNING_COLUMNS = (
    "level, rule, clock_id, clock_kind, subject_type, subject_id, department_id, responsible_id, "
    "due, supervision_due_at, effective_at, issued_at, resolved_at, sweep_id"
)
# Enumerated values are written into the SQL as literals (they are fixed identifiers), so
# that the planners can match the partial indexes on them.
RUNNING, STOPPED, NOTICE, YELLOW, RED, HEAD = "'running'", "'stopped'", "'notice'", "'yellow'", "'red'", "'head'"
_PG_TYPES = {"date": "date", "int": "integer", "ts": "timestamp with time zone"}

# The department's head with the lowest user id answers for a clock that names nobody.
HEAD_CTE = (
    f"head(department_id, user_id) AS MATERIALIZED (SELECT s.department_id, MIN(s.user_id) FROM {STAFF} s "
    f"JOIN {ROLE} r ON r.staff_id = s.id WHERE r.role = {HEAD} AND s.is_active = %s GROUP BY s.department_id)"
)


def _responsible(table: str) -> str:
    """The clock's person, or else its department's head (looked up only when needed)."""
    return f"COALESCE({table}.responsible_id, (SELECT h.user_id FROM head h WHERE h.department_id = {table}.department_id))"


@dataclass
class SweepResult:
    as_of: dt.datetime
    dry_run: bool
    sweep_id: int | None
    counts: dict
    issued: list[Warning] = field(default_factory=list)


def warnings_sweep(*, by, as_of: dt.datetime | None = None, dry_run: bool = False) -> SweepResult:
    """Run the sweeper now, or for a past moment ``as_of``; see the module docstring for
    exactly what it issues.  ``by`` is None for the scheduled job."""
    if by is not None and not access_run_sweep(by):
        raise Forbidden("只有效能监督人员可以执行电子监察扫描")
    now = clock.now()
    live = as_of is None
    as_of = now if live else as_of
    if as_of.tzinfo is None:
        raise InvalidInput("监察时点必须带时区", code=Error.INVALID_AS_OF)
    if as_of > now:
        raise InvalidInput("监察时点不能晚于当前时间", code=Error.AS_OF_IN_FUTURE)
    actor = person(by)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
                cursor.execute("SET LOCAL work_mem = '64MB'")  # one batch job's hashes and sorts stay in memory
        since = _previous_live_start() if live else None
        run = SweepRun.objects.create(as_of=as_of, live=live, started_at=now, by=actor)
        sweep = _Pass(run, rule_book(), since - LATE_STOP_MARGIN if since else None)
        counts = sweep.issue()
        first_ids = list(sweep.issued().order_by("id").values_list("id", flat=True)[:ISSUED_LIST_LIMIT])
        issued = list(Warning.objects.filter(pk__in=first_ids).select_related("department", "responsible__staff").order_by("id"))
        run.counts, run.finished_at = counts, clock.now()
        run.save(update_fields=["counts", "finished_at"])
        audit.record(actor=actor, action=Action.SWEEP, subject=run, after={"as_of": as_of, "live": live, **counts})
        if dry_run:
            transaction.set_rollback(True)
    return SweepResult(as_of=as_of, dry_run=dry_run, sweep_id=None if dry_run else run.pk, counts=counts, issued=issued)


def _previous_live_start() -> dt.datetime | None:
    return SweepRun.objects.filter(live=True).order_by("-started_at").values_list("started_at", flat=True).first()


def _ph(sql_type: str) -> str:
    """A placeholder typed for PostgreSQL (literals in VALUES lists are untyped there)."""
    return f"CAST(%s AS {_PG_TYPES[sql_type]})" if connection.vendor == "postgresql" else "%s"


def _case(column: str, mapping: dict, default, *, default_sql: str = "%s") -> tuple[str, list]:
    """``CASE column WHEN k THEN v … ELSE default END`` (just the default when nothing differs);
    ``default_sql`` may be an expression with one placeholder for ``default``."""
    if not mapping:
        return default_sql, [default]
    sql = "CASE " + column + " WHEN %s THEN %s" * len(mapping) + f" ELSE {default_sql} END"
    return sql, [x for pair in mapping.items() for x in pair] + [default]


def _not_in(column: str, values: list) -> tuple[str, list]:
    if not values:
        return "", []
    return f" AND {column} NOT IN ({', '.join(['%s'] * len(values))})", list(values)


def _values(rows: list[tuple]) -> str:
    return ", ".join(f"({_ph('date')}, {_ph('int')}, {_ph('ts')})" for _ in rows)


def _day_windows(first: dt.date, last: dt.date):
    while first <= last:
        end = min(last, first + dt.timedelta(days=MAP_WINDOW_DAYS - 1))
        yield first, end
        first = end + dt.timedelta(days=1)


class _Pass:
    def __init__(self, run: SweepRun, book: RuleBook, since: dt.datetime | None):
        self.run, self.book, self.since = run, book, since
        self.as_of, self.now = run.as_of, run.started_at
        self.cal = workdays.calendar()
        self.today = clock.local(self.as_of).date()
        # Passes are serialised, so this pass's warnings are the ids above this one.
        self.floor = Warning.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def issued(self):
        return Warning.objects.filter(id__gt=self.floor, id__lte=self.ceiling, sweep=self.run)

    def _mine(self, columns: str = "*") -> str:
        """This pass's warnings, read by primary key range (a CTE the planner must not inline:
        its statistics do not know the rows just written)."""
        return f"mine AS MATERIALIZED (SELECT {columns} FROM {W} w WHERE w.id > {int(self.floor)} AND w.id <= {int(self.ceiling)} AND w.sweep_id = {int(self.run.pk)})"

    def issue(self) -> dict:
        resolved = self.resolve()
        self.notices()
        self.yellow_cards()
        self.red_cards()
        registered = checks.registered_checks()
        for check in registered:
            self.check(check)
            resolved += self.resolve_check(check)
        self.ceiling = Warning.objects.order_by("-id").values_list("id", flat=True).first() or 0
        counts = {level: 0 for level in Level.values} | {"resolved": resolved, "checks": {c.code: 0 for c in registered}}
        breakdown = self.breakdown()
        for row in breakdown:
            counts[row["level"]] += row["n"]
            if row["rule"] != DEADLINE:
                counts["checks"][row["rule"]] += row["n"]
        counts["first_warning_id"] = min((r["first"] for r in breakdown), default=None)
        counts["last_warning_id"] = max((r["last"] for r in breakdown), default=None)
        counts["faults"] = self.faults()
        counts["notifications"] = self.notifications()
        self.summarise(breakdown)
        return counts

    def breakdown(self) -> list[dict]:
        """This pass's warnings counted by level, rule, day and department — the counts and
        the daily summary from one read of the new rows."""
        return list(
            self.issued()
            .annotate(day=TruncDate("effective_at", tzinfo=clock.LOCAL_TZ))
            .values("level", "rule", "day", "department_id")
            .annotate(n=Count("id"), first=Min("id"), last=Max("id"))
            .order_by()
        )

    # -- resolution ---------------------------------------------------------------------

    def resolve(self) -> int:
        """Stamp every open clock warning whose clock has stopped with the stop moment."""
        since_sql, params = ("", []) if self.since is None else (" AND c.stopped_at >= %s", [db.moment(self.since)])
        return db.execute(
            f"UPDATE {W} SET resolved_at = c.stopped_at FROM {C} c WHERE c.id = {W}.clock_id AND {W}.resolved_at IS NULL AND c.state = {STOPPED}{since_sql}",
            params,
        )

    # -- the ladder -----------------------------------------------------------------------

    def _absent(self, level: str, clock_column: str) -> str:
        return f"NOT EXISTS (SELECT 1 FROM {W} x WHERE x.clock_id = {clock_column} AND x.level = {level})"

    def notices(self) -> int:
        rows, horizon = [], self.today
        for lead in sorted(self.book.values("notice_lead_days")):
            threshold = rules.notice_threshold(self.cal, self.today, lead)
            horizon = max(horizon, threshold)
            day = self.today
            while day <= threshold:
                rows.append((db.day(day), lead, db.moment(clock.start_of_day(rules.notice_starts_on(self.cal, day, lead)))))
                day += dt.timedelta(days=1)
        lead_sql, lead_params = _case("c.kind", self.book.differing("notice_lead_days"), self.book.default.notice_lead_days)
        skip_sql, skip_params = _not_in("c.kind", self.book.unsupervised)
        # A backfill also counts the clocks that were still running at its moment.
        state_sql, state_params = f"c.state = {RUNNING}", []
        if not self.run.live:
            state_sql, state_params = f"(c.state = {RUNNING} OR (c.state = {STOPPED} AND c.stopped_at > %s))", [db.moment(self.as_of)]
        sql = (
            f"WITH nmap(due_on, lead, starts_at) AS (VALUES {_values(rows)}), {HEAD_CTE} "
            f"INSERT INTO {W} ({WARNING_COLUMNS}) "
            f"SELECT {NOTICE}, '{DEADLINE}', c.id, c.kind, c.subject_type, c.subject_id, c.department_id, {_responsible('c')}, "
            f"c.due_at, NULL, CASE WHEN c.created_at > m.starts_at THEN c.created_at ELSE m.starts_at END, %s, c.stopped_at, %s "
            f"FROM {C} c JOIN nmap m ON m.due_on = c.due_on AND m.lead = {lead_sql} "
            f"WHERE {state_sql} AND c.due_at > %s AND c.due_at <= %s{skip_sql} AND {self._absent(NOTICE, 'c.id')} "
            f"ON CONFLICT DO NOTHING"
        )
        params = [x for row in rows for x in row] + [True, db.moment(self.now), self.run.pk]
        params += lead_params + state_params + [db.moment(self.as_of), db.moment(clock.end_of_day(horizon))] + skip_params
        return db.execute(sql, params)

    def _late_stops(self) -> tuple[str, list]:
        """Clocks that stopped after their deadline (since the previous live pass)."""
        sql, params = f"c.state = {STOPPED} AND c.stopped_at > c.due_at", []
        if self.since is not None:
            sql, params = sql + " AND c.stopped_at >= %s", [db.moment(self.since)]
        return sql, params

    def _sources(self) -> list[tuple[str, list, str]]:
        """Where clocks that may owe a card come from, as (condition on ``c``, parameters,
        what ``resolved_at`` becomes).  A live pass reads only what changed since the
        previous one: deadlines that passed since, clocks started, moved or resumed since,
        clocks stopped since.  A backfill reads every clock."""
        late_sql, late_params = self._late_stops()
        if self.since is None:
            return [(f"c.state = {RUNNING}", [], "NULL"), (late_sql, late_params, "c.stopped_at")]
        since = db.moment(self.since)
        return [
            (f"c.state = {RUNNING} AND c.due_at >= %s", [since], "NULL"),
            (f"c.state = {RUNNING} AND c.updated_at >= %s", [since], "NULL"),
            (late_sql, late_params, "c.stopped_at"),
        ]

    def yellow_cards(self) -> int:
        issued = 0
        for where, params, resolved in self._sources():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT MIN(c.due_at) FROM {C} c WHERE {where} AND c.due_at <= %s", [*params, db.moment(self.as_of)])
                first = cursor.fetchone()[0]
            if first is None:
                continue
            if isinstance(first, str):  # SQLite hands back the stored text (UTC)
                first = dt.datetime.fromisoformat(first).replace(tzinfo=dt.UTC)
            # A day-based deadline on D falls due at the midnight that ends D.
            for low, high in _day_windows(clock.local(first).date() - dt.timedelta(days=1), self.today):
                issued += self._yellow(where, params, resolved, low, high)
        return issued

    def _yellow(self, where: str, where_params: list, resolved: str, low: dt.date, high: dt.date) -> int:
        rows = []
        for days in sorted(self.book.values("supervision_days")):
            day = low
            while day <= high:
                rows.append((db.day(day), days, db.moment(clock.end_of_day(rules.supervision_due_on(self.cal, day, days)))))
                day += dt.timedelta(days=1)
        days_sql, days_params = _case("c.kind", self.book.differing("supervision_days"), self.book.default.supervision_days)
        skip_sql, skip_params = _not_in("c.kind", self.book.unsupervised)
        sql = (
            f"WITH smap(due_on, days, supervision_due_at) AS (VALUES {_values(rows)}), {HEAD_CTE} "
            f"INSERT INTO {W} ({WARNING_COLUMNS}) "
            f"SELECT {YELLOW}, '{DEADLINE}', c.id, c.kind, c.subject_type, c.subject_id, c.department_id, {_responsible('c')}, "
            f"c.due_at, m.supervision_due_at, c.due_at, %s, {resolved}, %s "
            f"FROM {C} c JOIN smap m ON m.due_on = c.due_on AND m.days = {days_sql} "
            f"WHERE {where} AND c.due_at <= %s AND c.due_on >= %s AND c.due_on <= %s{skip_sql} AND {self._absent(YELLOW, 'c.id')} "
            f"ON CONFLICT DO NOTHING"
        )
        params = [x for row in rows for x in row] + [True, db.moment(self.now), self.run.pk]
        params += days_params + where_params + [db.moment(self.as_of), db.day(low), db.day(high)] + skip_params
        return db.execute(sql, params)

    def red_cards(self) -> int:
        """A live pass looks at the yellow cards whose supervision deadline passed since the
        previous pass (an index on the open ones) and at the clocks that changed since; a
        backfill looks at every yellow card."""
        still_running = f"(c.state = {RUNNING} OR (c.state = {STOPPED} AND c.stopped_at > y.supervision_due_at))"
        if self.since is None:
            sources = [(still_running, [])]
        else:
            sources = [(f"y.resolved_at IS NULL AND y.supervision_due_at >= %s AND c.state = {RUNNING}", [db.moment(self.since)])]
            sources += [(f"{where} AND {still_running}", params) for where, params, _ in self._sources()[1:]]
        skip_sql, skip_params = _not_in("y.clock_kind", self.book.unsupervised)
        issued = 0
        for where, params in sources:
            issued += db.execute(
                f"INSERT INTO {W} ({WARNING_COLUMNS}) "
                f"SELECT {RED}, '{DEADLINE}', y.clock_id, y.clock_kind, y.subject_type, y.subject_id, y.department_id, y.responsible_id, "
                f"y.supervision_due_at, NULL, y.supervision_due_at, %s, CASE WHEN c.state = {STOPPED} THEN c.stopped_at END, %s "
                f"FROM {W} y JOIN {C} c ON c.id = y.clock_id "
                f"WHERE y.level = {YELLOW} AND y.supervision_due_at <= %s AND {where}{skip_sql} AND {self._absent(RED, 'y.clock_id')} "
                f"ON CONFLICT DO NOTHING",
                [db.moment(self.now), self.run.pk, db.moment(self.as_of), *params, *skip_params],
            )
        return issued

    # -- registered checks ----------------------------------------------------------------

    def check(self, check: checks.ExtraCheck) -> int:
        found, found_params = check.rows(self.as_of).query.sql_with_params()
        sql = (
            f"WITH {HEAD_CTE} INSERT INTO {W} ({WARNING_COLUMNS}) "
            f"SELECT %s, %s, NULL, '', q.subject_type, q.subject_id, q.department_id, {_responsible('q')}, "
            f"q.effective_at, NULL, q.effective_at, %s, NULL, %s "
            f"FROM ({found}) q "
            f"WHERE q.effective_at <= %s ON CONFLICT DO NOTHING"
        )
        return db.execute(sql, [True, check.level, check.code, db.moment(self.now), self.run.pk, *found_params, db.moment(self.as_of)])

    def resolve_check(self, check: checks.ExtraCheck) -> int:
        """A live pass resolves a check's warnings whose finding has gone (the reasons were
        added, the fee refunded ...)."""
        if not self.run.live:
            return 0
        found, found_params = check.rows(self.now).query.sql_with_params()
        return db.execute(
            f"UPDATE {W} SET resolved_at = %s WHERE clock_id IS NULL AND rule = %s AND resolved_at IS NULL "
            f"AND NOT EXISTS (SELECT 1 FROM ({found}) q WHERE q.subject_type = {W}.subject_type AND q.subject_id = {W}.subject_id)",
            [db.moment(self.now), check.code, *found_params],
        )

    # -- consequences ---------------------------------------------------------------------

    def faults(self) -> int:
        """A red card, and every finding of a check that says so, opens a fault."""
        opening = [c for c in checks.registered_checks() if c.opens_fault]
        kinds = sorted(set(KIND_NAMES) | set(self.book.kinds))
        kind_sql, kind_params = _case(
            "w.clock_kind",
            {k: f"电子监察红牌：“{kind_name(k)}”超过黄牌督办期限仍未办结" for k in kinds},
            "”超过黄牌督办期限仍未办结",
            default_sql="'电子监察红牌：“' || w.clock_kind || %s",
        )
        check_sql, check_params = _case("w.rule", {c.code: f"电子监察发现：{c.label}" for c in opening}, "电子监察发现问题")
        source_sql, source_params = _case("w.rule", {c.code: c.fault_source for c in opening}, FaultSource.SUPERVISION)
        codes = [c.code for c in opening]
        rule_in = f" OR w.rule IN ({', '.join(['%s'] * len(codes))})" if codes else ""
        rows = (
            f"SELECT CASE WHEN w.rule = '{DEADLINE}' THEN %s ELSE {source_sql} END AS source, w.department_id, s.id AS person_id, "
            f"w.subject_type, CAST(w.subject_id AS TEXT) AS subject_id, "
            f"(CASE WHEN w.rule = '{DEADLINE}' THEN {kind_sql} ELSE {check_sql} END) AS description, "
            f"w.effective_at AS occurred_at, w.id AS source_id, w.id AS warning_id "
            f"FROM mine w LEFT JOIN {STAFF} s ON s.user_id = w.responsible_id "
            f"WHERE w.department_id IS NOT NULL AND ((w.rule = '{DEADLINE}' AND w.level = {RED}){rule_in})"
        )
        params = [FaultSource.RED_CARD, *source_params, *kind_params, *check_params, *codes]
        return faults_open_bulk(by=None, source=WARNING_FAULTS, rows=rows, params=params, ctes=self._mine())

    def notifications(self) -> int:
        """One digest per recipient of the open warnings this pass issued: the responsible
        person of each; all the department's heads when the warning names nobody but the
        head who answers by default, or its level reaches the kind's ``heads_from``; the
        leaders in charge (分管领导, of the department or one above it) from the kind's
        ``leaders_from``.  The three groups are made disjoint (nobody hears of a warning twice)
        so that no large de-duplication is needed."""
        rank_sql = f"CASE w.level WHEN {NOTICE} THEN 1 WHEN {YELLOW} THEN 2 ELSE 3 END"
        heads_sql, heads_params = _case("w.clock_kind", self.book.differing("heads_rank"), self.book.default.heads_rank)
        leaders_sql, leaders_params = _case("w.clock_kind", self.book.differing("leaders_rank"), self.book.default.leaders_rank)
        counted = " || ".join(
            f"CASE WHEN SUM(CASE WHEN r.level = '{level}' THEN 1 ELSE 0 END) > 0 "
            f"THEN ' {label} ' || CAST(SUM(CASE WHEN r.level = '{level}' THEN 1 ELSE 0 END) AS TEXT) || ' 件' ELSE '' END"
            for level, label in ((Level.RED, "红牌"), (Level.YELLOW, "黄牌"), (Level.NOTICE, "临期预警"))
        )
        mine = self._mine("w.id, w.level, w.clock_kind, w.department_id, w.responsible_id").replace(
            " AND w.sweep_id", " AND w.resolved_at IS NULL AND w.sweep_id"
        )
        heads = (
            f"heads(department_id, user_id) AS (SELECT s.department_id, s.user_id FROM {STAFF} s JOIN {ROLE} r ON r.staff_id = s.id "
            f"WHERE r.role = {HEAD} AND s.is_active = %s), head(department_id, user_id) AS (SELECT department_id, MIN(user_id) FROM heads GROUP BY department_id)"
        )
        rows = (
            f"SELECT r.user_id AS recipient_id, '电子监察提醒：新增' || {counted} || '，请按期办结。' AS text FROM ("
            f"SELECT w.level, w.responsible_id AS user_id FROM mine w WHERE w.responsible_id IS NOT NULL "
            f"UNION ALL SELECT w.level, hs.user_id FROM mine w JOIN heads hs ON hs.department_id = w.department_id "
            f"LEFT JOIN head h ON h.department_id = w.department_id "
            f"WHERE (w.responsible_id IS NULL OR hs.user_id <> w.responsible_id) "
            f"AND (w.responsible_id IS NULL OR w.responsible_id = h.user_id OR {rank_sql} >= {heads_sql}) "
            f"UNION ALL SELECT w.level, s.user_id FROM mine w JOIN {DEPT} d ON d.id = w.department_id "
            f"JOIN {DEPT} ad ON d.path LIKE ad.path || '%%' JOIN {OVERSIGHT} a ON a.department_id = ad.id JOIN {STAFF} s ON s.id = a.leader_id "
            f"WHERE s.is_active = %s AND {rank_sql} >= {leaders_sql} AND (w.responsible_id IS NULL OR s.user_id <> w.responsible_id) "
            f"AND NOT EXISTS (SELECT 1 FROM heads hs WHERE hs.department_id = w.department_id AND hs.user_id = s.user_id)"
            f") r GROUP BY r.user_id"
        )
        return notify_bulk(
            category=NotificationCategory.WARNING,
            rows=rows,
            params=[*heads_params, True, *leaders_params],
            link=reverse("supervision:warnings") + f"?sweep={self.run.pk}",
            batch=self.run.pk,
            ctes=f"{mine}, {heads}",
            cte_params=(True,),
        )

    def summarise(self, breakdown: list[dict]) -> None:
        per_day: dict[tuple, int] = {}
        for r in breakdown:
            key = (r["day"], r["department_id"] or 0, r["level"])
            per_day[key] = per_day.get(key, 0) + r["n"]
        rows = sorted(per_day.items())
        for start in range(0, len(rows), 2000):
            chunk = rows[start : start + 2000]
            values = ", ".join(f"({_ph('date')}, %s, %s, %s)" for _ in chunk)
            db.execute(
                f"INSERT INTO {DAILY} (day, department_id, level, issued) VALUES {values} "
                f"ON CONFLICT (day, department_id, level) DO UPDATE SET issued = {DAILY}.issued + excluded.issued",
                [x for (day, dept, level), n in chunk for x in (db.day(day), dept, level, n)],
            )
