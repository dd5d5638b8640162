import re
from pathlib import Path

import pytest

from xiaoneng.core.models import AuditRecord
from xiaoneng.workdays.models import CalendarYear

TEMPLATES = Path(__file__).resolve().parents[2]


def login(client, username):
    assert client.login(username=username, password=username)
    return client


def test_login_page_and_login(client, city):
    page = client.get("/accounts/login/")
    assert page.status_code == 200 and "工作人员登录" in page.content.decode()
    response = client.post("/accounts/login/", {"username": "handler", "password": "handler"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    bad = client.post("/accounts/login/", {"username": "handler", "password": "x"})
    assert "用户名或密码错误" in bad.content.decode()


@pytest.mark.parametrize("username", ["admin", "window", "dispatcher", "handler", "head", "supervisor", "leader"])
def test_staff_home_for_every_role(client, city, username):
    html = login(client, username).get("/staff/").content.decode()
    assert f"测试{username}" in html and "待办" in html and "已办" in html and "我发起的" in html


def test_staff_home_needs_login_and_a_staff_account(client, city, public_user):
    assert client.get("/staff/").status_code == 302
    client.force_login(public_user)
    assert client.get("/staff/").status_code == 403


def test_public_home(client, db):
    html = client.get("/").content.decode()
    assert "政务服务效能公开门户" in html and 'lang="zh-Hans"' in html


def test_calendar_page_and_calculator(client, city):
    login(client, "handler")
    html = client.get("/staff/calendar/?year=2026").content.decode()
    assert "2026年工作日历" in html and "春节" in html and "导入年度放假安排" not in html
    result = client.get("/staff/calendar/compute/?start=2026-09-30&days=5", HTTP_HX_REQUEST="true").content.decode()
    assert "2026-10-13（周二）" in result and "2026-10-11" in result
    assert "起算日期应为日期，格式 YYYY-MM-DD，收到“x”" in client.get("/staff/calendar/compute/?start=x&days=5").content.decode()
    assert "起算日期超出可用范围" in client.get("/staff/calendar/compute/?start=9999-12-31&days=5").content.decode()
    assert "工作日数应在 0–1000 之间" in client.get("/staff/calendar/compute/?start=2026-09-30&days=1001").content.decode()
    assert "暂定" in client.get("/staff/calendar/?year=2027").content.decode()


def test_admin_imports_a_year_from_the_calendar_page(client, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, "admin")
    assert "导入年度放假安排" in client.get("/staff/calendar/").content.decode()
    upload = SimpleUploadedFile("2027.csv", "2027-01-01,休,元旦\n".encode(), content_type="text/csv")
    response = client.post("/staff/calendar/import/", {"year": "2027", "file": upload, "source": "测试"}, follow=True)
    assert "已载入 2027 年安排" in response.content.decode()
    assert CalendarYear.objects.filter(year=2027).exists()
    assert AuditRecord.objects.filter(action="calendar.load_year", actor=city.user("admin")).exists()


def test_non_admin_cannot_import(client, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, "head")
    upload = SimpleUploadedFile("2027.csv", b"2027-01-01,holiday,x\n", content_type="text/csv")
    response = client.post("/staff/calendar/import/", {"year": "2027", "file": upload}, follow=True)
    assert "只有系统管理员" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_no_page_loads_anything_from_another_host():
    pattern = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)
    offenders = [str(p) for p in TEMPLATES.rglob("*.html") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_static_assets_are_served_locally(client, db):
    assert client.get("/static/xiaoneng/app.css").status_code == 200
    assert client.get("/static/django_htmx/htmx-2.min.js").status_code == 200
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
