"""Running hand-written set-based SQL (sweeps, bulk writes) the same way on PostgreSQL and
SQLite."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections, models


def execute(sql: str, params: list) -> int:
    """Run one statement; the number of rows it wrote."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.rowcount < 0:  # Python's sqlite3 counts nothing for statements that start with WITH
            cursor.execute("SELECT changes()")
            return cursor.fetchone()[0]
        return cursor.rowcount


def rows(sql: str, params: list) -> list[tuple]:
    """Run one query; its rows."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@cache
def _insert_statement(model: type[models.Model], count: int, vendor: str) -> tuple[str, tuple]:
    meta = model._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([one] * count)} RETURNING {quote(meta.pk.column)}", fields


def insert(*objs: models.Model) -> None:
    """Insert new rows of one model in one statement and give each object its id: what
    ``save()`` or ``bulk_create`` would write (fields' defaults and ``auto_now`` stamps
    included), with the statement built once per model and row count instead of for every
    call.  For the few writes every intake makes, where the ORM's statement building cost
    more CPU than the rows themselves.  No signals are sent (nothing listens for them)."""
    if any(obj.pk is not None for obj in objs):
        raise ValueError("sql.insert writes new rows only")
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: every lookup through the proxy costs
    model = type(objs[0])
    size = db.ops.bulk_batch_size(model._meta.concrete_fields, objs)  # SQLite's parameter limit
    for start in range(0, len(objs), size):
        chunk = objs[start : start + size]
        sql, fields = _insert_statement(model, len(chunk), db.vendor)
        params = [field.get_db_prep_save(field.pre_save(obj, True), db) for obj in chunk for field in fields]
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        for obj, pk in zip(chunk, ids, strict=True):
            obj.pk = pk
            obj._state.adding, obj._state.db = False, db.alias


def add_counts(table: str, keys: tuple[str, ...], column: str, counts: dict[tuple, int], *, placeholders: tuple[str, ...] | None = None) -> int:
    """Add ``counts`` (keyed by the values of ``keys``) to ``table.column``, inserting the keys
    not there yet: one ``INSERT … ON CONFLICT DO UPDATE`` per two thousand keys (SQLite's
    parameter limit).  ``placeholders`` types the keys' values where PostgreSQL needs it."""
    rows = sorted((key, n) for key, n in counts.items() if n)
    one = "(" + ", ".join([*(placeholders or ["%s"] * len(keys)), "%s"]) + ")"
    for start in range(0, len(rows), 2000):
        chunk = rows[start : start + 2000]
        execute(
            f"INSERT INTO {table} ({', '.join(keys)}, {column}) VALUES {', '.join([one] * len(chunk))} "
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {column} = {table}.{column} + excluded.{column}",
            [x for key, n in chunk for x in (*key, n)],
        )
    return len(rows)


def in_ids(column: str, ids: list[int]) -> tuple[str, list]:
    """``column`` is one of ``ids``, as one parameter: a PostgreSQL array (whose length the
    planner sees) or, on SQLite, a JSON list."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


def last_id(model) -> int:
    """The highest id handed out for ``model``'s table so far (0 if none).  On PostgreSQL it is
    read from the table's sequence: reading the top of a large primary-key index right after a
    bulk write visits every dead row version there (seconds on a table of millions)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {sequence}")
        else:
            cursor.execute(f"SELECT MAX(id) FROM {table}")
        return cursor.fetchone()[0] or 0


def oldest_write_start(now: dt.datetime) -> dt.datetime:
    """The moment before which every change is visible to the caller: the start of the oldest
    other transaction that is writing (PostgreSQL), or ``now`` (SQLite runs one writer at a
    time).  Changes stamped with a later moment may still be on their way."""
    if connection.vendor != "postgresql":
        return now
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MIN(xact_start) FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        )
        oldest = cursor.fetchone()[0]
    return min(now, oldest) if oldest else now


def moment(value: dt.datetime):
    """A datetime as the database driver takes it in a raw statement."""
    return connection.ops.adapt_datetimefield_value(value)


def day(value: dt.date):
    return connection.ops.adapt_datefield_value(value)
