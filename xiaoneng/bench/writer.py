"""Bulk writes for the generated city: ``COPY … FROM STDIN`` on PostgreSQL (psycopg 3),
``executemany`` of one prepared INSERT on SQLite.  Rows are tuples in column order; ids are
given explicitly where other rows point at them, and the sequences are moved past them."""

from __future__ import annotations

import datetime as dt

from django.core.management.color import no_style
from django.db import connection


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(" ")
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


def reset_sequences(*models) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
