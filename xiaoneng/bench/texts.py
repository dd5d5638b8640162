"""Self-written case texts for the generated city, one group of topics per responsible
department, so that a routing model trained on the generated closed cases has something to
learn.  Placeholders: ``{place}`` (a street and road), ``{shop}``, ``{n}``, ``{when}``.

``STREET`` topics go to the street (or township) where the problem is; the others to the
bureau named by its code in :mod:`xiaoneng.org.demo`."""

from __future__ import annotations

STREET = "street"

# (department code or STREET, weight, type, title, content)
TOPICS: list[tuple[str, int, str, str, str]] = [
    (STREET, 9, "complaint", "{place}夜间施工噪音扰民", "{place}附近工地{when}仍在施工，机械声音很大，影响周边居民休息，希望尽快制止。"),
    (STREET, 7, "complaint", "{place}垃圾清运不及时", "{place}小区门口的垃圾桶已经满了{n}天没人清运，气味很大，请安排清理。"),
    (STREET, 5, "help", "{place}楼道堆放杂物", "{place}单元楼道里堆满了纸箱和旧家具，存在消防隐患，物业不管，请社区协调处理。"),
    (STREET, 4, "suggestion", "建议在{place}增设便民休息座椅", "{place}一带老年人较多，散步时没有地方休息，建议增设几处座椅。"),
    (STREET, 4, "complaint", "{place}占道经营", "{place}路边每天{when}都有流动摊贩占道经营，行人只能走机动车道，很危险。"),
    ("cgj", 6, "help", "{place}路灯不亮", "{place}的路灯已经坏了{n}天，晚上一片漆黑，居民出行不便，请尽快维修。"),
    ("cgj", 4, "complaint", "{place}井盖破损", "{place}人行道上有一个井盖破损塌陷，已有行人绊倒，请尽快更换。"),
    ("cgj", 3, "report", "{place}违法搭建", "{place}一处一楼住户私自搭建彩钢房，占用公共绿地，请依法查处。"),
    ("swuj", 5, "help", "{place}停水", "{place}从{when}开始停水，没有提前通知，已经{n}个小时了，什么时候恢复供水？"),
    ("swuj", 3, "complaint", "{place}自来水发黄", "{place}家里的自来水连续几天发黄，有异味，担心水质问题，请检测。"),
    ("swuj", 2, "help", "{place}雨后积水严重", "{place}每次下雨路面积水都很深，车辆熄火，请疏通排水管道。"),
    ("scjg", 6, "complaint", "{shop}销售过期食品", "我在{place}的{shop}买的酸奶已经过期{n}天，商家拒绝退换，请市场监管部门查处。"),
    ("scjg", 4, "complaint", "{shop}预付卡退费难", "在{place}的{shop}办了会员卡，现在门店关门，剩余{n}百元无法退还。"),
    ("scjg", 3, "report", "{shop}无证经营", "{place}的{shop}没有营业执照和食品经营许可，后厨卫生很差。"),
    ("scjg", 2, "enterprise", "营业执照变更办理咨询", "我公司位于{place}，需要变更经营范围，请问营业执照变更需要哪些材料，能否网上办理？"),
    ("zjj", 5, "complaint", "{place}小区物业服务差", "{place}小区物业收费后不作为，电梯经常停运，{n}号楼的电梯已经停了一周。"),
    ("zjj", 3, "help", "{place}老旧小区改造进度", "{place}的老旧小区改造开工后停工{n}个月，楼下路面挖开没有恢复，什么时候复工？"),
    ("zjj", 2, "consultation", "住房公积金和房屋维修资金咨询", "我住在{place}，想了解房屋专项维修资金如何申请使用，需要业主签字的比例是多少？"),
    ("zrzy", 2, "consultation", "不动产权证办理进度", "我在{place}购买的商品房已交房{n}个月，开发商一直没有办理不动产权证，请问如何处理？"),
    ("zrzy", 1, "report", "{place}非法占用耕地", "{place}村外有人在耕地上堆土建房，面积约{n}亩，请核查。"),
    ("sthj", 4, "complaint", "{shop}油烟扰民", "{place}的{shop}没有安装油烟净化设备，油烟直接排放到居民楼，窗户都不敢开。"),
    ("sthj", 2, "report", "{place}企业偷排废水", "{place}附近的工厂{when}向河道排放有颜色的废水，味道刺鼻。"),
    ("jtys", 4, "complaint", "出租车拒载绕路", "{when}在{place}打出租车，司机拒载，投诉车辆，请交通运输部门处理。"),
    ("jtys", 3, "suggestion", "建议优化{place}公交线路", "{place}附近只有一条公交线路，高峰期要等{n}分钟，建议加密班次或新增线路。"),
    ("rsj", 5, "help", "{shop}拖欠工资", "我在{place}的{shop}工作，公司已经拖欠{n}个月工资，多次讨要没有结果。"),
    ("rsj", 3, "consultation", "社保缴费年限和退休咨询", "我今年五十八岁，在{place}居住，想咨询社保缴费满{n}年后办理退休需要什么手续。"),
    ("jyj", 4, "consultation", "{place}小学入学划片咨询", "孩子今年入学，户口在{place}，请问对应哪所小学，需要准备哪些入学材料？"),
    ("jyj", 2, "complaint", "校外培训机构退费难", "{place}的{shop}培训班突然停课，预交的{n}千元学费不给退。"),
    ("wjw", 3, "complaint", "{place}医院服务态度差", "{when}在{place}附近的医院看急诊，等了{n}个小时没有医生接诊，服务态度很差。"),
    ("wjw", 2, "consultation", "疫苗接种预约咨询", "我住在{place}，想给孩子预约接种疫苗，社区卫生服务中心电话一直打不通。"),
    ("ybj", 3, "consultation", "医保异地就医备案", "我在{place}参保，需要到外地就医，请问异地就医备案怎么办理，报销比例是多少？"),
    ("gaj", 3, "consultation", "户口迁移和身份证办理", "我在{place}买了房，想把户口迁过来，需要哪些材料，能否网上预约？"),
    ("gaj", 2, "complaint", "{place}车辆乱停放", "{place}路口每天{when}车辆乱停乱放，堵住小区出入口，消防车都进不来。"),
    ("wlj", 2, "complaint", "{shop}景区强制消费", "在{place}的{shop}景区游玩时被导游带去购物店强制消费，请文旅部门处理。"),
    ("yjj", 2, "report", "{shop}消防通道堵塞", "{place}的{shop}把消防通道堆满货物，安全出口上锁，存在重大安全隐患。"),
    ("swj", 1, "suggestion", "建议{place}增设便民菜市场", "{place}附近新建小区多，买菜要走{n}公里，建议规划建设便民市场。"),
    ("xzsp", 3, "enterprise", "企业开办审批时间过长", "我公司在{place}申请办理相关许可，材料提交已经{n}个工作日仍未受理，请督促。"),
    ("xzsp", 2, "consultation", "工程建设项目审批咨询", "我单位在{place}的项目需要办理施工许可，请问并联审批的流程和时限。"),
]

PLACES_ROADS = [
    "经十路",
    "文化东路",
    "和平路",
    "山大路",
    "工业南路",
    "二环东路",
    "花园路",
    "历山路",
    "解放路",
    "舜耕路",
    "泉城路",
    "英雄山路",
    "北园大街",
    "大明湖路",
    "纬二路",
    "经七路",
]
SHOPS = ["便利店", "超市", "餐馆", "烧烤店", "健身房", "美容店", "培训学校", "物流公司", "汽车维修店", "面包房", "药店", "酒店"]
WHEN = ["晚上十点以后", "凌晨两点", "周末早上", "每天中午", "昨天下午", "上周五晚上"]


def render(template: str, *, place: str, shop: str, n: int, when: str) -> str:
    return template.format(place=place, shop=shop, n=n, when=when)


# Answers written on closing, by case type.
REPLIES = {
    "consultation": "已向诉求人详细解答相关政策和办理流程，诉求人表示清楚。",
    "help": "已安排工作人员现场处理，问题已解决，并向诉求人反馈。",
    "suggestion": "感谢您的建议，已转相关科室研究，纳入下一步工作计划。",
    "complaint": "经现场核查情况属实，已责令整改到位，并向诉求人说明处理结果。",
    "report": "已组织执法人员现场核查，依法作出处理，处理结果已告知举报人。",
    "enterprise": "已与企业联系，协调相关部门加快办理，企业诉求已解决。",
}
