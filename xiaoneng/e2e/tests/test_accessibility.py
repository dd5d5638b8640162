"""axe-core on the main pages: every public page the navigation offers (on a phone) and every
page in each role's side bar (on a desktop), with no serious or critical violation.  Visiting
them all is also a smoke test: the harness fails on any 5xx, console error or foreign request."""

import pytest

from xiaoneng.e2e.browser import PHONE, axe_script, axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.skipif(not axe_script().exists(), reason="未安装 axe-core：先运行 make e2e-deps")]

ROLES = ["window", "dispatcher", "handler", "supervisor", "leader", "hotline_head"]


def nav_links(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")


def check(page, paths, seen: set[str]) -> list[str]:
    found = []
    for path in paths:
        if path in seen or path.startswith("/admin/"):
            continue
        seen.add(path)
        page.goto(path)
        found += [f"{path}：{v}" for v in axe_violations(page)]
    return found


def test_public_pages_on_a_phone(visit):
    page = visit(viewport=PHONE)
    page.goto("/")
    paths = nav_links(page, "nav.mainnav a")
    page.goto("/catalogue/")
    paths.append(nav_links(page, "#results a[href^='/catalogue/items/']")[0])
    assert len(paths) >= 8
    assert check(page, ["/accounts/login/", *paths], set()) == []


@pytest.fixture(scope="module")
def checked() -> set[str]:
    """Pages already checked for an earlier role: each is checked once."""
    return set()


@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_of_each_role(visit, role, checked):
    page = visit(user=role)
    paths = nav_links(page, "nav.sidenav a")
    assert len(paths) >= 5
    assert check(page, paths, checked) == []


DETAILS = [
    ("dispatcher", "/staff/workorders/queue/", "main a:has(strong)[href^='/staff/workorders/']"),
    ("window", "/staff/applications/", "main table a[href^='/staff/applications/']"),
    ("supervisor", "/staff/supervision/dashboard/", "main table a[href^='/staff/supervision/warnings/']"),
    ("supervisor", "/staff/supervision/orders/", "main table a[href^='/staff/supervision/orders/']"),
    ("handler", "/staff/applications/inquiries/to-answer/", "main table a[href^='/staff/applications/inquiries/']"),
]


@pytest.mark.parametrize("user, listing, link", DETAILS, ids=[f"{u}:{p}" for u, p, _ in DETAILS])
def test_a_detail_page_from_each_main_list(visit, user, listing, link):
    page = visit(user=user)
    page.goto(listing)
    page.locator(link).first.click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
