"""The staff navigation: one list.  Each entry names the URL and who may see it; a domain
adds its pages here."""

from __future__ import annotations

from dataclasses import dataclass

from xiaoneng.org.models import Role

STAFF = frozenset(r for r in Role.values if r != Role.PUBLIC)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] = STAFF
    hint: str = ""


STAFF_NAV: list[NavItem] = [
    NavItem("工作台", "workbench:home"),
    NavItem("工作日历", "workbench:calendar"),
    NavItem("系统管理", "admin:index", frozenset({Role.ADMIN})),
]

EVERYONE = frozenset(Role.values)

PUBLIC_NAV: list[NavItem] = [
    NavItem("首页", "portal:home", EVERYONE),
]
