"""Open-warning counts per department, level and rule (:class:`OpenWarningCount`), kept exactly
by the sweeper so that the dashboard never reads the open warnings themselves (two million
of them in a five-million-case city).

A pass changes which cards are open in three ways, and each statement that does so reports
its change by (department, level, rule) from the same rows it touches:

- withdrawing cards (the ladder's reconcile reads the ids to withdraw, with whether each was
  open, before it writes them);
- correcting ``resolved_at`` (a grouped read of exactly the rows the update will change, in
  the same transaction, before it);
- resolving a check's findings (a grouped read of the rows the update will resolve);

and the cards it inserts are counted from their final state when the pass reads its new rows
back (``breakdown``).  Changes to this pass's own new rows are therefore left out of the
first three.  The pass then applies the sum in one ``INSERT … ON CONFLICT DO UPDATE``.  A
dry run rolls the counts back with everything else.  :func:`differences` recounts from the
warnings (``manage.py supervision_counts``), and :func:`counts_rebuild` writes the recount."""

from __future__ import annotations

from collections import Counter

from django.db import connection, transaction

from xiaoneng.core import audit
from xiaoneng.core import sql as db
from xiaoneng.core.errors import Forbidden
from xiaoneng.core.people import person

from .access import access_run_sweep
from .codes import Action
from .models import OpenWarningCount, Warning
from .rules import LOCK_KEY

COUNTS, W = OpenWarningCount._meta.db_table, Warning._meta.db_table

Key = tuple[int, str, str]  # (department id or 0, level, rule)


class Delta(Counter):
    """Changes to the open counts, by (department id or 0, level, rule)."""

    def add(self, department_id: int | None, level: str, rule: str, n: int) -> None:
        if n:
            self[(department_id or 0, level, rule)] += n

    def add_rows(self, rows) -> None:
        """Rows of (department id, level, rule, change) as a grouped read returns them."""
        for department_id, level, rule, n in rows:
            self.add(department_id, level, rule, int(n or 0))


def apply(delta: Delta) -> int:
    """Add ``delta`` to the kept counts."""
    return db.add_counts(COUNTS, ("department_id", "level", "rule"), "open", delta)


def add_open_rows(where: str, params: list) -> None:
    """Count the open warnings matching ``where`` into the kept counts, in one statement (for
    rows written outside a pass, such as the benchmark's copied backlog)."""
    db.execute(
        f"INSERT INTO {COUNTS} (department_id, level, rule, open) "
        f"SELECT COALESCE(department_id, 0), level, rule, COUNT(*) FROM {W} WHERE resolved_at IS NULL AND ({where}) "
        f"GROUP BY COALESCE(department_id, 0), level, rule "
        f"ON CONFLICT (department_id, level, rule) DO UPDATE SET open = {COUNTS}.open + excluded.open",
        params,
    )


def kept() -> dict[Key, int]:
    return {(d, lv, r): n for d, lv, r, n in OpenWarningCount.objects.values_list("department_id", "level", "rule", "open") if n}


def recount() -> dict[Key, int]:
    """The counts from the warnings themselves (reads every open warning)."""
    rows = db.rows(
        f"SELECT COALESCE(department_id, 0), level, rule, COUNT(*) FROM {W} WHERE resolved_at IS NULL GROUP BY COALESCE(department_id, 0), level, rule", []
    )
    return {(d, lv, r): n for d, lv, r, n in rows}


def differences() -> list[tuple[Key, int, int]]:
    """(key, kept, counted) wherever the kept counts and a recount differ."""
    have, want = kept(), recount()
    return sorted((key, have.get(key, 0), want.get(key, 0)) for key in have.keys() | want.keys() if have.get(key, 0) != want.get(key, 0))


@transaction.atomic
def counts_rebuild(*, by) -> list[tuple[Key, int, int]]:
    """Replace the kept counts with a recount, under the sweeper's lock so that no pass runs
    meanwhile; the differences found are audited and returned."""

    if by is not None and not access_run_sweep(by):
        raise Forbidden("只有效能监督人员可以重算预警计数")
    if connection.vendor == "postgresql":
        db.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    found = differences()
    OpenWarningCount.objects.all().delete()
    add_open_rows("1 = 1", [])
    audit.record(
        actor=person(by),
        action=Action.OPEN_COUNTS_REBUILD,
        subject=OpenWarningCount._meta.label_lower,
        subject_id="",
        after={"differences": [{"department_id": d, "level": lv, "rule": r, "kept": a, "counted": b} for (d, lv, r), a, b in found]},
    )
    return found
