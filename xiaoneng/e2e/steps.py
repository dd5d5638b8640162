"""Steps that several journeys take, as a person takes them."""

from __future__ import annotations

import re
from pathlib import Path

try:
    from playwright.sync_api import expect
except ImportError:  # without Playwright every browser test is skipped (browser.unavailable)
    expect = None

__all__ = ["downloaded", "expect", "follow_nav", "login"]


def login(page, username: str) -> None:
    """Sign in through the login form, as a person does (demo passwords equal user names)."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(username)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/staff/"))


def follow_nav(page, label: str) -> None:
    """Open a public page from the main navigation, unfolding the phone menu where it folds."""
    toggle = page.locator(".nav-toggle")
    if toggle.count() and toggle.is_visible():
        toggle.click()
    link = page.locator("nav.mainnav").get_by_role("link", name=label, exact=True)
    more = page.locator(".nav-more-toggle")
    if not link.is_visible() and more.is_visible():  # behind "更多" on a wide screen
        more.click()
    link.click()


def downloaded(page, click) -> Path:
    """Click something that starts a download; the saved file."""
    with page.expect_download() as started:
        click()
    return Path(started.value.path())
