"""The rights of the application's PostgreSQL role (docs/security.md).

The tables belong to a separate owner role that runs migrations; the application connects
as a role that may read and write rows and nothing more: it does not own any table, so it
cannot ``ALTER TABLE … DISABLE TRIGGER`` or drop the append-only trigger; it has no
``TRUNCATE``; it may not delete or rewrite audit records (``UPDATE`` of the three sealing
columns only, and the trigger lets those be filled once); and, not being a superuser, it
cannot ``SET session_replication_role`` to switch triggers off.
"""

from __future__ import annotations

AUDIT_TABLE = "core_auditrecord"
SEAL_COLUMNS = ("seq", "prev_hash", "hash")


def app_role_grants(role: str, *, database: str, schema: str = "public") -> list[str]:
    """The statements an administrator runs (as the owner) after each migration."""
    q = f'"{role}"'
    return [
        f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC',
        f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {q}',
        f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {schema} TO {q}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {q}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {q}",
        f"REVOKE UPDATE, DELETE ON {schema}.{AUDIT_TABLE} FROM {q}",
        f"GRANT UPDATE ({', '.join(SEAL_COLUMNS)}) ON {schema}.{AUDIT_TABLE} TO {q}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {q}",
    ]
