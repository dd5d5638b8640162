"""The warning ladder as a function of each clock's history (docs/supervision.md).

For a clock C of a supervised kind, with its current due moment D (after every extension,
excluded period and calendar change, whenever they were recorded), its halt H (the act time
of its stop, or of its pause while paused; none while running) and "excused" when it stopped
and was judged met:

- **notice** on D, effective E = the start of its notice window (or C's creation if later),
  holds iff E < D and (no H or H > E);
- **yellow** on D, effective D, supervision deadline S = the end of the day N working days
  after D, holds iff not excused and (no H or H > D);
- **red** on S, effective S, holds iff not excused and (no H or H > S);

each resolved at H.  A pass derives these rows in SQL for a set of candidate clocks
(``cand``), withdraws the cards of those clocks that no longer match (:meth:`Ladder.reconcile`),
corrects their ``resolved_at`` and inserts what is missing with E <= the pass's moment.  What
the cards in force at T are therefore depends only on the clocks, never on when passes ran.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.core import sql as db
from xiaoneng.workdays.rules import WorkCalendar

from . import rules
from .models import Warning, WithdrawnBecause
from .open_counts import Delta
from .rules import DEADLINE, RuleBook

W, C = Warning._meta.db_table, Clock._meta.db_table
RUNNING, STOPPED, PAUSED = "'running'", "'stopped'", "'paused'"
MAP_WINDOW_DAYS = 500  # due dates per statement (keeps parameters under SQLite's limit)
ID_CHUNK = 500
_PG_TYPES = {"date": "date", "int": "integer", "ts": "timestamp with time zone"}


def ph(sql_type: str) -> str:
    """A placeholder typed for PostgreSQL (literals in VALUES lists are untyped there)."""
    return f"CAST(%s AS {_PG_TYPES[sql_type]})" if connection.vendor == "postgresql" else "%s"


def case(column: str, mapping: dict, default, *, default_sql: str = "%s") -> tuple[str, list]:
    """``CASE column WHEN k THEN v … ELSE default END`` (just the default when nothing differs);
    ``default_sql`` may be an expression with one placeholder for ``default``."""
    if not mapping:
        return default_sql, [default]
    sql = "CASE " + column + " WHEN %s THEN %s" * len(mapping) + f" ELSE {default_sql} END"
    return sql, [x for pair in mapping.items() for x in pair] + [default]


def not_in(column: str, values: list) -> tuple[str, list]:
    if not values:
        return "", []
    return f" AND {column} NOT IN ({', '.join(['%s'] * len(values))})", list(values)


def same(a: str, b: str) -> str:
    """``a`` equals ``b``, NULL equal to NULL."""
    return f"{a} IS NOT DISTINCT FROM {b}" if connection.vendor == "postgresql" else f"{a} IS {b}"


def _windows(first: dt.date, last: dt.date):
    while first <= last:
        end = min(last, first + dt.timedelta(days=MAP_WINDOW_DAYS - 1))
        yield first, end
        first = end + dt.timedelta(days=1)


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


class Ladder:
    """The ladder's statements for one pass (``now`` the recording moment, ``as_of`` the
    moment judged)."""

    def __init__(self, book: RuleBook, cal: WorkCalendar, *, now: dt.datetime, as_of: dt.datetime, sweep_id: int, head_cte: str, responsible: str):
        self.book, self.cal, self.now, self.as_of, self.sweep_id = book, cal, now, as_of, sweep_id
        self.head_cte, self.responsible = head_cte, responsible
        # What reconcile changed in the open counts (cards withdrawn, resolved or reopened);
        # the cards issue() inserts are counted by the pass from its new rows.
        self.open_delta = Delta()

    # -- the derivation -----------------------------------------------------------------

    def _maps(self, low: dt.date, high: dt.date) -> tuple[str, list]:
        """Per due date: the start of each notice window and each supervision deadline."""
        notice, supervision = [], []
        for lead in sorted(self.book.values("notice_lead_days")):
            notice += [(db.day(d), lead, db.moment(clock.start_of_day(rules.notice_starts_on(self.cal, d, lead)))) for d in _days(low, high)]
        for days in sorted(self.book.values("supervision_days")):
            supervision += [(db.day(d), days, db.moment(clock.end_of_day(rules.supervision_due_on(self.cal, d, days)))) for d in _days(low, high)]
        row = f"({ph('date')}, {ph('int')}, {ph('ts')})"
        sql = (
            f"nmap(due_on, lead, starts_at) AS (VALUES {', '.join([row] * len(notice))}), "
            f"smap(due_on, days, sdue) AS (VALUES {', '.join([row] * len(supervision))})"
        )
        return sql, [x for r in notice + supervision for x in r]

    def _ctes(self, source: str, source_params: list, low: dt.date, high: dt.date) -> tuple[str, list]:
        """``cand``: the candidate clocks due between ``low`` and ``high``; ``want``: the cards
        they owe (every level, whatever the pass's moment)."""
        maps, map_params = self._maps(low, high)
        lead_sql, lead_params = case("c.kind", self.book.differing("notice_lead_days"), self.book.default.notice_lead_days)
        days_sql, days_params = case("c.kind", self.book.differing("supervision_days"), self.book.default.supervision_days)
        skip_sql, skip_params = not_in("c.kind", self.book.unsupervised)
        null_ts = "CAST(NULL AS timestamp with time zone)" if connection.vendor == "postgresql" else "NULL"
        sql = (
            f"{maps}, "
            f"cand AS MATERIALIZED (SELECT c.id, c.due_on, c.due_at, c.created_at, "
            f"CASE c.state WHEN {STOPPED} THEN c.stopped_at WHEN {PAUSED} THEN c.paused_at END AS halt, "
            f"CASE WHEN c.state = {STOPPED} AND c.met = %s THEN 1 ELSE 0 END AS excused, {lead_sql} AS lead, {days_sql} AS days "
            f"FROM {C} c WHERE ({source}) AND c.due_on >= %s AND c.due_on <= %s{skip_sql}), "
            f"want(clock_id, level, due, sdue, eff, resolved) AS ("
            f"SELECT n.id, 'notice', n.due_at, {null_ts}, n.eff, n.halt FROM (SELECT k.id, k.due_at, k.halt, "
            f"CASE WHEN k.created_at > m.starts_at THEN k.created_at ELSE m.starts_at END AS eff "
            f"FROM cand k JOIN nmap m ON m.due_on = k.due_on AND m.lead = k.lead) n WHERE n.eff < n.due_at AND (n.halt IS NULL OR n.halt > n.eff) "
            f"UNION ALL SELECT k.id, 'yellow', k.due_at, s.sdue, k.due_at, k.halt FROM cand k JOIN smap s ON s.due_on = k.due_on AND s.days = k.days "
            f"WHERE k.excused = 0 AND (k.halt IS NULL OR k.halt > k.due_at) "
            f"UNION ALL SELECT k.id, 'red', s.sdue, {null_ts}, s.sdue, k.halt FROM cand k JOIN smap s ON s.due_on = k.due_on AND s.days = k.days "
            f"WHERE k.excused = 0 AND (k.halt IS NULL OR k.halt > s.sdue))"
        )
        return sql, [*map_params, True, *lead_params, *days_params, *source_params, db.day(low), db.day(high), *skip_params]

    def _spans(self, source: str, params: list):
        """The windows of due dates the candidates of ``source`` fall in."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MIN(c.due_on), MAX(c.due_on) FROM {C} c WHERE {source}", params)
            first, last = cursor.fetchone()
        if first is None:
            return []
        return list(_windows(_as_date(first), _as_date(last)))

    # -- the statements -----------------------------------------------------------------

    def reconcile(self, source: str, params: list) -> tuple[list[int], int]:
        """Judge the clocks of ``source`` again: withdraw their cards that no longer hold and
        correct when the others were resolved.  Returns the ids withdrawn and how many
        ``resolved_at`` changed."""
        withdrawn, resolved = [], 0
        match = f"x.clock_id = w.clock_id AND x.level = w.level AND x.due = w.due AND x.eff = w.effective_at AND {same('x.sdue', 'w.supervision_due_at')}"
        for low, high in self._spans(source, params):
            ctes, cte_params = self._ctes(source, params, low, high)
            reason = (
                "CASE WHEN k.excused = 1 THEN %s WHEN k.halt IS NOT NULL AND k.halt <= w.effective_at THEN %s "
                "WHEN (w.level = 'red' AND w.due <> w2.sdue) OR (w.level <> 'red' AND w.due <> k.due_at) THEN %s ELSE %s END"
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f"WITH {ctes} SELECT w.id, {reason}, w.department_id, w.level, CASE WHEN w.resolved_at IS NULL THEN 1 ELSE 0 END "
                    f"FROM {W} w JOIN cand k ON k.id = w.clock_id "
                    # The red card's due moment the clock owes now: its yellow card's supervision
                    # deadline, read from the small map (a join on ``want`` ran as a nested loop).
                    f"LEFT JOIN smap w2 ON w2.due_on = k.due_on AND w2.days = k.days "
                    f"WHERE w.withdrawn_at IS NULL AND w.rule = '{DEADLINE}' AND NOT EXISTS (SELECT 1 FROM want x WHERE {match})",
                    [*cte_params, WithdrawnBecause.MET, WithdrawnBecause.HALTED, WithdrawnBecause.MOVED, WithdrawnBecause.RECOMPUTED],
                )
                found = cursor.fetchall()
            for _, _, department_id, level, was_open in found:
                self.open_delta.add(department_id, level, DEADLINE, -was_open)
            for because in WithdrawnBecause.values:
                ids = [pk for pk, r, *_ in found if r == because]
                for start in range(0, len(ids), ID_CHUNK):
                    chunk = ids[start : start + ID_CHUNK]
                    db.execute(
                        f"UPDATE {W} SET withdrawn_at = %s, withdrawn_reason = %s, resolved_at = effective_at WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                        [db.moment(self.now), because, *chunk],
                    )
            withdrawn += [pk for pk, *_ in found]
            # The rows the update below changes, read first: closed (-1) or reopened (+1).
            self.open_delta.add_rows(
                db.rows(
                    f"WITH {ctes} SELECT w.department_id, w.level, w.rule, "
                    f"SUM(CASE WHEN x.resolved IS NULL THEN 1 ELSE 0 END - CASE WHEN w.resolved_at IS NULL THEN 1 ELSE 0 END) "
                    f"FROM {W} w JOIN want x ON {match} "
                    f"WHERE w.withdrawn_at IS NULL AND w.rule = '{DEADLINE}' AND w.clock_id IN (SELECT id FROM cand) "
                    f"AND NOT ({same('x.resolved', 'w.resolved_at')}) GROUP BY w.department_id, w.level, w.rule",
                    cte_params,
                )
            )
            resolved += db.execute(
                f"WITH {ctes} UPDATE {W} SET resolved_at = (SELECT x.resolved FROM want x WHERE {match.replace('w.', f'{W}.')}) "
                f"WHERE {W}.withdrawn_at IS NULL AND {W}.rule = '{DEADLINE}' AND {W}.clock_id IN (SELECT id FROM cand) "
                f"AND EXISTS (SELECT 1 FROM want x WHERE {match.replace('w.', f'{W}.')} AND NOT ({same('x.resolved', f'{W}.resolved_at')}))",
                cte_params,
            )
        return withdrawn, resolved

    def issue(self, source: str, params: list) -> int:
        """Insert the cards the clocks of ``source`` owe by the pass's moment and do not have."""
        issued = 0
        for low, high in self._spans(source, params):
            ctes, cte_params = self._ctes(source, params, low, high)
            issued += db.execute(
                f"WITH {ctes}, {self.head_cte} "
                f"INSERT INTO {W} (level, rule, clock_id, clock_kind, subject_type, subject_id, department_id, responsible_id, "
                f"due, supervision_due_at, effective_at, issued_at, resolved_at, sweep_id, withdrawn_reason) "
                f"SELECT x.level, '{DEADLINE}', c.id, c.kind, c.subject_type, c.subject_id, c.department_id, {self.responsible}, "
                f"x.due, x.sdue, x.eff, %s, x.resolved, %s, '' FROM want x JOIN {C} c ON c.id = x.clock_id "
                f"WHERE x.eff <= %s AND NOT EXISTS (SELECT 1 FROM {W} y WHERE y.clock_id = x.clock_id AND y.level = x.level AND y.due = x.due AND y.withdrawn_at IS NULL) "
                f"ON CONFLICT DO NOTHING",
                [*cte_params, True, db.moment(self.now), self.sweep_id, db.moment(self.as_of)],
            )
        return issued


def _days(low: dt.date, high: dt.date):
    day = low
    while day <= high:
        yield day
        day += dt.timedelta(days=1)
