"""Fixtures of the browser tests: one demo server per test session, one Chromium per module,
and ``visit`` for a fresh browser context (a phone or a desktop, anonymous or signed in) whose
pages are watched; a test fails when anything it watched went wrong, and leaves screenshots
of its pages in ``var/e2e-failures/`` when it fails."""

from __future__ import annotations

import re

import pytest

from xiaoneng.e2e import browser
from xiaoneng.e2e.server import ROOT, demo_server
from xiaoneng.e2e.steps import login

FAILURES = ROOT / "var" / "e2e-failures"


def pytest_collection_modifyitems(config, items):
    reason = browser.unavailable()
    if not reason:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture(scope="session")
def server():
    with demo_server() as running:
        yield running


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = browser.launch(playwright)
        yield launched
        launched.close()


@pytest.fixture
def visit(request, server, chromium):
    """``visit(user="dispatcher", viewport=browser.PHONE)`` → a new page in its own context."""
    opened = []

    def open_page(*, user: str | None = None, viewport: dict = browser.DESKTOP):
        context = chromium.new_context(
            base_url=server.url, viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True, is_mobile=viewport == browser.PHONE
        )
        context.set_default_timeout(15_000)
        watch = browser.Watch(origin=server.url)
        watch.attach(context)
        page = context.new_page()
        opened.append((context, watch))
        if user:
            login(page, user)
        return page

    yield open_page
    failed = getattr(request.node, "e2e_failed", False)
    problems = [p for _, watch in opened for p in watch.problems]
    if failed or problems:
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for n, (context, _) in enumerate(opened):
            for m, page in enumerate(context.pages):
                page.screenshot(path=str(FAILURES / f"{name}-{n}-{m}.png"), full_page=True)
    for context, _ in opened:
        context.close()
    if problems:
        log = server.log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        pytest.fail("浏览器中出现问题（截图见 var/e2e-failures/）：\n{}\n服务器日志（最后 30 行）：\n{}".format("\n".join(problems), "\n".join(log)))
