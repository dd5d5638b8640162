"""``make bench``: a fresh database, the generated city, the production server under load
from a separate process, and the in-process figures; JSON on stdout and in
``bench/results.json``.

Database: ``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/xn_bench``),
dropped and created fresh.  ``--quick`` (CI) uses small data and short runs, and falls back
to SQLite under ``var/`` when PostgreSQL cannot be reached.  Progress goes to stderr."""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from xiaoneng.bench import nodes

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xn_bench"
FULL = {"cases": 5_000_000, "applications": 500_000, "open_cases": 1_000_000, "seconds": 30, "clients": 8, "repeat": 20}
QUICK = {"cases": 20_000, "applications": 4_000, "open_cases": 2_000, "seconds": 8, "clients": 4, "repeat": 5}
ROUNDS = 3  # turns of the baseline and of intake (serve_and_load)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _server(url: str):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    return psycopg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres", autocommit=True)


def _name(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


def kept_city(url: str, size: dict) -> Path:
    """Where the description of a kept city of this size is written (``--keep-city``)."""
    return ROOT / "var" / f"bench-city-{_name(url)}-{size['cases']}-{size['applications']}-{size['open_cases']}.json"


def fresh_database(url: str, quick: bool, template: str | None = None) -> str:
    """Drop and create the bench database (a copy of ``template`` when given); the URL
    actually used."""
    if url.startswith("postgres"):
        import psycopg

        name = _name(url)
        try:
            with _server(url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
            return url
        except psycopg.OperationalError as exc:
            if not quick:
                raise SystemExit(f"无法连接 PostgreSQL（{exc}）；完整基准需要 PostgreSQL，请设置 BENCH_DATABASE_URL") from exc
            log(f"PostgreSQL 不可用，快速模式改用 SQLite：{exc}")
    path = ROOT / "var" / "bench.sqlite3"
    path.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def broker() -> str:
    """Redis when it answers (as in production), else the embedded file queue."""
    url = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
    parts = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=2).close()
        return url
    except OSError:
        return "filesystem://"


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return done.stdout


def _tree(pid: int) -> list[int]:
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    return pids


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time one process has used so far (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime (fields 14 and 15 of stat)


def process_tree_cpu_seconds(pid: int) -> float:
    """The same for a process and its children."""
    return sum(process_cpu_seconds(p) for p in _tree(pid))


def machine_cpu_seconds() -> tuple[float, float]:
    """Busy CPU time of the whole machine so far (every core: user, nice, system, irq and
    softirq from /proc/stat's first line), the database, the broker and the load client
    included; and the time the hypervisor gave this machine's cores to others (steal),
    which is why the same run gives different rates from one hour to the next."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(fields[:7]) - fields[3] - fields[4]) / ticks, fields[7] / ticks


def cpu_seconds(pids: dict[str, list[int]], run) -> tuple[list[dict], dict]:
    """Run ``run()`` (the load): its answers, and the seconds of CPU each group of process
    trees, the database server, the load client and the whole machine used meanwhile."""

    def now() -> dict:
        database = {p: process_cpu_seconds(p) for p in database_pids()}
        client = resource.getrusage(resource.RUSAGE_CHILDREN)  # the load client, once it has exited
        groups = {name: sum(process_tree_cpu_seconds(p) for p in group) for name, group in pids.items()}
        machine, steal = machine_cpu_seconds()
        return groups | {"client": client.ru_utime + client.ru_stime, "machine": machine, "steal": steal, "database": database}

    before = now()
    answers = run()
    after = now()
    after["database"] = sum(cpu - before["database"].get(p, 0) for p, cpu in after["database"].items())
    before["database"] = 0
    return answers, {name: after[name] - before[name] for name in after}


def per_request(rounds: list[tuple[list[dict], dict]]) -> tuple[list[dict], dict]:
    """Several rounds of one load together: per node, the requests, errors and rate over all
    of them (the median round's p50, the worst round's p99); the ms of CPU per request."""
    answers = [merge_answers([r[0][node] for r in rounds]) for node in range(len(rounds[0][0]))]
    requests = sum(a["requests"] for a in answers)
    cpu = {name: round(sum(r[1][name] for r in rounds) * 1000 / requests, 2) if requests else None for name in rounds[0][1]}
    return answers, cpu


def merge_answers(parts: list[dict]) -> dict:
    requests, seconds = sum(p["requests"] for p in parts), sum(p["seconds"] for p in parts)
    p50s = sorted(p["p50_ms"] for p in parts if p["p50_ms"] is not None)
    p99s = [p["p99_ms"] for p in parts if p["p99_ms"] is not None]
    merged = {
        "requests": requests,
        "errors": sum(p["errors"] for p in parts),
        "error_samples": [e for p in parts for e in p["error_samples"]][:5],
        "seconds": round(seconds, 2),
        "per_s": round(requests / seconds, 1) if seconds else 0,
        "p50_ms": p50s[len(p50s) // 2] if p50s else None,
        "p99_ms": max(p99s, default=None),
    }
    if "tracking_nos" in parts[0]:
        merged["tracking_nos"] = [t for p in parts for t in p["tracking_nos"]]
    return merged


def database_pids() -> list[int]:
    """The local PostgreSQL server's processes (the bench runs it on the same machine); a
    connection closed during the load takes its CPU time with it."""
    out = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                out.append(int(comm.parent.name))
        except OSError:
            continue
    return out


def process_tree_rss_mb(pid: int) -> tuple[float, float]:
    """Peak resident memory (VmHWM) of a process and its children, summed; and of the
    largest child alone (one app worker)."""
    peaks = []
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        except FileNotFoundError:
            continue
    return round(sum(peaks), 1), round(max(peaks[1:] or peaks or [0]), 1)


def wait_ready(port: int, timeout: float = 240) -> None:
    import http.client

    until = time.monotonic() + timeout
    while time.monotonic() < until:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("基准服务器未能启动")


def load(env: dict, port: int, path: str, key: str, size: dict, tag: str = "") -> dict:
    args = [
        sys.executable,
        "-m",
        "xiaoneng.bench.load",
        "--port",
        str(port),
        "--path",
        path,
        "--clients",
        str(size["clients"]),
        "--seconds",
        str(size["seconds"]),
    ]
    if key:
        args += ["--api-key", key]
    if tag:
        args += ["--tag", tag]
    return json.loads(subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout)


def app_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    """gunicorn as in production: ``workers`` processes × 4 threads, keep-alive."""
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "xiaoneng.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        + ["--worker-class", "gthread", "--threads", "4", "--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=sys.stderr,
    )


def serve_and_load(env: dict, url: str, args, size: dict, key: str) -> dict:
    """Start the node(s), drive the baseline and intake through them in turns, stop them;
    the figures.  One node talks to PostgreSQL directly; several go through PgBouncer in
    transaction pooling, with a Celery worker each and one beat (``bench.nodes``)."""
    count = args.nodes
    bouncer = home = None
    if count > 1:
        if not url.startswith("postgres"):
            raise SystemExit("多节点基准需要 PostgreSQL")
        bouncer, pooled, home = nodes.start_pgbouncer(url)
        env = dict(env, DATABASE_URL=pooled, DB_POOLER="transaction")
        log(f"PgBouncer（事务池）：127.0.0.1:{nodes.POOLER_PORT}")
    ports = [args.port + n for n in range(count)]
    log(f"启动 {count} 个节点：gunicorn（每个 {args.workers} 个进程 × 4 线程，端口 {', '.join(map(str, ports))}）和 Celery worker …")
    servers = [app_server(env, port, args.workers) for port in ports]
    workers = [nodes.worker(env, f"node{n + 1}", ROOT) for n in range(count)]
    others = [nodes.beat(env, home, ROOT)] if count > 1 else []
    out: dict = {}
    try:
        for port in ports:
            wait_ready(port)
        pids = {"server": [s.pid for s in servers], "worker": [w.pid for w in workers]}
        # The baseline and intake take turns, a third of the time at a time, so that a change in
        # the shared machine's speed during the run falls on both sides of the ratio.
        turn = dict(size, seconds=size["seconds"] / ROUNDS)
        baseline_rounds, intake_rounds = [], []
        for n in range(1, ROUNDS + 1):
            log(f"第 {n}/{ROUNDS} 轮：基线（一行插入），受理（POST /api/v1/workorders）…")
            baseline_rounds.append(cpu_seconds(pids, lambda: nodes.split_load(load, env, ports, "/bench/baseline", "", turn, tag="")))
            tag = f"r{n}-" if count > 1 else ""  # several nodes: tracking numbers listed, for the loss check
            intake_rounds.append(cpu_seconds(pids, lambda tag=tag: nodes.split_load(load, env, ports, "/api/v1/workorders", key, turn, tag=tag)))
        (baseline, baseline_cpu), (intake, intake_cpu) = per_request(baseline_rounds), per_request(intake_rounds)
        rss = [process_tree_rss_mb(s.pid) for s in servers]
        out["app_peak_rss_mb"], out["app_worker_peak_rss_mb"] = round(sum(r[0] for r in rss), 1), max(r[1] for r in rss)
        out["celery_worker_peak_rss_mb"] = max(process_tree_rss_mb(w.pid)[0] for w in workers)
        if count > 1:
            log("多节点检查：受理编号、并发扫描 …")
            out |= {
                "nodes": count,
                "pooler": "pgbouncer transaction",
                "intake_per_s_by_node": [a["per_s"] for a in intake],
                "intake_errors_by_node": [a["errors"] for a in intake],
            }
            out |= nodes.checks(manage, env, intake)
    finally:
        for process in servers + workers + others:
            process.send_signal(signal.SIGTERM)
        for process in servers + workers + others:
            process.wait(timeout=60)
        if bouncer is not None:
            bouncer.terminate()
            bouncer.wait(timeout=30)
            shutil.rmtree(home, ignore_errors=True)
    total, base = round(sum(a["per_s"] for a in intake), 1), round(sum(a["per_s"] for a in baseline), 1)
    return out | {
        "intake_per_s": total,
        "p50_ms": max(a["p50_ms"] or 0 for a in intake),
        "p99_ms": max(a["p99_ms"] or 0 for a in intake),
        "intake_errors": sum(a["errors"] for a in intake),
        "intake_server_cpu_ms": intake_cpu["server"],
        "intake_worker_cpu_ms": intake_cpu["worker"],
        "intake_database_cpu_ms": intake_cpu["database"],
        "intake_client_cpu_ms": intake_cpu["client"],
        "intake_machine_cpu_ms": intake_cpu["machine"],
        "intake_steal_ms": intake_cpu["steal"],
        "baseline_insert_per_s": base,
        "baseline_p50_ms": max(a["p50_ms"] or 0 for a in baseline),
        "baseline_errors": sum(a["errors"] for a in baseline),
        "baseline_server_cpu_ms": baseline_cpu["server"],
        "baseline_database_cpu_ms": baseline_cpu["database"],
        "baseline_machine_cpu_ms": baseline_cpu["machine"],
        "baseline_steal_ms": baseline_cpu["steal"],
        "intake_to_baseline": round(total / base, 2) if base else None,
        "load_clients": size["clients"],
        "load_seconds": size["seconds"],
        "server_workers": args.workers,
    }


def keep(url: str, kept: Path, results: dict) -> None:
    """Save the generated city as a template database, so that later runs copy it (a file
    copy in PostgreSQL) instead of generating it again; the run goes on with its own copy."""
    template = f"{_name(url)}_city"
    log(f"保存城市为模板库 {template} …")
    with _server(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{template}" TEMPLATE "{_name(url)}"')
    generated = time.strftime("%Y-%m-%d %H:%M")
    kept.parent.mkdir(exist_ok=True)
    kept.write_text(json.dumps({"template": template, "generated_at": generated, **{k: results[k] for k in ("generate", "generate_seconds")}}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="CI：小数据、短时间")
    parser.add_argument("--cases", type=int)
    parser.add_argument("--applications", type=int)
    parser.add_argument("--open-cases", type=int)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8017")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "3")))
    parser.add_argument("--nodes", type=int, default=1, help="应用节点数；大于 1 时经 PgBouncer（事务池）连接数据库")
    parser.add_argument("--keep-city", action="store_true", help="PostgreSQL：生成的城市存为模板库，下次同样规模的运行直接复制（先迁移到当前版本）再测量")
    parser.add_argument("--generate-only", action="store_true", help="只生成（并随 --keep-city 保存）城市，不测量")
    args = parser.parse_args()
    size = dict(QUICK if args.quick else FULL)
    for name in ("cases", "applications", "open_cases"):
        if getattr(args, name) is not None:
            size[name] = getattr(args, name)

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    kept = kept_city(url, size) if args.keep_city and url.startswith("postgres") else None
    city = json.loads(kept.read_text()) if kept and kept.exists() else None
    url = fresh_database(url, args.quick, template=city["template"] if city else None)
    vendor = "postgresql" if url.startswith("postgres") else "sqlite"
    shown = re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
    log(f"数据库：{vendor} {shown}")
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="xiaoneng.settings.bench", PYTHONPATH=str(ROOT), CELERY_BROKER_URL=broker())
    log(f"任务队列：{env['CELERY_BROKER_URL']}")
    results: dict = {
        "database": vendor,
        "broker": env["CELERY_BROKER_URL"].split(":")[0],
        "mode": "quick" if args.quick else "full",
        **{k: size[k] for k in ("cases", "applications", "open_cases")},
    }

    log("迁移 …")
    manage(env, "migrate", "--noinput", "-v0")
    if city:
        log(f"城市取自保存的模板库 {city['template']}（生成于 {city['generated_at']}）")
        results |= {"generate": city["generate"], "generate_seconds": city["generate_seconds"], "city_from_template": city["generated_at"]}
    else:
        log(f"生成城市：{size['cases']} 工单，{size['applications']} 办件 …")
        t0 = time.monotonic()
        results["generate"] = manage(
            env, "generate_city", "--cases", str(size["cases"]), "--applications", str(size["applications"]), "--open-cases", str(size["open_cases"])
        ).strip()
        results["generate_seconds"] = round(time.monotonic() - t0, 1)
        if kept:
            keep(url, kept, results)
    if args.generate_only:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    key = json.loads(manage(env, "bench_measure", "apikey"))["api_key"]

    results |= serve_and_load(env, url, args, size, key)
    log("监察扫描、统计看板、分派建议 …")
    results |= json.loads(
        manage(
            env,
            "bench_measure",
            "measure",
            "--repeat",
            str(size["repeat"]),
            "--routing-sample",
            "200" if args.quick else "1000",
            "--routing-training",
            "4000" if args.quick else "20000",
        )
    )
    results["peak_rss_mb"] = {
        "app": results.pop("app_peak_rss_mb"),
        "app_worker": results.pop("app_worker_peak_rss_mb"),
        "celery_worker": results.pop("celery_worker_peak_rss_mb"),
        "sweep_process": results.pop("worker_peak_rss_mb"),
    }
    out = json.dumps(results, ensure_ascii=False, indent=2)
    (ROOT / "bench").mkdir(exist_ok=True)
    (ROOT / "bench" / "results.json").write_text(out + "\n", encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
