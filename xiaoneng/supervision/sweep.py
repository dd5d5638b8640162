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
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncDate
from django.urls import reverse

from xiaoneng.accountability.models import Fault, FaultSource, FaultStatus
from xiaoneng.accountability.rules import fault_key, fault_key_sql
from xiaoneng.accountability.services import fault_reinstate, fault_withdraw, faults_open_bulk
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
from xiaoneng.workdays.models import CalendarDay

from . import checks, open_counts, rules
from .defaults import KIND_NAMES, SAME_ACT
from .ladder import Ladder, case, ph
from .models import Level, OversightAssignment, SweepRun, Warning, WarningCityDaily, WarningDaily
from .rules import DEADLINE, LOCK_KEY, RuleBook
from .selectors import kind_name, rule_book

WARNING_FAULTS = "supervision.warning"  # the source of check faults (accountability's dedupe key: one per warning)
ACT_FAULTS = "supervision.act"  # the source of red-card faults: one per act (subject and round) and person
LATE_STOP_MARGIN = dt.timedelta(days=1)  # before the previous pass, for a pass that recorded no watermark
CLOCK_SKEW = dt.timedelta(seconds=30)  # clock differences between app servers and the database
RED_LOOKBACK_DAYS = 60  # calendar days before the previous pass in which a passed deadline may reach its red card
ISSUED_LIST_LIMIT = 100
CHANGED_BY_ID = 100_000  # changed clocks named by id up to this many; beyond, by their stamp

W, C = Warning._meta.db_table, Clock._meta.db_table
STAFF, ROLE, DEPT = Staff._meta.db_table, StaffRole._meta.db_table, Department._meta.db_table
OVERSIGHT, DAILY, CITY_DAILY = OversightAssignment._meta.db_table, WarningDaily._meta.db_table, WarningCityDaily._meta.db_table
WARNING_COLUMNS = (
    "level, rule, clock_id, clock_kind, subject_type, subject_id, department_id, responsible_id, "
    "due, supervision_due_at, effective_at, issued_at, resolved_at, sweep_id, withdrawn_reason"
)
# Enumerated values are written into the SQL as literals (they are fixed identifiers), so
# that the planners can match the partial indexes on them.
RUNNING, STOPPED, NOTICE, YELLOW, RED, HEAD = "'running'", "'stopped'", "'notice'", "'yellow'", "'red'", "'head'"

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
        previous = _previous_live() if live else None
        watermark = db.oldest_write_start(now) - CLOCK_SKEW
        run = SweepRun.objects.create(as_of=as_of, live=live, started_at=now, watermark=watermark, by=actor)
        sweep = _Pass(run, rule_book(), previous)
        counts = sweep.issue()
        first_ids = list(sweep.issued().order_by("id").values_list("id", flat=True)[:ISSUED_LIST_LIMIT])
        issued = list(Warning.objects.filter(pk__in=first_ids).select_related("department", "responsible__staff").order_by("id"))
        run.counts, run.finished_at = counts, clock.now()
        run.save(update_fields=["counts", "finished_at"])
        audit.record(actor=actor, action=Action.SWEEP, subject=run, after={"as_of": as_of, "live": live, **counts})
        if dry_run:
            transaction.set_rollback(True)
    return SweepResult(as_of=as_of, dry_run=dry_run, sweep_id=None if dry_run else run.pk, counts=counts, issued=issued)


# The act (subject, round, the act its clock kind watches) and person a red card's fault is
# about; a clock that names nobody answers through its department.
def _act_key_sql() -> tuple[str, list]:
    act_sql, act_params = case("w.clock_kind", SAME_ACT, "", default_sql="w.clock_kind || %s")
    sql = (
        f"w.subject_type || ':' || CAST(w.subject_id AS TEXT) || ':' || CAST(c.round AS TEXT) || ':' || {act_sql} || ':' "
        "|| COALESCE(CAST(s.id AS TEXT), 'd' || CAST(w.department_id AS TEXT))"
    )
    return sql, act_params


def _act_key(warning: Warning, round_: int, staff_id: int | None) -> str:
    """The key of :func:`_act_key_sql` for one card, in Python."""
    who = str(staff_id) if staff_id is not None else f"d{warning.department_id}"
    act = SAME_ACT.get(warning.clock_kind, warning.clock_kind)
    return fault_key(ACT_FAULTS, f"{warning.subject_type}:{warning.subject_id}:{round_}:{act}:{who}")


def _standing_red(fault: Fault) -> Warning | None:
    """The latest red card still standing for the act and person of ``fault``."""
    candidates = Warning.objects.filter(
        level=Level.RED, rule=DEADLINE, withdrawn_at__isnull=True, subject_type=fault.subject_type, subject_id=int(fault.subject_id or 0)
    ).order_by("-effective_at")
    rounds = dict(Clock.objects.filter(pk__in=[w.clock_id for w in candidates]).values_list("pk", "round"))
    staff = dict(Staff.objects.filter(user_id__in=[w.responsible_id for w in candidates if w.responsible_id]).values_list("user_id", "id"))
    for w in candidates:
        if _act_key(w, rounds.get(w.clock_id, 1), staff.get(w.responsible_id)) == fault.dedupe_key:
            return w
    return None


def _calendar_changed_since(since: dt.datetime, now: dt.datetime) -> bool:
    """Whether the working-day calendar changed between ``since`` and ``now``: then every
    clock is judged again."""
    return CalendarDay.objects.filter(updated_at__gte=since, updated_at__lte=now).exists()


def _previous_live() -> dict | None:
    """The previous live pass: when it started, its watermark (every change stamped earlier
    was visible to it) and its counts (which checks it ran)."""
    return SweepRun.objects.filter(live=True).order_by("-started_at").values("started_at", "watermark", "counts").first()


class _Pass:
    def __init__(self, run: SweepRun, book: RuleBook, previous: dict | None):
        # ``since``: the previous live pass's watermark — clock changes stamped from then on
        # (including transactions that were still open when it ran) are judged again.
        self.run, self.book = run, book
        self.as_of, self.now = run.as_of, run.started_at
        self.since = previous and (previous["watermark"] or previous["started_at"] - LATE_STOP_MARGIN)
        # The checks that read only rows stamped since: those the previous live pass ran, unless
        # this is the first live pass of the day, which reads everything again (a record made
        # around the services, without a new stamp, is found within a day).
        same_day = previous is not None and clock.local(previous["started_at"]).date() == clock.local(self.now).date()
        self.checked = set(previous["counts"].get("checks", {})) if same_day else set()
        self.cal = workdays.calendar()
        self.today = clock.local(self.as_of).date()
        # Passes are serialised, so this pass's warnings are the ids above this one.
        self.floor = db.last_id(Warning)

    def issued(self):
        return Warning.objects.filter(id__gt=self.floor, id__lte=self.ceiling, sweep=self.run)

    def _mine(self, columns: str = "*") -> str:
        """This pass's warnings, read by primary key range (a CTE the planner must not inline:
        its statistics do not know the rows just written)."""
        return f"mine AS MATERIALIZED (SELECT {columns} FROM {W} w WHERE w.id > {int(self.floor)} AND w.id <= {int(self.ceiling)} AND w.sweep_id = {int(self.run.pk)})"

    def issue(self) -> dict:
        self.open_delta = open_counts.Delta()
        judged = self.ladder()
        resolved = judged["resolved"]
        registered = checks.registered_checks()
        for check in registered:
            self.check(check)
            resolved += self.resolve_check(check)
        self.ceiling = db.last_id(Warning)
        counts = {level: 0 for level in Level.values} | {"resolved": resolved, "withdrawn": judged["withdrawn"], "checks": {c.code: 0 for c in registered}}
        breakdown = self.breakdown()
        for row in breakdown:
            counts[row["level"]] += row["n"]
            if row["rule"] != DEADLINE:
                counts["checks"][row["rule"]] += row["n"]
        counts["first_warning_id"] = min((r["first"] for r in breakdown), default=None)
        counts["last_warning_id"] = max((r["last"] for r in breakdown), default=None)
        counts["faults"] = self.faults()
        counts["faults_withdrawn"] = self.withdraw_faults()
        counts["notifications"] = self.notifications()
        self.summarise(breakdown)
        for row in breakdown:  # the new cards, as they stand at the end of the pass
            self.open_delta.add(row["department_id"], row["level"], row["rule"], row["open"])
        open_counts.apply(self.open_delta)
        return counts

    def breakdown(self) -> list[dict]:
        """This pass's warnings counted by level, rule, day and department — the counts and
        the daily summary from one read of the new rows."""
        return list(
            self.issued()
            .annotate(day=TruncDate("effective_at", tzinfo=clock.LOCAL_TZ))
            .values("level", "rule", "day", "department_id")
            .annotate(n=Count("id"), first=Min("id"), last=Max("id"), open=Count("id", filter=Q(resolved_at__isnull=True)))
            .order_by()
        )

    # -- the ladder (xiaoneng.supervision.ladder) -----------------------------------------

    def ladder(self) -> dict:
        """Judge the clocks that changed since the previous live pass again (every clock for a
        backfill, a first pass, or after the calendar changed), then issue what became due
        since: notices whose window opened, deadlines and supervision deadlines that passed."""
        ladder = Ladder(self.book, self.cal, now=self.now, as_of=self.as_of, sweep_id=self.run.pk, head_cte=HEAD_CTE, responsible=_responsible("c"))
        if self.since is None or _calendar_changed_since(self.since, self.now):
            changed, changed_params = "1 = 1", []
        else:
            changed, changed_params = self._changed_clocks()
        withdrawn, resolved = ladder.reconcile(changed, changed_params)
        self.withdrawn = withdrawn
        self.open_delta.update(ladder.open_delta)
        ladder.issue(changed, changed_params)
        if changed_params:
            ladder.issue(*self._falling_due())
        return {"withdrawn": len(withdrawn), "resolved": resolved}

    def _changed_clocks(self) -> tuple[str, list]:
        """The clocks stamped since the previous live pass, named by id: the planner then knows
        how many there are (a range of ``updated_at`` past its statistics reads as one row, and
        the ladder's statements then re-read every candidate once per candidate)."""
        since = db.moment(self.since)
        ids = [pk for (pk,) in db.rows(f"SELECT id FROM {C} WHERE updated_at >= %s", [since])]
        if len(ids) > CHANGED_BY_ID:
            return "c.updated_at >= %s", [since]
        return db.in_ids("c.id", ids)

    def _falling_due(self) -> tuple[str, list]:
        """Running clocks that may owe a card that became effective since the previous live
        pass: those inside a notice window, those whose deadline passed since, and those
        whose supervision deadline passed since (by their due dates)."""
        horizon = max(rules.notice_threshold(self.cal, self.today, lead) for lead in self.book.values("notice_lead_days"))
        ranges = [(self.as_of, clock.end_of_day(horizon)), (self.since, self.as_of)]
        day = self.since.date() - dt.timedelta(days=RED_LOOKBACK_DAYS)
        while day <= self.today:
            for days in self.book.values("supervision_days"):
                if self.since < clock.end_of_day(rules.supervision_due_on(self.cal, day, days)) <= self.as_of:
                    ranges.append((clock.start_of_day(day) - dt.timedelta(microseconds=1), clock.end_of_day(day)))
                    break
            day += dt.timedelta(days=1)
        sql = " OR ".join("(c.due_at > %s AND c.due_at <= %s)" for _ in ranges)
        return f"c.state = {RUNNING} AND ({sql})", [db.moment(x) for pair in ranges for x in pair]

    # -- registered checks ----------------------------------------------------------------

    def check(self, check: checks.ExtraCheck) -> int:
        since = self.since if check.code in self.checked else None
        found, found_params = check.rows(self.as_of, since=since).query.sql_with_params()
        sql = (
            f"WITH {HEAD_CTE} INSERT INTO {W} ({WARNING_COLUMNS}) "
            f"SELECT %s, %s, NULL, '', q.subject_type, q.subject_id, q.department_id, {_responsible('q')}, "
            f"q.effective_at, NULL, q.effective_at, %s, NULL, %s, '' "
            f"FROM ({found}) q "
            f"WHERE q.effective_at <= %s ON CONFLICT DO NOTHING"
        )
        return db.execute(sql, [True, check.level, check.code, db.moment(self.now), self.run.pk, *found_params, db.moment(self.as_of)])

    def resolve_check(self, check: checks.ExtraCheck) -> int:
        """A live pass resolves a check's warnings whose finding has gone (the reasons were
        added, the fee refunded ...): one look-up per open finding of the check."""
        if not self.run.live:
            return 0
        found, found_params = check.rows(self.now).query.sql_with_params()
        resolved = db.rows(
            f"UPDATE {W} SET resolved_at = %s WHERE clock_id IS NULL AND rule = %s AND resolved_at IS NULL "
            f"AND NOT EXISTS (SELECT 1 FROM ({found}) q WHERE q.subject_type = {W}.subject_type AND q.subject_id = {W}.subject_id) "
            "RETURNING id, department_id, level",
            [db.moment(self.now), check.code, *found_params],
        )
        # Cards of earlier passes leave the open counts here; this pass's own are counted as they end up.
        for pk, department_id, level in resolved:
            if pk <= self.floor:
                self.open_delta.add(department_id, level, check.code, -1)
        return len(resolved)

    # -- consequences ---------------------------------------------------------------------

    def faults(self) -> int:
        """A red card opens a fault — one per person per missed act (the act's subject and
        round): red cards of its commitment and legal clocks share the fault, which follows
        the later, more serious one.  Every finding of a check that says so opens a fault."""
        opening = [c for c in checks.registered_checks() if c.opens_fault]
        kinds = sorted(set(KIND_NAMES) | set(self.book.kinds))
        kind_sql, kind_params = case(
            "w.clock_kind",
            {k: f"电子监察红牌：“{kind_name(k)}”超过黄牌督办期限仍未办结" for k in kinds},
            "”超过黄牌督办期限仍未办结",
            default_sql="'电子监察红牌：“' || w.clock_kind || %s",
        )
        check_sql, check_params = case("w.rule", {c.code: f"电子监察发现：{c.label}" for c in opening}, "电子监察发现问题")
        source_sql, source_params = case("w.rule", {c.code: c.fault_source for c in opening}, FaultSource.SUPERVISION)

        act_sql, act_params = _act_key_sql()

        def rows(source: str, description: str, source_id: str, where: str) -> str:
            return (
                f"SELECT {source} AS source, w.department_id, s.id AS person_id, w.subject_type, CAST(w.subject_id AS TEXT) AS subject_id, "
                f"({description}) AS description, "
                f"w.effective_at AS occurred_at, {source_id} AS source_id, w.id AS warning_id "
                f"FROM mine w LEFT JOIN {STAFF} s ON s.user_id = w.responsible_id LEFT JOIN {C} c ON c.id = w.clock_id "
                f"WHERE w.department_id IS NOT NULL AND {where}"
            )

        reds = rows("%s", kind_sql, act_sql, f"w.rule = '{DEADLINE}' AND w.level = {RED}")
        reds_params = [FaultSource.RED_CARD, *kind_params, *act_params]
        opened = self.reinstate_faults(reds, reds_params)
        opened += faults_open_bulk(by=None, source=ACT_FAULTS, rows=reds, params=reds_params, ctes=self._mine(), most_serious=True)
        if opening:
            codes = [c.code for c in opening]
            opened += faults_open_bulk(
                by=None,
                source=WARNING_FAULTS,
                rows=rows(source_sql, check_sql, "w.id", f"w.rule IN ({', '.join(['%s'] * len(codes))})"),
                params=[*source_params, *check_params, *codes],
                ctes=self._mine(),
            )
        return opened

    def reinstate_faults(self, reds: str, params: list) -> int:
        """Faults withdrawn with an earlier red card of an act that this pass carded red again
        (its deadline moved, then was missed after all) are opened again on the new card."""
        key_sql, key_params = fault_key_sql(ACT_FAULTS, "r.source_id")
        found = db.rows(
            f"WITH {self._mine()} SELECT f.id, r.warning_id FROM (SELECT q.*, ROW_NUMBER() OVER (PARTITION BY q.source_id "
            f"ORDER BY q.occurred_at DESC, q.warning_id DESC) AS n FROM ({reds}) q) r "
            f"JOIN {Fault._meta.db_table} f ON f.dedupe_key = {key_sql} WHERE r.n = 1 AND f.status = %s",
            [*params, *key_params, FaultStatus.WITHDRAWN],
        )
        faults = Fault.objects.in_bulk([pk for pk, _ in found])
        cards = Warning.objects.in_bulk([warning_id for _, warning_id in found])
        for pk, warning_id in found:
            card = cards[warning_id]
            fault_reinstate(by=None, fault=faults[pk], warning_id=card.pk, occurred_at=card.effective_at, reason="同一事项按时限记录重新判定后仍超过红牌期限")
        return len(found)

    def withdraw_faults(self) -> int:
        """The faults opened on red cards this pass withdrew: moved to another red card of the
        same act and person that still stands, otherwise withdrawn (the person is told)."""
        reds = Warning.objects.filter(pk__in=self.withdrawn, level=Level.RED, rule=DEADLINE).values_list("pk", flat=True)
        done = 0
        for fault in Fault.objects.filter(warning_id__in=list(reds), status__in=[FaultStatus.REPORTED, FaultStatus.VERIFIED]):
            standing = _standing_red(fault)
            if standing is not None:
                Fault.objects.filter(pk=fault.pk).update(warning=standing, occurred_at=standing.effective_at)
            else:
                fault_withdraw(by=None, fault=fault, reason="所依据的电子监察红牌按时限记录重新判定不成立，已撤回")
            done += 1
        return done

    def notifications(self) -> int:
        """One digest per recipient of the open warnings this pass issued: the responsible
        person of each; all the department's heads when the warning names nobody but the
        head who answers by default, or its level reaches the kind's ``heads_from``; the
        leaders in charge (分管领导, of the department or one above it) from the kind's
        ``leaders_from``.  The three groups are made disjoint (nobody hears of a warning twice)
        so that no large de-duplication is needed."""
        rank_sql = f"CASE w.level WHEN {NOTICE} THEN 1 WHEN {YELLOW} THEN 2 ELSE 3 END"
        heads_sql, heads_params = case("w.clock_kind", self.book.differing("heads_rank"), self.book.default.heads_rank)
        leaders_sql, leaders_params = case("w.clock_kind", self.book.differing("leaders_rank"), self.book.default.leaders_rank)
        counted = " || ".join(
            f"CASE WHEN SUM(CASE WHEN r.level = '{level}' THEN 1 ELSE 0 END) > 0 "
            f"THEN ' {label} ' || CAST(SUM(CASE WHEN r.level = '{level}' THEN 1 ELSE 0 END) AS TEXT) || ' 件' ELSE '' END"
            for level, label in ((Level.RED, "红牌"), (Level.YELLOW, "黄牌"), (Level.NOTICE, "临期预警"))
        )
        mine = self._mine("w.id, w.level, w.clock_kind, w.department_id, w.responsible_id").replace(
            " AND w.sweep_id", f" AND w.resolved_at IS NULL AND (w.level <> {NOTICE} OR w.due > %s) AND w.sweep_id"
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
            cte_params=(db.moment(self.now), True),
        )

    def summarise(self, breakdown: list[dict]) -> None:
        """The pass's cards added to the daily summary per department and to the city's."""
        per_day: dict[tuple, int] = {}
        per_city_day: dict[tuple, int] = {}
        for r in breakdown:
            key = (r["day"], r["department_id"] or 0, r["level"])
            per_day[key] = per_day.get(key, 0) + r["n"]
            per_city_day[(r["day"], r["level"])] = per_city_day.get((r["day"], r["level"]), 0) + r["n"]
        day = {k: (db.day(k[0]), *k[1:]) for k in [*per_day, *per_city_day]}
        db.add_counts(DAILY, ("day", "department_id", "level"), "issued", {day[k]: n for k, n in per_day.items()}, placeholders=(ph("date"), "%s", "%s"))
        db.add_counts(CITY_DAILY, ("day", "level"), "issued", {day[k]: n for k, n in per_city_day.items()}, placeholders=(ph("date"), "%s"))
