"""Backups (issue 13, item 9): every stored file is checked after a restore, ``/healthz``
says degraded when evidence is missing, downloads of a missing file answer 404 (not 500),
and a PostgreSQL dump restored into a new database passes ``audit_verify`` and
``check_files`` (docs/operations.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from xiaoneng.core import anchors, audit
from xiaoneng.workorders import services
from xiaoneng.workorders.services import Requester, Upload
from xiaoneng.workorders.tests.conftest import at

ROOT = Path(__file__).resolve().parents[3]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32


def _case_with_file(city):
    from xiaoneng.core import clock

    with clock.frozen(at(2026, 12, 1, 10)):
        case = services.workorder_create(
            by=city.user("dispatcher"), channel="hotline", type="complaint", content="路灯不亮", requester=Requester(name="王五", phone="13700001111")
        )
        services.attachment_add(by=city.user("dispatcher"), workorder=case, upload=Upload(name="现场.png", content=PNG))
    return case


def test_a_missing_file_is_found_reported_and_answered(city, capsys):
    case = _case_with_file(city)
    call_command("check_files")
    assert json.loads(capsys.readouterr().out)["ok"] is True
    attachment = case.attachments.get()
    Path(attachment.file.path).unlink()
    with pytest.raises(CommandError, match="1 个文件缺失"):
        call_command("check_files")
    health = Client().get("/healthz")
    assert health.status_code == 503 and health.json()["files"].startswith("missing: 1")
    client = Client(raise_request_exception=False)
    client.force_login(city.user("dispatcher"))
    page = client.get(f"/staff/workorders/{case.pk}/files/{attachment.pk}/")
    assert page.status_code == 404 and "缺失" in page.content.decode()


@pytest.mark.slow
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="pg_dump and pg_restore are PostgreSQL's")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="postgresql-client is not installed")
def test_a_dump_restored_into_a_new_database_verifies(transactional_db, city, tmp_path):
    _case_with_file(city)
    audit.seal_pending()
    anchors.write(force=True)
    db = connection.settings_dict
    env = os.environ | {"PGHOST": db["HOST"] or "127.0.0.1", "PGPORT": str(db["PORT"] or 5432), "PGUSER": db["USER"]}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    dump, restored = tmp_path / "xiaoneng.dump", f"{db['NAME']}_restored"
    media_copy = tmp_path / "media"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), db["NAME"]], env=env, check=True, timeout=120)
    shutil.copytree(settings.MEDIA_ROOT, media_copy)  # the media files, backed up beside the dump
    subprocess.run(["dropdb", "--if-exists", restored], env=env, check=True, timeout=60)
    subprocess.run(["createdb", restored], env=env, check=True, timeout=60)
    try:
        subprocess.run(["pg_restore", "--no-owner", "-d", restored, str(dump)], env=env, check=True, timeout=120)
        app_env = env | {
            "DJANGO_SETTINGS_MODULE": "xiaoneng.settings.local",
            "DATABASE_URL": f"postgres://{db['USER']}@{env['PGHOST']}:{env['PGPORT']}/{restored}",
            "MEDIA_ROOT": str(media_copy),
            "XIAONENG_VAR_DIR": str(tmp_path / "var"),
            "XIAONENG_AUDIT_KEY": settings.XIAONENG["AUDIT_KEY"],
            "XIAONENG_AUDIT_ANCHOR_DIR": settings.XIAONENG["AUDIT_ANCHOR_DIR"],
        }

        def manage(*args):
            return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=app_env, capture_output=True, text=True, timeout=120)

        verified = manage("audit_verify", "--no-seal")
        assert verified.returncode == 0, verified.stdout + verified.stderr
        result = json.loads(verified.stdout)
        assert result["ok"] and result["anchors"] >= 1 and result["checked"] >= 1
        checked = manage("check_files")
        assert checked.returncode == 0 and json.loads(checked.stdout)["checked"] == 1, checked.stdout + checked.stderr
        shutil.rmtree(media_copy)  # a database-only restore is caught
        assert manage("check_files").returncode == 1
    finally:
        subprocess.run(["dropdb", "--if-exists", restored], env=env, check=False, timeout=60)
