"""The bench figures measured inside one Django process (what a Celery worker or a page
request would run): the sweeper, the dashboards, routing suggestions."""

from __future__ import annotations

import datetime as dt
import io
import json
import resource
import time
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.db.models import Count

from xiaoneng.accountability.models import Fault
from xiaoneng.clocks.models import Clock, ClockState
from xiaoneng.core import clock
from xiaoneng.core import sql as db
from xiaoneng.core.context import Channel, via
from xiaoneng.org.services import apikey_create
from xiaoneng.supervision import open_counts
from xiaoneng.supervision import selectors as supervision
from xiaoneng.supervision.models import SweepRun, Warning, WarningCityDaily, WarningDaily
from xiaoneng.supervision.sweep import warnings_sweep
from xiaoneng.workorders import daily, stats
from xiaoneng.workorders.models import Status, WorkOrder
from xiaoneng.workorders.suggestions import suggestions_for

from . import writer
from .load import percentile


def api_key() -> str:
    """A fresh intake key for the load client (channel 微信)."""
    admin = get_user_model().objects.get(username="admin")
    with via(Channel.CLI):
        _, raw = apikey_create(by=admin, name=f"基准测试 {clock.now():%Y%m%d%H%M%S}", channel="wechat")
    return raw


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


LIVE_PASSES = 3
SLOW_STATEMENT_MS = 100


def sweep() -> dict:
    """The first pass over the generated city issues a year's warnings at once (a catch-up);
    then three live passes, what the schedule runs every few minutes: ``sweep_seconds`` is
    their median, each is listed, with the statements of each that took over 100 ms."""
    open_clocks = Clock.objects.filter(state=ClockState.RUNNING).count()
    t0 = time.perf_counter()
    result = warnings_sweep(by=None)
    first = time.perf_counter() - t0
    counts = {k: v for k, v in result.counts.items() if k in ("notice", "yellow", "red", "resolved", "faults", "notifications")}
    writer.analyze(Warning, Fault, WarningDaily, WarningCityDaily)
    passes, slow = [], []
    for _ in range(LIVE_PASSES):
        statements: list[tuple[float, str]] = []

        def timed(execute, sql, params, many, context, statements=statements):
            t = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                statements.append(((time.perf_counter() - t) * 1000, sql))

        t0 = time.perf_counter()
        with connection.execute_wrapper(timed):
            warnings_sweep(by=None)
        passes.append(round(time.perf_counter() - t0, 2))
        slow.append([{"ms": round(ms, 1), "sql": " ".join(sql.split())[:160]} for ms, sql in sorted(statements, reverse=True) if ms > SLOW_STATEMENT_MS])
    return {
        "sweep_seconds": sorted(passes)[len(passes) // 2],
        "sweep_live_passes_seconds": passes,
        "sweep_slow_statements": slow,
        "sweep_first_pass_seconds": round(first, 2),
        "sweep_open_clocks": open_clocks,
        "sweep_first_pass_counts": counts,
    }


def dashboards(repeat: int) -> dict:
    """The statistics after the daily figures' refresh (the schedule runs it every few
    minutes: the first one here counts the whole generated year, the second only what
    changed), and the supervision dashboard with the backlog as generated and doubled."""
    supervisor = get_user_model().objects.get(username="supervisor")
    t0 = time.perf_counter()
    daily.refresh()
    first_refresh = time.perf_counter() - t0
    t0 = time.perf_counter()
    daily.refresh()
    next_refresh = time.perf_counter() - t0
    today = clock.today()
    month = lambda: stats.department_figures(start=today - dt.timedelta(days=30), end=today)  # noqa: E731 — a month, whatever today's date
    year = lambda: stats.department_figures(start=today - dt.timedelta(days=365), end=today)  # noqa: E731

    def board():
        supervision.counts_by_department(supervisor)
        supervision.trend(supervisor)
        supervision.worst(supervisor)

    month(), board()  # warm the caches a page server would have
    stats_ms, board_ms, year_ms = _timed(month, repeat), _timed(board, repeat), _timed(year, max(3, repeat // 4))
    # The same year counted from the cases, as before the daily figures (a moment ago: the past path).
    year_direct_ms = _timed(lambda: stats.department_figures(start=today - dt.timedelta(days=365), end=today, as_of=clock.now()), max(3, repeat // 4))
    open_warnings = Warning.objects.filter(resolved_at__isnull=True).count()
    with transaction.atomic():
        _double_the_backlog()
        board_doubled_ms = _timed(board, repeat)
        transaction.set_rollback(True)
    return {
        "statistics_refresh_first_seconds": round(first_refresh, 2),
        "statistics_refresh_next_seconds": round(next_refresh, 2),
        "open_warnings": open_warnings,
        "supervision_dashboard_doubled_backlog_p95_ms": round(percentile(board_doubled_ms, 95), 1),
        "dashboard_p95_ms": round(max(percentile(stats_ms, 95), percentile(board_ms, 95)), 1),
        "statistics_30d_p95_ms": round(percentile(stats_ms, 95), 1),
        "supervision_dashboard_p95_ms": round(percentile(board_ms, 95), 1),
        "statistics_year_p95_ms": round(percentile(year_ms, 95), 1),
        "statistics_year_counted_from_cases_p95_ms": round(percentile(year_direct_ms, 95), 1),
        "workorders": WorkOrder.objects.count(),
    }


def _double_the_backlog() -> None:
    """As many open cards again as there are (inside a transaction the caller rolls back):
    a copy of every open red and yellow card as a check's finding."""
    w = Warning._meta.db_table
    columns = "level, rule, clock_id, clock_kind, subject_type, subject_id, department_id, responsible_id, due, supervision_due_at, effective_at, issued_at, resolved_at, withdrawn_reason, sweep_id"
    copied = "level, 'bench_copy', NULL, clock_kind, 'bench.copy', id, department_id, responsible_id, due, supervision_due_at, effective_at, issued_at, NULL, '', sweep_id"
    db.execute(f"INSERT INTO {w} ({columns}) SELECT {copied} FROM {w} WHERE resolved_at IS NULL AND level IN ('red', 'yellow')", [])
    open_counts.add_open_rows("rule = 'bench_copy'", [])  # as a pass that issued them would
    writer.analyze(Warning)


def intake(count: int, profile: str = "") -> dict:
    """``count`` intakes through the API in this process (``django.test.Client``, API key,
    routing task published to the broker after commit): milliseconds of process CPU and
    statements per case, without an HTTP server in the way.  ``profile``: write cProfile's
    statistics there."""
    import cProfile

    from django.db import connection
    from django.test import Client

    from .load import intake_body

    client = Client(HTTP_HOST="localhost", HTTP_X_API_KEY=api_key())

    def post(i: int):
        response = client.post("/api/v1/workorders", json.dumps(intake_body(0, i, "inproc")), content_type="application/json")
        if response.status_code != 201:
            raise RuntimeError(f"intake answered {response.status_code}: {response.content[:300]!r}")

    for i in range(20):  # warm: the key's cache, the routing tables, the first SQL compilations
        post(-1 - i)
    statements = []
    with connection.execute_wrapper(lambda execute, sql, params, many, context: statements.append(sql) or execute(sql, params, many, context)):
        post(-100)
    profiler = cProfile.Profile(time.process_time) if profile else None  # CPU, not waiting for the database
    cpu0, wall0 = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    for i in range(count):
        post(i)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return {
        "intake_inprocess_cases": count,
        "intake_inprocess_cpu_ms": round(cpu * 1000 / count, 2),
        "intake_inprocess_wall_ms": round(wall * 1000 / count, 2),
        "intake_statements": len(statements),
    }


def routing(sample: int, training_limit: int) -> dict:
    if "routing_train" not in get_commands():
        return {"routing_ms_per_message": None, "routing_note": "routing_train 命令不存在（分派建议模型未安装，见 issue 6），未测量"}
    t0 = time.perf_counter()
    report = io.StringIO()  # the command prints its own JSON; this process's stdout is the bench's
    call_command("routing_train", "--limit", str(training_limit), stdout=report)
    trained = time.perf_counter() - t0
    training = json.loads(report.getvalue() or "{}")
    cases = list(WorkOrder.objects.filter(status=Status.CLOSED).order_by("-id")[:sample])
    t0 = time.perf_counter()
    answered = sum(1 for wo in cases if suggestions_for(wo))
    elapsed = time.perf_counter() - t0
    return {
        "routing_ms_per_message": round(elapsed * 1000 / max(1, len(cases)), 2),
        "routing_train_seconds": round(trained, 1),
        "routing_sample": len(cases),
        "routing_answered": answered,
        "routing_training_samples": training.get("samples"),
        "routing_held_out_macro_f1": (training.get("held_out") or {}).get("macro_f1"),
        "routing_note": "" if answered else "没有注册分派建议模型（suggestions_for 返回空），时间只含调用开销",
    }


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def nodes(acknowledged: list[str], timeout: float) -> dict:
    """After the split load (``--nodes``): every acknowledged tracking number is one case and
    no case of the run is there twice; then two sweeps sent at once to the workers of two
    nodes leave no warning or fault twice, and a dry run after them finds nothing they
    missed."""
    from xiaoneng.celery import app

    cases = list(WorkOrder.objects.filter(title__contains="（node").only("id", "received_at", "title"))
    stored = [wo.tracking_no for wo in cases]
    titles = Counter(wo.title for wo in cases)
    runs = SweepRun.objects.count()
    for _ in range(2):
        app.send_task("xiaoneng.supervision.tasks.sweep")
    until = time.monotonic() + timeout
    while SweepRun.objects.filter(finished_at__isnull=False).count() < runs + 2 and time.monotonic() < until:
        time.sleep(1)
    swept = SweepRun.objects.filter(finished_at__isnull=False).count() - runs
    warnings_twice = Warning.objects.filter(clock__isnull=False).values("clock_id", "level").annotate(n=Count("id")).filter(n__gt=1).count()
    faults_twice = Fault.objects.exclude(subject_id="").values("source", "subject_type", "subject_id").annotate(n=Count("id")).filter(n__gt=1).count()
    left = warnings_sweep(by=None, dry_run=True).counts
    return {
        "nodes_acknowledged": len(acknowledged),
        "nodes_cases_stored": len(stored),
        "nodes_cases_lost": len(set(acknowledged) - set(stored)),
        "nodes_cases_duplicated": sum(n - 1 for n in titles.values() if n > 1) + (len(acknowledged) - len(set(acknowledged))),
        "nodes_sweeps_run_at_once": swept,
        "nodes_warnings": Warning.objects.count(),
        "nodes_warnings_duplicated": warnings_twice,
        "nodes_faults": Fault.objects.count(),
        "nodes_faults_duplicated": faults_twice,
        "nodes_warnings_missed": sum(left[level] for level in ("notice", "yellow", "red")),
    }
