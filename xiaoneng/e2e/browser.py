"""Debian's Chromium driven by Playwright, watched for what a citizen must never meet: a
request to another host (a CDN, a font service, an analytics beacon), a console error or an
uncaught script error, and an answer of 500 or more."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def unavailable() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "浏览器测试已跳过：未安装 playwright（pip install -r requirements-dev.txt）"
    if not CHROMIUM.exists():
        return f"浏览器测试已跳过：未找到 {CHROMIUM}（apt-get install -y chromium）"
    return ""


def axe_script() -> Path:
    """axe-core as npm installs it from ``xiaoneng/e2e/package.json`` (``make e2e-deps``)."""
    return Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"])


@dataclass
class Watch:
    """What went wrong on the pages of one browser context, in the order it happened."""

    origin: str
    problems: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.route("**/*", self._route)
        context.on("page", self._page)
        context.on("response", self._response)

    def _route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.problems.append(f"请求了其他主机：{url}")
            route.abort()
        else:
            route.continue_()

    def _page(self, page) -> None:
        page.on("console", lambda message: message.type == "error" and self.problems.append(f"控制台错误：{message.text}（{page.url}）"))
        page.on("pageerror", lambda error: self.problems.append(f"脚本错误：{error}（{page.url}）"))

    def _response(self, response) -> None:
        if response.status >= 500:
            self.problems.append(f"服务器错误 {response.status}：{response.url}")


SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[str]:
    """The serious and critical axe-core violations on the page as it is now, one line each
    (rule, impact, how many elements, the first element's selector)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script().read_text(encoding="utf-8"))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{v['id']}（{v['impact']}，{len(v['nodes'])} 处，如 {v['nodes'][0]['target']}）：{v['help']}" for v in result if v["impact"] in SERIOUS]
