"""``make screenshots``: the main pages of the demo city at 390 px (a phone) and 1366 px (a
laptop) into ``docs/screenshots/``, and how long each took to load in the browser
(Navigation Timing, the median of a few loads) into ``docs/screenshots/load-times.json``.

    python -m xiaoneng.e2e.screenshots [--only NAME ...] [--loads 3]

``--url`` times the pages of a server already running (e.g. on the bench's 5-million city,
whose organisation carries the demo accounts) without taking screenshots, and writes the
table to ``--out``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
from dataclasses import dataclass
from pathlib import Path

from xiaoneng.e2e import browser
from xiaoneng.e2e.server import ROOT, Server, demo_server
from xiaoneng.e2e.steps import login

OUT = ROOT / "docs" / "screenshots"
MAX_HEIGHT = 1800  # a long list is cut here: the top of a page is what a screenshot is for


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    user: str | None = None
    follow: str = ""  # then open the first link matching this selector (a detail page)
    query: str = ""  # added to the address reached (``?print=1``: the print view)


SHOTS = [
    Shot("public-home", "/"),
    Shot("public-catalogue", "/catalogue/"),
    Shot("public-guide", "/catalogue/", follow="#results a[href^='/catalogue/items/']"),
    Shot("public-complaint", "/workorders/"),
    Shot("public-track", "/workorders/track/"),
    Shot("public-fees", "/catalogue/fees/"),
    Shot("public-ranking", "/evaluation/"),
    Shot("public-lists", "/supervision/lists/"),
    Shot("public-stats", "/stats/"),
    Shot("public-opendata", "/opendata/"),
    Shot("login", "/accounts/login/"),
    Shot("workbench-window", "/staff/", user="window"),
    Shot("applications", "/staff/applications/", user="window"),
    Shot("application", "/staff/applications/", user="window", follow="main table a[href^='/staff/applications/']"),
    Shot("dispatch-queue", "/staff/workorders/queue/", user="dispatcher"),
    Shot("workorder", "/staff/workorders/queue/", user="dispatcher", follow="main a:has(strong)[href^='/staff/workorders/']"),
    Shot("handler-inbox", "/staff/workorders/inbox/", user="handler"),
    Shot("notifications", "/staff/notifications/", user="handler"),
    Shot("workorder-print", "/staff/workorders/search/", user="supervisor", follow="main table a[href^='/staff/workorders/']", query="?print=1"),
    Shot("workorder-stats", "/staff/workorders/stats/", user="supervisor"),
    Shot("supervision", "/staff/supervision/dashboard/", user="supervisor"),
    Shot("supervision-orders", "/staff/supervision/orders/", user="supervisor"),
    Shot("warning", "/staff/supervision/dashboard/", user="supervisor", follow="main table a[href^='/staff/supervision/warnings/']"),
    Shot("order-print", "/staff/supervision/orders/", user="supervisor", follow="main table a[href^='/staff/supervision/orders/']", query="?print=1"),
    Shot("workbench-leader", "/staff/", user="leader"),
    Shot("cockpit", "/staff/cockpit/", user="leader"),
    Shot("workorder-list", "/staff/workorders/search/", user="leader"),
    Shot("hot-issues", "/staff/insights/", user="leader"),
]

TIMING = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  return {ttfb: n.responseStart - n.requestStart, dom_ready: n.domContentLoadedEventEnd - n.startTime,
          load: n.loadEventEnd - n.startTime, bytes: n.transferSize};
}"""


def load_times(page, url: str, loads: int) -> dict:
    """Median milliseconds to the first byte, to DOM ready and to load, over ``loads`` loads."""
    samples = []
    for _ in range(loads):
        page.goto(url, wait_until="load")
        samples.append(page.evaluate(TIMING))
    return {key: round(statistics.median(s[key] for s in samples)) for key in ("ttfb", "dom_ready", "load", "bytes")}


def take(page, shot: Shot, loads: int, pictures: bool = True) -> dict:
    page.goto(shot.path)
    if shot.follow:
        page.locator(shot.follow).first.click()
        page.wait_for_load_state("load")
    url = page.url + shot.query
    timings = load_times(page, url, loads)
    for label, viewport in (("390", browser.PHONE), ("1366", browser.DESKTOP)) if pictures else ():
        page.set_viewport_size(viewport)
        page.goto(url, wait_until="networkidle")  # htmx parts (派单建议) loaded too
        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
        page.screenshot(path=str(OUT / f"{shot.name}-{label}.png"), full_page=True, clip={"x": 0, "y": 0, "width": viewport["width"], "height": height})
    return {"page": shot.name, "path": "/" + url.split("/", 3)[3], "user": shot.user or "公众", **timings}


@contextlib.contextmanager
def running(url: str):
    """A server someone else started: nothing loaded, nothing to stop."""
    yield Server(url=url.rstrip("/"), log=None, seconds_to_load=0.0)


def measure(server: Server, shots: list[Shot], loads: int, pictures: bool) -> list[dict]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        for user in dict.fromkeys(s.user for s in shots):
            context = chromium.new_context(base_url=server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
            page = context.new_page()
            if user:
                login(page, user)
            for shot in (s for s in shots if s.user == user):
                results.append(take(page, shot, loads, pictures))
                print(
                    "{page:<20} {user:<10} 首字节 {ttfb:>5} ms  DOM 就绪 {dom_ready:>5} ms  加载完成 {load:>5} ms  {bytes:>8} 字节  {path}".format(
                        **results[-1]
                    )
                )
            context.close()
        chromium.close()
    results.sort(key=lambda r: -r["load"])
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="只截这些页面（名称见 SHOTS）")
    parser.add_argument("--loads", type=int, default=3, help="每页测几次加载时间，取中位数")
    parser.add_argument("--url", help="只测这个已在运行的服务器的加载时间，不截图")
    parser.add_argument("--out", help="加载时间表写到这个文件（--url 时必填）")
    parser.add_argument("--label", default="演示城市", help="写进结果表的数据说明")
    args = parser.parse_args(argv)
    if args.url and not args.out:
        parser.error("--url 需要同时给出 --out")
    if reason := browser.unavailable():
        raise SystemExit(reason)
    OUT.mkdir(parents=True, exist_ok=True)
    shots = [s for s in SHOTS if not args.only or s.name in args.only]
    with running(args.url) if args.url else demo_server() as server:
        results = measure(server, shots, args.loads, pictures=not args.url)
    if args.only and not args.out:
        return  # a partial run keeps the measured table of the last full one
    table = {
        "server": f"gunicorn，{args.label}" if args.url else "gunicorn 1×4 线程，演示城市",
        # migrate + demo_city; with E2E_DEMO_TEMPLATE only migrate on a copied demo
        "loaded_demo_seconds": round(server.seconds_to_load),
        "demo_from_template": bool(os.environ.get("E2E_DEMO_TEMPLATE")),
        "pages": results,
    }
    out = Path(args.out) if args.out else OUT / "load-times.json"
    out.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
