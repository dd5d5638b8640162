"""Shared test fixtures.  Data is built by calling the real services."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from xiaoneng.core import clock
from xiaoneng.org.models import DepartmentKind as K
from xiaoneng.org.models import Role
from xiaoneng.org.services import department_create, staff_create


@pytest.fixture(autouse=True)
def _seeded_calendar(request):
    """The calendar comes from a data migration; a transactional test empties every table
    when it ends, so put the seed back for whichever test runs next."""
    if not {"db", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    from xiaoneng.workdays.models import CalendarDay, CalendarYear
    from xiaoneng.workdays.seed import seed_calendar

    if not CalendarYear.objects.exists():
        seed_calendar(CalendarDay, CalendarYear)


@pytest.fixture(autouse=True)
def _own_audit_anchors(settings, tmp_path):
    """Anchors of the audit chain are files outside the database: each test gets its own
    folder, as each gets its own (rolled-back) database."""
    settings.XIAONENG = settings.XIAONENG | {"AUDIT_ANCHOR_DIR": str(tmp_path / "audit-anchors")}


@pytest.fixture(autouse=True)
def _fresh_queue_answerers():
    """Intake keeps the centre and the dispatcher on duty for a minute per process; every
    test has its own roster (and tests freeze the same minutes)."""
    from xiaoneng.workorders.services.common import forget_queue_answerers

    forget_queue_answerers()
    yield
    forget_queue_answerers()


class City(dict):
    """A small city: departments by code and users by role name (``city.user("handler")``)."""

    def user(self, name):
        return self["staff"][name].user

    def dept(self, code):
        return self["departments"][code]


@pytest.fixture
def city(db) -> City:
    root = department_create(by=None, code="city", name="测试市人民政府", kind=K.CITY, division_code="370100")
    district = department_create(by=None, code="east", name="东区人民政府", kind=K.DISTRICT, parent=root, division_code="370102")
    street = department_create(by=None, code="east-1", name="东一街道", kind=K.STREET, parent=district)
    west = department_create(by=None, code="west", name="西区人民政府", kind=K.DISTRICT, parent=root, division_code="370103")
    market = department_create(by=None, code="market", name="市市场监督管理局", kind=K.BUREAU, parent=root)
    housing = department_create(by=None, code="housing", name="市住房和城乡建设局", kind=K.BUREAU, parent=root)
    hall = department_create(by=None, code="hall", name="市政务服务中心", kind=K.WINDOW, parent=root)
    window = department_create(by=None, code="hall-market", name="市场准入窗口", kind=K.WINDOW, parent=hall)
    hotline = department_create(by=None, code="hotline", name="12345热线中心", kind=K.OFFICE, parent=root)
    office = department_create(by=None, code="office", name="软环境办", kind=K.OFFICE, parent=root)
    depts = {d.code: d for d in (root, district, street, west, market, housing, hall, window, hotline, office)}
    people = [
        ("admin", root, [Role.ADMIN], False),
        ("window", window, [Role.WINDOW], False),
        ("dispatcher", hotline, [Role.DISPATCHER], False),
        ("handler", market, [Role.HANDLER], False),
        ("head", market, [Role.HEAD], True),
        ("housing_handler", housing, [Role.HANDLER], False),
        ("housing_head", housing, [Role.HEAD], True),
        ("district_head", district, [Role.HEAD], True),
        ("street_handler", street, [Role.HANDLER], False),
        ("supervisor", office, [Role.SUPERVISOR], False),
        ("leader", root, [Role.LEADER], True),
        ("mayor", root, [Role.GOVERNMENT_HEAD], True),
    ]
    staff = {
        name: staff_create(by=None, username=name, password=name, name=f"测试{name}", department=dept, roles=roles, is_leader=leader, phone="13800000000")
        for name, dept, roles, leader in people
    }
    return City(departments=depts, staff=staff)


@pytest.fixture
def public_user(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username="citizen", password="citizen")


@pytest.fixture
def frozen():
    """``with frozen(2026, 1, 5, 10):`` — run as if it were that moment (Asia/Shanghai)."""

    def freeze(*args):
        return clock.frozen(dt.datetime(*args, tzinfo=clock.LOCAL_TZ))

    return freeze


class ApiClient:
    """A JSON client for /api/v1 that logs in with a bearer token."""

    def __init__(self, client, token=None, headers=None):
        self.client = client
        self.headers = dict(headers or {})
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def _call(self, method, path, data=None, headers=None):
        kwargs = {"headers": self.headers | (headers or {})}
        if data is not None:
            kwargs |= {"data": json.dumps(data, default=str), "content_type": "application/json"}
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path, headers=None):
        return self._call("get", path, headers=headers)

    def post(self, path, data=None, headers=None):
        return self._call("post", path, data if data is not None else {}, headers)

    def put(self, path, data=None, headers=None):
        return self._call("put", path, data, headers)


@pytest.fixture
def api(client):
    """``api()`` anonymous; ``api("handler")`` logged in as that demo user (password = name)."""

    def make(username=None):
        if username is None:
            return ApiClient(client)
        response = client.post("/api/v1/auth/token", data={"username": username, "password": username}, content_type="application/json")
        assert response.status_code == 200, response.content
        return ApiClient(client, response.json()["token"])

    return make
