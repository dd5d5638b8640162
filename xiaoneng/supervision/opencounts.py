"""Open warnings per department, level and rule (``OpenWarningCount``), so that the
supervision dashboard's counts for "now" read a few hundred rows instead of every open
warning (2 million in a city with a large backlog).

The sweeper is the only writer of warnings: each pass adds what it issued still open and
subtracts what it resolved (the resolving statements return the rows they stamp), in its
own transaction, so the counts are exactly those of the warnings table whenever a
transaction can see them.  The migration that adds them counts the warnings already there."""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.db.models import Sum

from xiaoneng.core import sql as db

from .models import OpenWarningCount, Warning

W, COUNTS = Warning._meta.db_table, OpenWarningCount._meta.db_table


def resolving(update_sql: str, params: list, deltas: Counter) -> int:
    """Run an ``UPDATE`` of the warnings table that resolves rows, subtracting each row it
    resolves from ``deltas``; the number of rows resolved."""
    returning = f"{update_sql} RETURNING {W}.department_id, {W}.level, {W}.rule"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # grouped in the database: a catch-up may resolve millions
            cursor.execute(f"WITH r AS ({returning}) SELECT department_id, level, rule, COUNT(*) FROM r GROUP BY 1, 2, 3", params)
            rows = cursor.fetchall()
        else:
            cursor.execute(returning, params)
            rows = [(*row, 1) for row in cursor.fetchall()]
    total = 0
    for department_id, level, rule, n in rows:
        deltas[(department_id or 0, level, rule)] -= n
        total += n
    return total


def apply(deltas: Counter) -> None:
    """Add the changes of one pass to the counts (in the pass's transaction)."""
    rows = sorted((key, n) for key, n in deltas.items() if n)
    for start in range(0, len(rows), 2000):
        chunk = rows[start : start + 2000]
        values = ", ".join("(%s, %s, %s, %s)" for _ in chunk)
        db.execute(
            f"INSERT INTO {COUNTS} (department_id, level, rule, open) VALUES {values} "
            f"ON CONFLICT (department_id, level, rule) DO UPDATE SET open = {COUNTS}.open + excluded.open",
            [x for (dept, level, rule), n in chunk for x in (dept, level, rule, n)],
        )


def by_department(levels_and_rules) -> list[dict]:
    """Open counts per department for each ``name: Q`` filter on (level, rule)."""
    return list(
        OpenWarningCount.objects.values("department_id").annotate(**{name: Sum("open", filter=q, default=0) for name, q in levels_and_rules.items()}).order_by()
    )
