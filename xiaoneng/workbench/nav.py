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


OFFICE = frozenset({Role.SUPERVISOR, Role.LEADER, Role.ADMIN})

STAFF_NAV: list[NavItem] = [
    NavItem("工作台", "workbench:home"),
    NavItem("工作日历", "workbench:calendar"),
    NavItem("电子监察", "supervision:dashboard", hint="临期预警、黄牌、红牌"),
    NavItem("督办", "supervision:orders"),
    NavItem("明察暗访", "inspections:plans", OFFICE | {Role.HEAD}),
    NavItem("责任追究", "accountability:faults"),
    NavItem("红黑榜", "supervision:lists", frozenset({Role.SUPERVISOR, Role.LEADER})),
    NavItem("通报", "supervision:bulletins", OFFICE | {Role.HEAD}),
    NavItem("通知", "supervision:notifications"),
    NavItem("系统管理", "admin:index", frozenset({Role.ADMIN})),
]

EVERYONE = frozenset(Role.values)

PUBLIC_NAV: list[NavItem] = [
    NavItem("首页", "portal:home", EVERYONE),
    NavItem("红黑榜", "supervision_public:lists", EVERYONE, hint="表扬服务优良、曝光典型问题"),
    NavItem("高压线", "accountability_public:conduct", EVERYONE, hint="禁止行为清单与问责梯度"),
]
