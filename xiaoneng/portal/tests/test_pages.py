"""The public pages as a citizen meets them: Chinese error pages in the site's layout with a
way back, every field labelled, the menu reachable without inline script, every promise of
the home page leading somewhere real."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from xiaoneng import urls
from xiaoneng.core import views as core_views
from xiaoneng.workbench.nav import PUBLIC_NAV

PUBLIC_PAGES = [
    "/",
    "/stats/",
    "/opendata/",
    "/catalogue/",
    "/catalogue/fees/",
    "/applications/",
    "/workorders/",
    "/workorders/track/",
    "/evaluation/",
    "/evaluation/ratings/",
    "/evaluation/rate/",
    "/evaluation/commitments/",
    "/evaluation/claims/",
    "/supervision/lists/",
    "/accountability/",
]


class Fields(HTMLParser):
    """Form fields and what names them: a <label for>, an enclosing <label>, aria-label."""

    def __init__(self):
        super().__init__()
        self.fields, self.label_for, self.open_labels, self.scripts, self.links = [], set(), 0, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            self.fields.append((a.get("name"), a.get("id"), self.open_labels > 0, bool(a.get("aria-label") or a.get("aria-labelledby"))))
        elif tag == "script":
            self.scripts.append(a.get("src"))
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1

    def unlabelled(self):
        return [name for name, ident, wrapped, aria in self.fields if not (wrapped or aria or (ident and ident in self.label_for))]


def parsed(html: str) -> Fields:
    parser = Fields()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_labels_its_fields_and_runs_no_inline_script(client, city, path):
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    page = parsed(html)
    assert page.unlabelled() == [], path
    assert all(page.scripts), f"{path}: an inline <script>"
    assert '<html lang="zh-Hans">' in html and 'name="viewport"' in html
    assert 'class="nav-toggle" aria-controls="mainnav" aria-expanded="false"' in html and 'href="#main"' in html


def test_the_home_page_promises_lead_somewhere(client, city):
    page = parsed(client.get("/").content.decode())
    internal = sorted({href for href in page.links if href.startswith("/") and not href.startswith("/api/docs")})
    assert {"/stats/", "/opendata/", "/evaluation/", "/supervision/lists/", "/catalogue/fees/"} <= set(internal)
    for href in internal:
        assert client.get(href).status_code == 200, href
    assert [item.label for item in PUBLIC_NAV if item.url_name.startswith("portal:")] == ["首页", "公开统计", "开放数据"]


def test_a_missing_page_is_chinese_in_the_layout_with_a_way_back(client, db):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html and "返回首页" in html and 'aria-label="主导航"' in html
    assert "Page not found" not in html and "URLconf" not in html
    api = client.get("/api/v1/no-such-endpoint")
    assert api.status_code == 404 and api.json()["code"] == "not_found"


def test_a_refusal_shows_its_own_reason(rf: RequestFactory, db):
    request = rf.get("/supervision/lists/")
    request.user = AnonymousUser()
    response = core_views.forbidden(request, PermissionDenied("只有效能办可以查看"))
    html = response.content.decode()
    assert response.status_code == 403 and "只有效能办可以查看" in html and "返回首页" in html and "工作人员登录" in html
    english = core_views.forbidden(request, PermissionDenied("CSRF cookie not set."))
    assert "cookie not set" not in english.content.decode() and "您没有访问此页面的权限" in english.content.decode()
    assert (urls.handler403, urls.handler404, urls.handler500) == (core_views.forbidden, core_views.not_found, core_views.server_error)


def test_a_form_posted_without_its_token_is_refused_in_chinese(db, city):
    response = Client(enforce_csrf_checks=True).post("/workorders/", {"content": "路灯不亮"})
    html = response.content.decode()
    assert response.status_code == 403 and "提交未被接受" in html and "返回首页" in html and "CSRF verification failed" not in html


def test_a_server_error_page_needs_no_database(rf: RequestFactory):
    """No ``db`` fixture: any query would fail the test."""
    request = rf.get("/stats/")
    try:
        raise ValueError("boom")
    except ValueError:
        response = core_views.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500 and "服务器内部错误" in html and "返回首页" in html and "app.css" in html and "boom" not in html
