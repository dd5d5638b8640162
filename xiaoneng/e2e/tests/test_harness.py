"""The watch itself: what it must catch on a page (a request to another host, a console
error, a script error, an answer of 500 or more), and that a clean page leaves it silent."""

import pytest

from xiaoneng.e2e.browser import Watch

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def watched(server, chromium):
    # The site's Content-Security-Policy would stop a foreign request before the watch sees it.
    context = chromium.new_context(base_url=server.url, bypass_csp=True)
    watch = Watch(origin=server.url)
    watch.attach(context)
    page = context.new_page()
    yield page, watch
    context.close()


def test_a_clean_page_leaves_the_watch_silent(watched):
    page, watch = watched
    page.goto("/")
    page.goto("/catalogue/")
    assert watch.problems == []


def test_the_watch_catches_a_foreign_host_a_console_error_a_script_error_and_a_5xx(watched):
    page, watch = watched
    page.goto("/")
    page.evaluate("() => { const img = document.createElement('img'); img.src = 'https://cdn.example.com/logo.png'; document.body.append(img); }")
    page.evaluate("() => console.error('出错了')")
    with page.expect_event("pageerror"):  # thrown from a timer: wait for it before navigating away
        page.evaluate("() => setTimeout(() => { throw new Error('未捕获') }, 0)")
    page.context.route("**/broken", lambda route: route.fulfill(status=502, body="bad gateway"))
    page.goto("/broken")
    page.wait_for_timeout(200)
    text = "\n".join(watch.problems)
    assert "请求了其他主机：https://cdn.example.com/logo.png" in text
    assert "控制台错误：出错了" in text
    assert "脚本错误：" in text and "未捕获" in text
    assert "服务器错误 502" in text
