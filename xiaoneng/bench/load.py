"""The bench's load client, run as its own process (``python -m xiaoneng.bench.load``):
``--clients`` threads, each with one keep-alive HTTP connection, POST the same kind of
request for ``--seconds``; prints JSON with the rate and the latency percentiles.  No Django
here: it is the outside world."""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _client(host: str, port: int, path: str, headers: dict, body_for, until: float, out: list, errors: list, n: int, answers: list | None = None) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    i = 0
    while time.monotonic() < until:
        body = json.dumps(body_for(n, i), ensure_ascii=False).encode()
        t0 = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            if response.status >= 300:
                errors.append(response.status)
            else:
                out.append((time.perf_counter() - t0) * 1000)
                if answers is not None:
                    answers.append(json.loads(content)["tracking_no"])
        except (OSError, http.client.HTTPException) as exc:
            errors.append(type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
        i += 1
    conn.close()


def intake_body(n: int, i: int, tag: str = "") -> dict:
    return {
        "channel": "wechat",
        "type": "complaint",
        "title": f"基准测试：和平路夜间施工噪音扰民（{tag}{n}-{i}）",
        "content": "和平路附近工地晚上十点以后仍在施工，机械声音很大，影响周边居民休息，希望尽快制止。",
        "requester": {"name": "测试用户", "phone": "13800000000"},
    }


def baseline_body(n: int, i: int, tag: str = "") -> dict:
    return {"n": n, "i": i}


def run(*, host: str, port: int, path: str, api_key: str, clients: int, seconds: float, tag: str = "") -> dict:
    """``tag`` marks every title (``<tag><client>-<i>``) and lists the tracking numbers
    acknowledged, so that the caller can check that each is in the database exactly once."""
    headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
    if api_key:
        headers["X-Api-Key"] = api_key
    make = baseline_body if path.startswith("/bench/") else intake_body
    body_for = lambda n, i: make(n, i, tag)  # noqa: E731
    answers: list | None = [] if tag else None
    latencies: list[float] = []
    errors: list = []
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=_client, args=(host, port, path, headers, body_for, until, latencies, errors, n, answers)) for n in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    extra = {"tracking_nos": answers} if tag else {}
    return extra | {
        "path": path,
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": [str(e) for e in errors[:5]],
        "per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": _round(percentile(latencies, 50)),
        "p99_ms": _round(percentile(latencies, 99)),
    }


def _round(value):
    return None if value is None else round(value, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--api-key", default="")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--tag", default="")
    args = parser.parse_args()
    print(json.dumps(run(host=args.host, port=args.port, path=args.path, api_key=args.api_key, clients=args.clients, seconds=args.seconds, tag=args.tag)))


if __name__ == "__main__":
    main()
