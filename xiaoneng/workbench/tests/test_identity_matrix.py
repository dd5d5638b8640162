"""Identity never leaves the roles allowed to see it (issue 13, item 2).

An identity is planted in every free-text field a case has — typed by the requester, the
hotline operator or the supervision office — and in a file name; then every role walks the
pages reachable from its workbench, the case and the fault (and the API answers, download
headers and notifications), and none of the identity may appear for a role that must not
see it.  Search must not be an oracle: a name, a phone or any digits of it find nothing that
the role sees masked.  The same walk checks that no page carries inline script or style
(the Content-Security-Policy allows none)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from django.test import Client

from xiaoneng.accountability import services as accountability
from xiaoneng.core import clock
from xiaoneng.workorders import services
from xiaoneng.workorders.services import Requester, Upload
from xiaoneng.workorders.tests.conftest import at

NAME, PHONE, ID_NUMBER, EMAIL = "欧阳明远", "13987654321", "370102198506123015", "ouyang@example.com"
SECRETS = (NAME, PHONE, ID_NUMBER, EMAIL, "87654321", "98765")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MASKED_ROLES = ["handler", "head", "housing_head", "district_head", "street_handler", "leader", "window"]
MAX_PAGES = 45


@pytest.fixture
def world(city):
    dispatcher, handler, supervisor = city.user("dispatcher"), city.user("handler"), city.user("supervisor")
    with clock.frozen(at(2026, 11, 30, 10)):
        case = services.workorder_create(
            by=dispatcher,
            channel="hotline",
            type="complaint",
            title=f"{NAME}投诉超市卖过期食品（{PHONE}）",
            content=f"我是{NAME}，身份证{ID_NUMBER}，邮箱{EMAIL}。",
            requester=Requester(name=NAME, phone=PHONE, id_number=ID_NUMBER, email=EMAIL),
        )
        services.attachment_add(by=dispatcher, workorder=case, upload=Upload(name=f"{NAME}_{PHONE}_{ID_NUMBER}.png", content=PNG))
        services.workorder_dispatch(by=dispatcher, workorder=case, department=city.dept("market"), note=f"来电人{NAME}（{PHONE}）要求保密")
        services.workorder_sign(by=handler, workorder=case)
        services.workorder_reply(by=handler, workorder=case, content="已对该超市立案调查")
        services.workorder_follow_up(by=dispatcher, workorder=case, resolved=True, satisfaction="satisfied", note=f"回访{NAME}，{PHONE}满意")
        services.workorder_close(by=dispatcher, workorder=case, result=f"已告知{NAME}处理结果")
        fault = accountability.fault_record(
            by=supervisor,
            source="complaint",
            department=city.dept("market"),
            person=city["staff"]["handler"],
            description=f"经查实，{NAME}（{PHONE}）投诉属实，承办人推诿",
            subject=case,
        )
        accountability.fault_verify(by=supervisor, fault=fault, basis=f"{NAME}提供的录音（{PHONE}）")
    return {"case": case, "fault": fault}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.inline = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.inline.append("<script> without src")
        if tag == "style":
            self.inline.append("<style>")
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}=…>")


def _skip(url: str) -> bool:
    path = urlsplit(url).path
    return (
        not path.startswith(("/staff/", "/api/", "/open311/", "/workorders/", "/catalogue/", "/applications/", "/accountability/", "/supervision/"))
        and path != "/"
        or any(part in path for part in ("logout", "/admin/", "export", "bulletin", "pdf"))
    )


def walk(client: Client, start: list[str]):
    """Every page reachable from ``start`` (GET, this site only), as (url, response)."""
    seen, queue, out = set(), list(start), []
    while queue and len(out) < MAX_PAGES:
        url = urldefrag(queue.pop(0))[0]
        if url in seen or _skip(url):
            continue
        seen.add(url)
        response = client.get(url)
        out.append((url, response))
        if "html" in response.get("Content-Type", ""):
            parser = _Links()
            parser.feed(response.content.decode())
            queue.extend(link for link in parser.links if link.startswith("/"))
    return out


def _texts(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    return unquote(body.decode("utf-8", "replace") + " " + headers)


def _start(world) -> list[str]:
    case, fault = world["case"].pk, world["fault"].pk
    return [
        "/staff/",
        f"/staff/workorders/{case}/",
        f"/staff/accountability/faults/{fault}/",
        "/staff/notifications/",
        f"/api/v1/workorders/{case}",
        "/api/v1/workorders",
        f"/api/v1/accountability/faults/{fault}",
        "/api/v1/accountability/faults",
        "/api/v1/notifications",
        f"/open311/v2/requests/{case}.json",
    ]


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_no_page_or_answer_shows_the_identity_to_a_department(client, city, world, role):
    client.force_login(city.user(role))
    visited = walk(client, _start(world))
    assert len(visited) >= 8
    leaks = [(url, s) for url, response in visited for s in SECRETS if s in _texts(response)]
    assert leaks == []
    assert all(response.status_code < 500 for _, response in visited)


def test_the_accused_reads_the_fault_masked_and_the_office_in_full(client, city, world):
    fault = world["fault"].pk
    client.force_login(city.user("handler"))
    page = client.get(f"/staff/accountability/faults/{fault}/").content.decode()
    assert "欧***" in page and "139****4321" in page and NAME not in page
    client.force_login(city.user("supervisor"))
    assert NAME in client.get(f"/staff/accountability/faults/{fault}/").content.decode()


def test_the_file_name_is_masked_in_the_download_header(client, city, world):
    case = world["case"]
    attachment = case.attachments.get()
    client.force_login(city.user("handler"))
    header = unquote(client.get(f"/staff/workorders/{case.pk}/files/{attachment.pk}/")["Content-Disposition"])
    assert NAME not in header and PHONE not in header and ID_NUMBER not in header and "139****4321" in header
    client.force_login(city.user("dispatcher"))
    assert NAME in unquote(client.get(f"/staff/workorders/{case.pk}/files/{attachment.pk}/")["Content-Disposition"])


def test_the_office_still_sees_who_complained(client, city, world):
    """The walk can fail: for the roles allowed to know, the identity is there."""
    client.force_login(city.user("supervisor"))
    visited = walk(client, _start(world))
    assert any(NAME in _texts(r) for _, r in visited) and any(PHONE in _texts(r) for _, r in visited)


def _found(api_client, q: str) -> int:
    return api_client.get(f"/api/v1/workorders?q={q}").json()["count"]


def test_search_is_no_oracle(api, city, world):
    handler, dispatcher = api("handler"), api("dispatcher")
    assert _found(dispatcher, NAME) == 1 and _found(dispatcher, PHONE) == 1
    assert _found(handler, NAME) == 0 and _found(handler, PHONE) == 0
    # Every run of digits that includes one the handler sees masked finds nothing.
    masked = range(3, 7)  # 139****4321: positions 3–6 are hidden
    probes = {PHONE[i:j] for i in range(len(PHONE)) for j in range(i + 2, len(PHONE) + 1) if set(range(i, j)) & set(masked)}
    assert [p for p in sorted(probes) if _found(handler, p)] == []
    # What the handler does see still finds the case.
    assert _found(handler, "投诉超市") == 1 and _found(handler, "4321") == 1


def test_search_pages_are_no_oracle_either(client, city, world):
    client.force_login(city.user("head"))
    for q in (NAME, PHONE, "8765"):
        page = client.get(f"/staff/workorders/search/?q={q}").content.decode()
        assert world["case"].tracking_no not in page, q


@pytest.mark.parametrize("role", ["supervisor", "admin", None])
def test_no_page_has_inline_script_or_style(client, city, world, role):
    if role:
        client.force_login(city.user(role))
    start = _start(world) if role else ["/", "/workorders/", "/catalogue/", "/applications/", "/supervision/"]
    problems = []
    for url, response in walk(client, start):
        if "html" in response.get("Content-Type", ""):
            parser = _Links()
            parser.feed(response.content.decode())
            problems += [(url, p) for p in parser.inline]
        assert re.search(r"script-src 'self'", response.get("Content-Security-Policy", "")), url
    assert problems == []
