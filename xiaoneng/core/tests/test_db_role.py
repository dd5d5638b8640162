"""The application's PostgreSQL role cannot switch the append-only trigger off, truncate or
rewrite the audit log (issue 13, item 5).  The test connects as such a role, made with the
grants docs/security.md documents (``manage.py db_grants``)."""

from __future__ import annotations

import os

import psycopg
import pytest
from django.db import connection

from xiaoneng.core.grants import app_role_grants

pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="database roles exist on PostgreSQL only")


def _connect(**overrides):
    s = connection.settings_dict
    params = {"host": s["HOST"] or None, "port": s["PORT"] or None, "user": s["USER"], "password": s["PASSWORD"] or None, "dbname": s["NAME"]} | overrides
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True)


@pytest.fixture
def app_role(transactional_db):
    role = f"xn_app_test_{os.getpid()}"
    with _connect() as owner:
        owner.execute(f'DROP ROLE IF EXISTS "{role}"')
        owner.execute(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE')
        for statement in app_role_grants(role, database=connection.settings_dict["NAME"]):
            owner.execute(statement)
    yield role
    with _connect() as owner:
        owner.execute(f'DROP OWNED BY "{role}"')
        owner.execute(f'DROP ROLE IF EXISTS "{role}"')


REFUSED = [
    "ALTER TABLE core_auditrecord DISABLE TRIGGER ALL",
    "ALTER TABLE core_auditrecord DISABLE TRIGGER core_auditrecord_append_only",
    "DROP TRIGGER core_auditrecord_append_only ON core_auditrecord",
    "TRUNCATE core_auditrecord",
    "TRUNCATE core_auditchainhead",
    "SET session_replication_role = replica",
    "DELETE FROM core_auditrecord",
    "UPDATE core_auditrecord SET note = 'x'",
    "UPDATE core_auditrecord SET seq = seq + 1000 WHERE seq IS NOT NULL",
]


def test_the_application_role_is_refused_what_would_rewrite_the_audit_log(app_role):
    with _connect(user=app_role, password=None) as app:
        with app.transaction():
            app.execute(
                "INSERT INTO core_auditrecord (at, actor_name, channel, action, subject_type, subject_id, note, prev_hash, hash) "
                "VALUES (now(), '系统', 'web', 'test.role', 'test', '1', '', '', '')"
            )
            app.execute("UPDATE core_auditrecord SET seq = 999999, prev_hash = 'p', hash = 'h' WHERE action = 'test.role'")  # sealing, once
            for statement in REFUSED:
                with pytest.raises(psycopg.Error), app.transaction():
                    app.execute(statement)
            # Ordinary work still goes through.
            assert app.execute("SELECT count(*) FROM core_auditrecord WHERE action = 'test.role'").fetchone() == (1,)
            raise psycopg.Rollback()
