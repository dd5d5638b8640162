"""The staff navigation: one list.  Each entry names the URL and who may see it; a domain
adds its pages here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xiaoneng.notifications.selectors import unread_count
from xiaoneng.org.models import Role

STAFF = frozenset(r for r in Role.values if r != Role.PUBLIC)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] = STAFF
    hint: str = ""
    group: str = ""  # staff pages are listed under their group in the side bar
    badge: Callable | None = None  # badge(user) -> a count shown beside the entry (unread, to do)


SERVICE, CASES, SUPERVISION, ANALYSIS, EVALUATION, SYSTEM = "政务服务", "诉求工单", "监督问责", "分析研判", "评议考核", "系统"
OFFICE = frozenset({Role.SUPERVISOR, Role.LEADER, Role.ADMIN})

STAFF_NAV: list[NavItem] = [
    NavItem("工作台", "workbench:home"),
    NavItem("通知", "notifications:list", badge=unread_count),
    NavItem("领导驾驶舱", "workbench:cockpit", frozenset({Role.LEADER, Role.SUPERVISOR, Role.ADMIN}), hint="全市工单、超期、三率趋势、热点与包案难题"),
    NavItem("办件", "applications:list", hint="按到期先后排列的办件与审批时限", group=SERVICE),
    NavItem("首问登记", "applications:inquiries", group=SERVICE),
    NavItem("事项清单", "catalogue:list", group=SERVICE),
    NavItem("受理登记", "workorders:new", frozenset({Role.DISPATCHER, Role.WINDOW}), group=CASES),
    NavItem("派单队列", "workorders:queue", frozenset({Role.DISPATCHER}), group=CASES),
    NavItem("部门工单", "workorders:inbox", frozenset({Role.HANDLER, Role.HEAD}), group=CASES),
    NavItem("回访办结", "workorders:follow_up_queue", frozenset({Role.DISPATCHER, Role.SUPERVISOR}), group=CASES),
    NavItem("工单查询", "workorders:list", group=CASES),
    NavItem("工单统计", "workorders:stats", group=CASES),
    NavItem("电子监察", "supervision:dashboard", hint="临期预警、黄牌、红牌", group=SUPERVISION),
    NavItem("督办", "supervision:orders", group=SUPERVISION),
    NavItem("明察暗访", "inspections:plans", OFFICE | {Role.HEAD}, group=SUPERVISION),
    NavItem("责任追究", "accountability:faults", group=SUPERVISION),
    NavItem("红黑榜", "supervision:lists", frozenset({Role.SUPERVISOR, Role.LEADER}), group=SUPERVISION),
    NavItem("通报", "supervision:bulletins", OFFICE | {Role.HEAD}, group=SUPERVISION),
    NavItem(
        "热点问题", "insights:hot_issues", frozenset({Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN}), hint="近期集中反映的问题", group=ANALYSIS
    ),
    NavItem("难题库", "insights:problems", frozenset({Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN}), hint="包案领导与办结期限", group=ANALYSIS),
    NavItem("答复质量审核", "insights:reply_reviews", frozenset({Role.SUPERVISOR}), group=ANALYSIS),
    NavItem(
        "万人评议",
        "evaluation:appraisals",
        frozenset({Role.SUPERVISOR, Role.LEADER, Role.HEAD, Role.ADMIN, Role.DISPATCHER}),
        hint="评议排名、得分区间、一票否决",
        group=EVALUATION,
    ),
    NavItem("好差评", "evaluation:ratings", hint="评价结果、差评整改与申诉", group=EVALUATION),
    NavItem("承诺践诺", "evaluation:commitments", group=EVALUATION),
    NavItem("政策兑现", "evaluation:policies", group=EVALUATION),
    NavItem("工作日历", "workbench:calendar", group=SYSTEM),
    NavItem("投递失败通知", "notifications:dead_letters", frozenset({Role.ADMIN, Role.SUPERVISOR}), hint="短信、邮件发送失败，可重新发送", group=SYSTEM),
    NavItem("系统管理", "admin:index", frozenset({Role.ADMIN}), group=SYSTEM),
]

EVERYONE = frozenset(Role.values)

# Public entries with group=MORE sit behind "更多" on a wide screen, so that the bar stays one
# line at 1366 px; on a phone the folded menu lists them all.
MORE = "更多"

PUBLIC_NAV: list[NavItem] = [
    NavItem("首页", "portal:home", EVERYONE),
    NavItem("办事指南", "catalogue_public:list", EVERYONE, "政务服务事项清单：依据、条件、材料、时限、收费"),
    NavItem("办件查询", "applications_public:lookup", EVERYONE, "凭办件编号和查询码查看办理进度"),
    NavItem("涉企收费清单", "catalogue_public:fees", EVERYONE, "清单之外不得收费"),
    NavItem("我要留言", "workorders_public:submit", EVERYONE, "咨询、求助、建议、投诉、举报、企业诉求"),
    NavItem("诉求查询", "workorders_public:track", EVERYONE, "凭受理编号和查询码查询诉求办理进度"),
    NavItem("部门评议排名", "evaluation_public:ranking", EVERYONE, hint="万人评议结果：得分区间、并列名次、一票否决、漏斗图"),
    NavItem("好差评", "evaluation_public:ratings", EVERYONE, hint="各部门政务服务评价与差评整改；凭编号和查询码评价"),
    NavItem("承诺兑现", "evaluation_public:commitments", EVERYONE, hint="部门承诺践诺、惠企政策兑现与进度查询", group=MORE),
    NavItem("红黑榜", "supervision_public:lists", EVERYONE, hint="表扬服务优良、曝光典型问题"),
    NavItem("公开统计", "portal:stats", EVERYONE, hint="各部门受理量、按时签收率、按期办结率、解决率、满意率及月度趋势"),
    NavItem("开放数据", "portal:opendata", EVERYONE, hint="统计数据、事项清单、涉企收费清单（CSV、JSON）", group=MORE),
    NavItem("高压线", "accountability_public:conduct", EVERYONE, hint="禁止行为清单与问责梯度", group=MORE),
]
