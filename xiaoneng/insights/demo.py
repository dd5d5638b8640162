"""The demo city's analysis: the category → department table, a routing model trained on
the demo's own closed cases, two waves of reports that surface as hot issues (one of them
on the problem register) — all through the real services."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from xiaoneng.core import clock
from xiaoneng.core.errors import outcome
from xiaoneng.workorders import services as workorders
from xiaoneng.workorders.services import Location, Requester

from . import selectors, services

# The first-level categories of provincial message boards, routed to the demo's bureaus.
CATEGORIES = {
    "城乡建设": "zjj",
    "环境保护": "sthj",
    "交通运输": "jtys",
    "教育文体": "jyj",
    "劳动和社会保障": "rsj",
    "商贸旅游": "swj",
    "卫生计生": "wjw",
}

# Two problems many people report at once (written for the demo).
WAVES = [
    (
        "help",
        "历城区山大路地铁施工围挡占用人行道",
        "山大路地铁站施工围挡把人行道全部占了，行人只能走机动车道，早晚高峰非常危险。",
        "历城区山大路与花园路路口",
        "licheng",
        6,
    ),
    (
        "complaint",
        "槐荫区振兴街菜市场周边夜间噪音",
        "振兴街菜市场凌晨三点就开始卸货，货车鸣笛和装卸声音很大，周边居民无法休息。",
        "槐荫区振兴街菜市场",
        "huaiyin",
        4,
    ),
]
VOICES = ["", "已经反映过一次了，", "我家就在旁边，", "我是附近居民，", "孩子上学每天经过，", "老人出门很不方便，"]


def load(city: dict) -> None:
    admin, supervisor = city["staff"]["admin"].user, city["staff"]["supervisor"].user
    dispatcher = city["staff"]["dispatcher"].user
    for label, code in CATEGORIES.items():
        services.category_department_set(by=admin, label=label, department=city["departments"][code])
    texts, labels = selectors.training_cases(settings.XIAONENG["ROUTING_TRAINING_LIMIT"])
    # With too few closed cases in this demo the training is refused: dispatchers see the routing rules only.
    outcome(lambda: services.routing_model_train(by=admin, texts=texts, labels=labels, source="演示城市已办结工单"))
    now = clock.now()
    for type_, title, content, address, area, count in WAVES:
        for k in range(count):
            with clock.frozen(now - dt.timedelta(days=12 - 2 * k, hours=3)):
                workorders.workorder_create(
                    by=dispatcher,
                    channel="hotline",
                    type=type_,
                    title=title,
                    content=VOICES[k % len(VOICES)] + content,
                    requester=Requester(name=f"市民{k + 1}", phone=f"1390531{k:04d}"),
                    location=Location(address=address, area=area),
                )
    subway = next((i for i in services.hot_issues_recompute(by=None) if "地铁" in i.title), None)
    if subway is not None:
        services.problem_register(
            by=supervisor,
            title="",
            leader=city["staff"]["leader"],
            department=city["departments"]["jtys"],
            due_on=clock.today() + dt.timedelta(days=30),
            description="地铁施工围挡长期占用人行道，多次反映，由分管副市长包案协调。",
            hot_issue=subway,
        )
