"""Small self-written messages for the analysis tests (never real citizen messages)."""

from __future__ import annotations

from xiaoneng.workorders import services
from xiaoneng.workorders.tests.conftest import at, hotline  # noqa: F401 - re-exported for the tests

# Three departments' kind of cases, eight each: enough for a model to tell them apart.
MARKET = [
    "超市出售过期牛奶，店员拒绝退货",
    "饭店餐具不消毒，吃完肚子疼",
    "网购商品质量差，商家不给退款",
    "药店卖假药，请市场监管部门查处",
    "健身房突然关门，预付卡无法退费",
    "水果店缺斤短两，电子秤有问题",
    "奶茶店使用过期原料",
    "商场促销虚假打折，先涨价后降价",
]
HOUSING = [
    "小区物业费上涨没有召开业主大会",
    "新房交房后墙体开裂漏水",
    "开发商延期交房不给说法",
    "老旧小区加装电梯协调困难",
    "物业公司不作为，电梯常年故障",
    "住房公积金贷款审批太慢",
    "保障性住房分配不公开",
    "楼顶违章搭建影响邻居采光",
]
EDUCATION = [
    "学校强制学生购买教辅资料",
    "幼儿园乱收费，学费一年涨两次",
    "培训机构卷款跑路，学费退不了",
    "小学入学划片不合理，孩子上学远",
    "教师有偿补课，请教育局查处",
    "学校食堂饭菜质量差，孩子吃不饱",
    "中学放假通知太晚，家长无法安排",
    "校车超载，存在安全隐患",
]


def labelled_corpus():
    texts = MARKET + HOUSING + EDUCATION
    labels = ["market"] * len(MARKET) + ["housing"] * len(HOUSING) + ["education"] * len(EDUCATION)
    return texts, labels


def closed_case(city, moment, *, title, content, department, reply="经核实情况属实，已责令整改，联系电话0531-12345678。", **kwargs):
    """A case through the whole loop to closure, handled by ``department``."""
    wo = hotline(city, moment, title=title, content=content, **kwargs)
    wo = services.workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept(department))
    handler = city.user("handler" if department == "market" else "housing_handler")
    wo = services.workorder_sign(by=handler, workorder=wo)
    wo = services.workorder_reply(by=handler, workorder=wo, content=f"{title}：{reply}")
    services.workorder_follow_up(by=city.user("dispatcher"), workorder=wo, resolved=True, satisfaction="satisfied")
    return services.workorder_close(by=city.user("dispatcher"), workorder=wo)
