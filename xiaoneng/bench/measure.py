"""The bench figures measured inside one Django process (what a Celery worker or a page
request would run): the sweeper, the dashboards, routing suggestions."""

from __future__ import annotations

import datetime as dt
import io
import json
import resource
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands

from xiaoneng.accountability.models import Fault
from xiaoneng.clocks.models import Clock, ClockState
from xiaoneng.core import clock
from xiaoneng.core.context import Channel, via
from xiaoneng.org.services import apikey_create
from xiaoneng.supervision import selectors as supervision
from xiaoneng.supervision.models import Warning, WarningDaily
from xiaoneng.supervision.sweep import warnings_sweep
from xiaoneng.workorders import stats
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


def sweep() -> dict:
    """The first pass over the generated city issues a year's warnings at once (a catch-up);
    ``sweep_seconds`` is the next live pass, what the schedule runs every few minutes."""
    open_clocks = Clock.objects.filter(state=ClockState.RUNNING).count()
    t0 = time.perf_counter()
    result = warnings_sweep(by=None)
    first = time.perf_counter() - t0
    counts = {k: v for k, v in result.counts.items() if k in ("notice", "yellow", "red", "resolved", "faults", "notifications")}
    writer.analyze(Warning, Fault, WarningDaily)
    t0 = time.perf_counter()
    warnings_sweep(by=None)
    live = time.perf_counter() - t0
    return {"sweep_seconds": round(live, 2), "sweep_first_pass_seconds": round(first, 2), "sweep_open_clocks": open_clocks, "sweep_first_pass_counts": counts}


def dashboards(repeat: int) -> dict:
    supervisor = get_user_model().objects.get(username="supervisor")
    today = clock.today()
    month = lambda: stats.department_figures(start=today - dt.timedelta(days=30), end=today)  # noqa: E731 — a month, whatever today's date
    year = lambda: stats.department_figures(start=today - dt.timedelta(days=365), end=today)  # noqa: E731

    def board():
        supervision.counts_by_department(supervisor)
        supervision.trend(supervisor)
        supervision.worst(supervisor)

    month(), board()  # warm the caches a page server would have
    stats_ms, board_ms, year_ms = _timed(month, repeat), _timed(board, repeat), _timed(year, max(3, repeat // 4))
    return {
        "dashboard_p95_ms": round(max(percentile(stats_ms, 95), percentile(board_ms, 95)), 1),
        "statistics_30d_p95_ms": round(percentile(stats_ms, 95), 1),
        "supervision_dashboard_p95_ms": round(percentile(board_ms, 95), 1),
        "statistics_year_p95_ms": round(percentile(year_ms, 95), 1),
        "workorders": WorkOrder.objects.count(),
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
