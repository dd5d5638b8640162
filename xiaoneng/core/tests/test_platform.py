"""Health, background jobs, production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from xiaoneng.core import audit
from xiaoneng.core.models import AuditRecord

ROOT = Path(__file__).resolve().parents[3]


def test_healthz_reports_database_and_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["queue"].startswith("ok")


def test_every_periodic_job_names_a_registered_task():
    from xiaoneng.celery import app
    from xiaoneng.schedule import BEAT_SCHEDULE

    app.loader.import_default_modules()
    for name, entry in BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def _redis_or_skip(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"Redis 不可用：{url}")
        pytest.skip(f"Redis 不可用（{url}），跳过经真实消息队列运行任务的测试")


@pytest.mark.django_db(transaction=True)
def test_a_task_runs_through_the_real_redis_broker():
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    _redis_or_skip(url)
    app = Celery("xiaoneng-redis-test", broker=url, backend=url, set_as_current=False)
    app.conf.update(task_always_eager=False, task_ignore_result=False, worker_hijack_root_logger=False)
    import xiaoneng.core.tasks  # noqa: F401  registers the shared task on every app

    for i in range(3):
        audit.record(actor=None, action="test.queue", subject="test.thing", subject_id=i)
    from celery.signals import task_postrun
    from django.db import connection

    def close_worker_connection(**kwargs):
        connection.close()  # the worker thread's own connection

    task_postrun.connect(close_worker_connection, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = app.send_task("xiaoneng.core.tasks.seal_audit_log")
            sealed = result.get(timeout=30)
    finally:
        task_postrun.disconnect(close_worker_connection)
        from xiaoneng.celery import app as project_app

        # start_worker makes the test app the current one; later tasks must run in-process.
        project_app.set_current()
        project_app.set_default()
    assert sealed == AuditRecord.objects.count() >= 3
    assert not AuditRecord.objects.filter(seq__isnull=True).exists()
    assert audit.verify_chain()["ok"]


@pytest.mark.slow  # a subprocess with the production settings
def test_production_settings_pass_the_deploy_check():
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "xiaoneng.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "xiaoneng.example.gov.cn",
        "DATABASE_URL": "postgres://xiaoneng@127.0.0.1:5432/xiaoneng",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "XIAONENG_AUDIT_KEY": secrets.token_urlsafe(40),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # a subprocess with the production settings
def test_production_settings_refuse_to_start_without_a_secret():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DJANGO_SETTINGS_MODULE": "xiaoneng.settings.production"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.slow  # a subprocess with the production settings
def test_production_redirects_to_https_except_the_health_check():
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "xiaoneng.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "postgres://xiaoneng@127.0.0.1:5432/xiaoneng_absent",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "XIAONENG_AUDIT_KEY": secrets.token_urlsafe(40),
    }
    probe = "import django; django.setup(); from django.test import Client; c = Client();print(c.get('/healthz').status_code, c.get('/').status_code)"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    health, home = result.stdout.split()
    assert home == "301" and health in ("200", "503"), result.stdout + result.stderr
