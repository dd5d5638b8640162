"""Permission checks, role by role."""

import datetime as dt

import pytest

from xiaoneng.clocks.models import Clock
from xiaoneng.clocks.services import clock_start
from xiaoneng.org import access
from xiaoneng.org.models import Department, Role

ROLE_USERS = {
    "admin": Role.ADMIN,
    "window": Role.WINDOW,
    "dispatcher": Role.DISPATCHER,
    "handler": Role.HANDLER,
    "head": Role.HEAD,
    "supervisor": Role.SUPERVISOR,
    "leader": Role.LEADER,
}


@pytest.mark.parametrize("username,role", ROLE_USERS.items())
def test_roles_of_each_demo_user(city, username, role):
    assert access.roles_of(city.user(username)) == {role}


def test_anonymous_and_plain_accounts_are_the_public(public_user, db):
    from django.contrib.auth.models import AnonymousUser

    assert access.roles_of(AnonymousUser()) == {Role.PUBLIC}
    assert access.roles_of(public_user) == {Role.PUBLIC}
    assert not access.is_staff_member(public_user)
    assert not access.access_workbench(AnonymousUser())


def _visible(user):
    return {d.code for d in Department.objects.all() if access.access_department(user, d)}


ALL = {"city", "east", "east-1", "west", "market", "housing", "hall", "hall-market", "hotline", "office"}


@pytest.mark.parametrize(
    "username,visible",
    [
        ("admin", ALL),
        ("dispatcher", ALL),
        ("supervisor", ALL),
        ("leader", ALL),
        ("handler", {"market"}),
        ("head", {"market"}),
        ("window", {"hall-market"}),
        ("district_head", {"east", "east-1"}),
        ("street_handler", {"east-1"}),
    ],
)
def test_department_visibility_by_role(city, username, visible):
    assert _visible(city.user(username)) == visible


@pytest.mark.parametrize(
    "username,visible",
    [("handler", {"market"}), ("district_head", {"east", "east-1"}), ("dispatcher", ALL)],
)
def test_department_scope_filter_matches_the_check(city, username, visible):
    for code in ALL:
        clock_start(by=None, subject=("test.thing", city.dept(code).pk), kind="t", started_on=dt.date(2026, 1, 5), working_days=1, department=city.dept(code))
    scoped = Clock.objects.filter(access.department_scope(city.user(username)))
    assert set(scoped.values_list("department__code", flat=True)) == visible


def test_public_sees_no_department_rows(city, public_user):
    assert not Department.objects.filter(access.department_scope(public_user, field="parent")).exists()


@pytest.mark.parametrize("username", ROLE_USERS)
def test_only_administrators_manage_calendar_keys_and_admin_site(city, username):
    user = city.user(username)
    expected = username == "admin"
    assert access.access_manage_calendar(user) is expected
    assert access.access_manage_api_keys(user) is expected
    assert access.access_admin_site(user) is expected


@pytest.mark.parametrize("username", ROLE_USERS)
def test_every_staff_role_has_a_workbench(city, username):
    assert access.access_workbench(city.user(username))
