"""Bulk writes for the generated city: ``COPY … FROM STDIN`` on PostgreSQL (psycopg 3),
``executemany`` of one prepared INSERT on SQLite.  Rows are tuples in column order; ids are
given explicitly where other rows point at them, and the sequences are moved past them."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write(model, columns: list[str], rows: list) -> int:
    if not rows:
        return 0
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
            cursor.executemany(sql, [[_sqlite_value(v) for v in row] for row in rows])
    return len(rows)


@contextmanager
def bulk_load(*models):
    """On PostgreSQL: load without per-row foreign-key triggers (``session_replication_role
    = replica``; the rows are consistent by construction) and without the tables' secondary
    indexes, which are rebuilt at the end in one pass each — much faster than maintaining
    them row by row.  Indexes that back a constraint stay."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute("SET session_replication_role = replica")
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _, definition in indexes:
                cursor.execute(definition)
            cursor.execute("RESET session_replication_role")


def reset_sequences(*models) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


def analyze(*models) -> None:
    """Planner statistics and (PostgreSQL, outside a transaction) the visibility map for
    index-only scans — what autovacuum would do shortly after a bulk load."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        tables = ", ".join(m._meta.db_table for m in models)
        cursor.execute(("ANALYZE " if connection.in_atomic_block else "VACUUM ANALYZE ") + tables)
