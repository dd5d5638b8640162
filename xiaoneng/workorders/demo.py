"""The demo city's work orders: about 150 cases over the last seven weeks, across every type,
channel, district and bureau, in every status — new ones in the dispatcher's queue, cases to
sign for, in handling, overdue, returned, extended, reopened, waiting for the call-back,
closed — and one group of duplicate reports.  Everything goes through the real services at
moments relative to today, so deadlines, clocks, the timeline and the audit log are real."""

from __future__ import annotations

import datetime as dt
import random

from xiaoneng.core import clock
from xiaoneng.core.errors import outcome
from xiaoneng.org.models import Role, StaffRole

from . import services
from .access import roster_candidates
from .models import RoutingRule
from .services import Location, Requester
from .services.common import centre

# (type, bureau or "street", title, content with {addr}); written for the demo.
CASES = [
    ("complaint", "scjg", "超市销售过期酸奶", "在{addr}的一家连锁超市买的酸奶已过保质期三天，找店员退换被拒绝，请市场监管部门核查。"),
    ("complaint", "scjg", "健身房闭店无法退费", "本人在{addr}一家健身房办了3800元年卡，上周门店突然关门，老板联系不上，涉及会员约两百人，请求协调退费。"),
    ("complaint", "cgj", "工地夜间施工噪音扰民", "{addr}附近工地连续多日晚上十一点以后还在施工，混凝土泵车声音很大，周边居民无法休息。"),
    ("complaint", "sthj", "烧烤店油烟直排", "{addr}一楼烧烤店没有安装油烟净化设施，油烟直接排向居民楼，夏天根本不敢开窗。"),
    ("complaint", "jtys", "出租车拒载", "昨晚十点在{addr}打车，司机听说目的地近拒绝载客，态度恶劣，请求查处。"),
    ("complaint", "zjj", "物业费上涨未经业主大会", "{addr}小区物业公司本月起把物业费从每平方米1.2元涨到1.8元，没有召开业主大会，也没有公示。"),
    ("complaint", "wjw", "专家号挂不上、有人倒号", "近一个月在某三甲医院一直挂不上专家号，医院门口有人加价两百元代挂，请卫健部门整治。"),
    ("complaint", "rsj", "装修项目拖欠工资", "我们十二名工人在{addr}的装修项目干了三个月，包工头至今拖欠工资约十八万元，多次讨要没有结果。"),
    ("complaint", "jyj", "培训机构拒不退费", "{addr}一家培训机构一次性收了两年学费，孩子不想上了要求退剩余费用，机构拒绝。"),
    ("complaint", "swuj", "小区突然停水未通知", "{addr}小区今天早上突然停水，物业说是管网维修，但事先没有任何通知，家里有老人孩子很不方便。"),
    ("complaint", "cgj", "流动摊贩占用人行道", "{addr}每天傍晚有很多流动摊贩占用人行道和盲道经营，行人只能走机动车道，很不安全。"),
    ("help", "swuj", "下水道堵塞污水外溢", "{addr}小区3号楼前的下水道堵塞，污水漫到路面已经两天了，气味很大。"),
    ("help", "rsj", "社保转移迟迟未到账", "我从外省调来工作，社保关系转移申请提交一个多月还没到账，想了解进度和是否需要补材料。"),
    ("help", "ybj", "异地就医备案不会操作", "父亲在外地住院，需要办理异地就医备案，手机上不知道怎么操作，请给予指导。"),
    ("help", "zjj", "加装电梯频繁故障", "{addr}小区加装的电梯本月已经故障停运三次，困人一次，维保单位互相推诿，请帮忙协调。"),
    ("help", "street", "独居老人无人照顾", "{addr}有一位八十多岁的独居老人，行动不便，最近生病没人照顾，请社区帮忙联系救助。"),
    ("help", "street", "楼道杂物堆放影响通行", "{addr}单元楼道里堆满了纸箱和旧家具，消防通道被堵，请社区协调清理。"),
    ("help", "gaj", "外地丢失身份证急需乘车", "在外地出差时身份证丢了，后天需要坐高铁回济南，请问怎么办理临时乘车证明。"),
    ("suggestion", "jtys", "新建小区附近增设公交线路", "{addr}新建小区入住已超过五千户，附近没有公交站，建议增设线路或调整现有线路走向。"),
    ("suggestion", "cgj", "增加垃圾分类投放点", "{addr}小区只有一个垃圾分类投放点，离后排楼太远，建议再增设一处并延长开放时间。"),
    ("suggestion", "jyj", "延长小学课后服务时间", "双职工家庭下班晚，建议{addr}附近小学把课后服务延长到下午六点。"),
    ("suggestion", "wlj", "景区增设无障碍设施", "带轮椅老人游览时发现部分景点台阶多、没有坡道，建议增设无障碍通道和无障碍卫生间。"),
    ("suggestion", "jtys", "优化路口信号灯配时", "{addr}路口早高峰左转绿灯只有十几秒，车辆排队很长，建议优化信号配时。"),
    ("report", "sthj", "企业夜间向河道排放废水", "{addr}附近一家企业夜间通过暗管往河里排废水，河水发黑有刺鼻气味。"),
    ("report", "wjw", "居民楼内无证行医", "{addr}一栋居民楼里有人无证行医，经常给病人输液，存在很大风险。"),
    ("report", "yjj", "门面房违规存放液化气钢瓶", "{addr}一间门面房内堆放了几十个液化气钢瓶，旁边就是学校，存在重大安全隐患。"),
    ("report", "zrzy", "占用耕地搭建厂房", "{addr}村有人在耕地上搭建钢结构厂房，面积有上千平方米。"),
    ("report", "scjg", "商场销售假冒名牌服装", "{addr}某商场三楼几家店铺销售假冒知名品牌服装，价格很低。"),
    ("consultation", "xzsp", "开小吃店需要办哪些证", "想在{addr}开一家小吃店，请问营业执照和食品经营许可要准备哪些材料，能不能网上办理？"),
    ("consultation", "rsj", "灵活就业人员如何参保", "本人是灵活就业人员，想咨询职工养老保险怎么缴纳，缴费基数怎么选。"),
    ("consultation", "zjj", "公积金提取条件", "租房可以提取住房公积金吗？每年能提取多少，需要什么材料？"),
    ("consultation", "jyj", "小学入学报名时间", "孩子明年上小学，户口在{addr}，请问什么时候开始报名，需要准备哪些材料？"),
    ("consultation", "ybj", "门诊慢特病怎么申请", "母亲有高血压和糖尿病，想申请门诊慢特病待遇，请问去哪里申请、怎么报销。"),
    ("consultation", "swj", "家电以旧换新补贴", "在商场买了冰箱参加以旧换新，补贴什么时候能到账，在哪里查询？"),
    ("enterprise", "xzsp", "厂房施工许可审批慢", "我公司在{addr}的厂房项目施工许可申请已提交二十个工作日仍无结果，影响开工，请协调。"),
    ("enterprise", "swj", "外贸专项资金申报", "我公司为外贸企业，想申报今年的外贸发展专项资金，请问申报条件和截止时间。"),
    ("enterprise", "scjg", "企业名称变更登记", "公司拟变更名称，线上提交后一直显示审核中，已经一周了，请帮忙了解原因。"),
    ("enterprise", "zrzy", "工业用地规划条件调整", "企业在{addr}的工业用地想提高容积率建设研发楼，请问规划条件调整的程序。"),
    ("enterprise", "rsj", "稳岗返还未到账", "公司符合稳岗返还条件，系统显示已审核通过，但两个月了资金还没到账。"),
    ("enterprise", "sthj", "技改项目环评手续", "企业计划在{addr}实施技术改造，请问是否需要重新办理环评，办理流程如何。"),
]

ADDRESSES = {
    "lixia": ["历下区历山路", "历下区解放路", "历下区文化东路", "历下区泉城路"],
    "shizhong": ["市中区经七路", "市中区英雄山路", "市中区大观园附近"],
    "huaiyin": ["槐荫区经十路西段", "槐荫区振兴街", "槐荫区营市街"],
    "tianqiao": ["天桥区北园大街", "天桥区堤口路", "天桥区官扎营"],
    "licheng": ["历城区花园路", "历城区山大路", "历城区洪家楼"],
    "pingyin": ["平阴县榆山路", "平阴县东阿镇", "平阴县孔村镇"],
}

REPLIES = [
    "经现场核查，情况属实，已责令相关单位限期整改，并将持续跟踪整改落实情况。",
    "已联系诉求人了解详细情况，相关问题已协调解决，具体办理依据和结果已电话告知。",
    "经核实，该事项符合政策规定，已按程序办理完毕，办理结果已告知诉求人。",
    "已安排执法人员检查，对违法行为依法立案调查，处理结果将按规定公开。",
    "已对诉求人进行政策解释，提供了办理指南和线上办理入口，诉求人表示理解。",
]

CHANNELS = ["hotline"] * 10 + ["web"] * 4 + ["wechat"] * 3 + ["app", "weibo", "email", "walk_in"]


def _staff_by(city, dept_code, role):
    """The first member of ``dept_code`` with ``role`` (looked up once per city)."""
    index = city.setdefault("_workorder_staff", {})
    if not index:
        for grant in StaffRole.objects.select_related("staff__user", "staff__department").order_by("staff_id"):
            index.setdefault((grant.staff.department.code, grant.role), grant.staff.user)
    return index.get((dept_code, role))


def _decide_extension(*, workorder, **kwargs):
    return services.workorder_extension_decide(extension=workorder.extensions.get(status="pending"), **kwargs)


def _office_moment(rng, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.choice([8, 9, 10, 11, 14, 15, 16, 19, 21]), rng.choice([0, 10, 25, 40, 55])), tzinfo=clock.LOCAL_TZ)


class _Story:
    """Play one case forward step by step, never past now."""

    def __init__(self, wo, now):
        self.wo, self.now = wo, now

    def do(self, moment, fn, **kwargs) -> bool:
        if moment >= self.now:
            return False
        with clock.frozen(moment):
            _, refused = outcome(lambda: fn(workorder=self.wo, **kwargs))
        if refused is not None:
            return False
        self.wo.refresh_from_db()
        return True


def _rules(city) -> None:
    d = city["departments"]
    now = clock.now()
    for priority, (name, type_, words, dept) in enumerate(
        [
            ("油烟噪声归生态环境", "", "油烟 噪音 噪声 废水 排污", "sthj"),
            ("占道摊贩、路灯归城管", "", "摊贩 占道 路灯 垃圾", "cgj"),
            ("食品、预付卡归市场监管", "", "过期 食品 预付卡 假冒 退费", "scjg"),
            ("欠薪、社保归人社", "", "拖欠工资 欠薪 社保 稳岗", "rsj"),
            ("物业、电梯归住建", "", "物业 电梯 公积金", "zjj"),
            ("审批事项归审批局", "enterprise", "审批 许可 营业执照", "xzsp"),
        ],
        start=1,
    ):
        RoutingRule.objects.create(name=name, priority=priority * 10, type=type_, keywords=words, department=d[dept], updated_at=now)


ROSTER_DAYS_BACK, ROSTER_DAYS_AHEAD = 50, 7  # the cases below go back 49 days


def _roster(city, today: dt.date) -> list:
    """Day shifts 08:00–20:00 and night shifts 20:00–08:00 over the demo period and the week
    ahead, in turn among the centre's dispatchers, kept by the centre's head: every case that
    waits for dispatch is answered for by the dispatcher on duty when it came in."""
    head = city["staff"]["hotline_head"].user
    rota = list(roster_candidates(city["departments"]["rexian"]))
    if centre() != city["departments"]["rexian"]:  # settings name another centre: not its roster to keep
        return rota
    start = today - dt.timedelta(days=ROSTER_DAYS_BACK)
    for n in range(ROSTER_DAYS_BACK + ROSTER_DAYS_AHEAD + 1):
        day = start + dt.timedelta(days=n)
        for half, (hour, note) in enumerate(((8, "白班"), (20, "夜班"))):
            begins = dt.datetime.combine(day, dt.time(hour), tzinfo=clock.LOCAL_TZ)
            staff = rota[(2 * n + half) % len(rota)]
            services.duty_shift_create(by=head, staff=staff, starts_at=begins, ends_at=begins + dt.timedelta(hours=12), note=note)
    return rota


def load(city: dict) -> None:
    rng = random.Random(12345)
    now = clock.now()
    today = clock.today()
    rota = _roster(city, today)
    # the centre's dispatchers take the calls (its head keeps the roster and takes none)
    dispatchers = [p.user for p in city["staff"].values() if p in rota]
    supervisor = city["staff"]["supervisor"].user
    window = city["staff"]["window"].user
    districts = list(ADDRESSES)
    names = iter(_demo_names(rng))
    _rules(city)
    plans = [(i, int(rng.triangular(0, 49, 3))) for i in range(150)]
    made = []
    for i, days_back in sorted(plans, key=lambda p: -p[1]):
        type_, bureau, title, content = CASES[i % len(CASES)]
        district = districts[(i * 7) % len(districts)]
        street = next((c for c in city["departments"] if c.startswith(district + "-")), district)
        addr = rng.choice(ADDRESSES[district])
        channel = CHANNELS[i % len(CHANNELS)]
        if i % 15 == 0:  # the last few hours: the dispatcher's queue
            received = now - dt.timedelta(minutes=10 + 2 * i)
        else:
            received = min(_office_moment(rng, today - dt.timedelta(days=days_back)), now - dt.timedelta(hours=7, minutes=i))
        anonymous = type_ == "report" and i % 2 == 0
        by = window if channel == "walk_in" else rng.choice(dispatchers)
        requester = Requester(
            name="" if anonymous else next(names),
            phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            anonymous=anonymous,
            organization=f"济南{['华信', '鲁源', '泉城', '齐鲁'][i % 4]}科技有限公司" if type_ == "enterprise" else "",
        )
        with clock.frozen(received):
            wo = services.workorder_create(
                by=by if channel in ("hotline", "walk_in", "email") else None,
                channel=channel,
                type=type_,
                title=title,
                content=content.format(addr=addr),
                requester=requester,
                urgent=(i % 37 == 5),
                location=Location(address=addr, area=street if bureau == "street" else district),
            )
        target = city["departments"][street if bureau == "street" else bureau]
        made.append((wo, target, received, by if by != window else rng.choice(dispatchers)))
    for n, (wo, target, received, dispatcher) in enumerate(made):
        _play(city, rng, n, _Story(wo, now), target, received, dispatcher, supervisor)
    _duplicates(city, now)


def _demo_names(rng):
    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯", "伟芳娜敏静丽强磊军洋勇艳杰涛明超霞平刚华玉萍红玲燕辉斌宇浩凯"
    while True:
        yield rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2))))


def _play(city, rng, n, story, target, received, dispatcher, supervisor) -> None:
    """Move one case as far as its age and its number say."""
    wo = story.wo
    handler = _staff_by(city, target.code, Role.HANDLER) or _staff_by(city, target.code, Role.HEAD)
    step = dt.timedelta
    if wo.type == "consultation" and n % 3 == 0:
        if story.do(received + step(minutes=5), services.workorder_answer, by=dispatcher, content="已当场解答：" + REPLIES[4]):
            story.do(received + step(days=1, hours=1), services.workorder_close, by=supervisor)
        return
    age = story.now - received
    if age < dt.timedelta(hours=6) and n % 4:
        return  # still in the dispatcher's queue
    if not story.do(received + step(minutes=20), services.workorder_dispatch, by=dispatcher, department=target):
        return
    if n % 23 == 7 and age < dt.timedelta(days=5):  # returned, waiting for review
        story.do(received + step(hours=1), services.workorder_return, by=handler, reason="该事项属于区县属地管理范围，不属于本部门职责。")
        return
    if n % 29 == 11:  # returned, rejected: improper return
        story.do(received + step(hours=1), services.workorder_return, by=handler, reason="该事项不属于本部门职责，请改派。")
        story.do(received + step(hours=3), services.workorder_return_review, by=dispatcher, accept=False, note="依据部门三定方案，该事项属本部门职责。")
    if n % 31 == 13 and wo.area is not None:  # returned, accepted: the district handles it
        if story.do(received + step(hours=1), services.workorder_return, by=handler, reason="该问题属于属地管理事项，应由所在区政府处理。"):
            district = wo.area if wo.area.parent.parent_id is None else wo.area.parent
            story.do(received + step(hours=2), services.workorder_return_review, by=dispatcher, accept=True, department=district, note="同意，改派属地")
            handler = _staff_by(city, district.code, Role.HANDLER)
    if n % 17 == 4:
        return  # still to sign
    if not story.do(received + step(hours=3 if n % 5 == 0 else 0, minutes=45), services.workorder_sign, by=handler):
        return
    wo = story.wo
    span = (wo.due_at - received).days
    if n % 11 == 2:
        return  # overdue or in handling: no answer yet
    if n % 13 == 6 and story.do(
        received + step(days=2), services.workorder_extension_request, by=handler, days=5, reason="需要会同属地街道现场核查，时间较长。"
    ):
        story.do(received + step(days=2, hours=3), _decide_extension, by=dispatcher, approve=True, note="同意")
    if span > 6:
        story.do(received + step(days=3), services.workorder_feedback, by=handler, content="已安排人员现场核查，正在协调相关单位处理。")
    reply_at = received + step(days=rng.randint(1, max(1, span + (3 if n % 9 == 0 else 0))), hours=rng.randint(0, 5))
    if not story.do(reply_at, services.workorder_reply, by=handler, content=REPLIES[n % len(REPLIES)]):
        return
    satisfied = n % 8 != 0
    if not story.do(
        reply_at + step(days=1),
        services.workorder_follow_up,
        by=supervisor,
        resolved=satisfied,
        satisfaction=rng.choice(["very_satisfied", "satisfied", "satisfied", "basically_satisfied"]) if satisfied else "dissatisfied",
    ):
        return
    if satisfied:
        story.do(reply_at + step(days=1, minutes=5), services.workorder_close, by=supervisor)
        return
    if story.do(reply_at + step(days=1, minutes=10), services.workorder_reopen, by=supervisor) and n % 16 != 8:
        story.do(reply_at + step(days=1, hours=2), services.workorder_sign, by=handler)
        story.do(reply_at + step(days=4), services.workorder_reply, by=handler, content="重新核查后，已督促责任单位完成整改，并现场复核。")


def _duplicates(city, now) -> None:
    """Three reports of one broken street light, linked to the first as duplicates and
    signed for by 城管, ready for one answer to the whole group."""
    dispatcher = city["staff"]["dispatcher"].user
    handler = _staff_by(city, "cgj", Role.HANDLER)
    reports = [
        ("历下区解放路东段约三百米路灯连续一周不亮，晚上骑电动车很危险。", "周丽", "13705310001"),
        ("解放路东段路灯坏了好几天了，晚上一片漆黑，请尽快修复。", "吴强", "13805310002"),
        ("反映解放路东头路灯不亮的问题，老人晚上出门摔了一跤。", "郑敏", "13905310003"),
    ]
    group = []
    for k, (text, name, phone) in enumerate(reports):
        with clock.frozen(now - dt.timedelta(hours=5 - k)):
            group.append(
                services.workorder_create(
                    by=dispatcher,
                    channel="hotline",
                    type="help",
                    title="解放路路灯不亮",
                    content=text,
                    requester=Requester(name=name, phone=phone),
                    location=Location(address="历下区解放路东段", area="lixia"),
                )
            )
    with clock.frozen(now - dt.timedelta(hours=1)):
        for other in group[1:]:
            services.workorder_link(by=dispatcher, source=other, target=group[0], kind="duplicate", note="同一路段路灯故障")
        for wo in group:
            services.workorder_dispatch(by=dispatcher, workorder=wo, department=city["departments"]["cgj"])
            services.workorder_sign(by=handler, workorder=wo)
