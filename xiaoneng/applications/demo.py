"""The demo city's service hall: about forty applications in every state, dated in working
days before today so that the workbench always has something due soon, something overdue,
something waiting for corrections and something paused; and the first-inquiry log.

Every step is taken through the real services on the day it happened (the clock is set to
that day), so the timelines and the audit log read like a real office's."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from xiaoneng.catalogue.selectors import item_by_code, version_detail
from xiaoneng.core import clock
from xiaoneng.core.validators import USCC_ALPHABET, id_check_char, uscc_check_char
from xiaoneng.org.models import StaffRole
from xiaoneng.workdays import selectors as workdays

from . import rules, services
from .services import Applicant

_PEOPLE = "王建华 李秀英 张伟 刘芳 陈静 杨帆 赵磊 黄丽 周强 吴敏 徐婷 孙浩 胡军 朱琳 高峰 林娜 何勇 郭倩 马超 罗欣".split()
_FIRMS = [
    "济南泉城餐饮管理有限公司",
    "山东鲁信建设工程有限公司",
    "济南华瑞医药连锁有限公司",
    "济南顺达物流有限公司",
    "山东齐鲁环保科技有限公司",
    "济南明湖文化传媒有限公司",
    "济南趵突泉旅行社有限公司",
    "山东汇通人力资源服务有限公司",
    "济南千佛山置业有限公司",
    "济南长清化工贸易有限公司",
]
WINDOWS = {"scjg": "zwfw-scjg", "zjj": "zwfw-jsxm", "zrzy": "zwfw-jsxm"}  # other items go to 综合受理 (zwfw-zhsl)


class Story:
    """Dates in working days before today, and who does what."""

    def __init__(self, city: dict):
        self.cal = workdays.calendar()
        self.today = clock.today()
        self.items = {code.split("-", 1)[1]: v.item.code for code, v in city["items"].items()}
        self.rng = random.Random(2026)
        self.serial = 0
        people = defaultdict(list)
        grants = StaffRole.objects.filter(staff__in=city["staff"].values()).select_related("staff__department", "staff__user").order_by("staff__user__username")
        for grant in grants:
            people[(grant.staff.department.code, grant.role)].append(grant.staff.user)
        self.people = people

    def back(self, n: int) -> dt.date:
        """The n-th working day before today (0: today, or the last working day)."""
        day = self.today
        while not self.cal.is_working_day(day):
            day -= dt.timedelta(days=1)
        while n:
            day -= dt.timedelta(days=1)
            n -= self.cal.is_working_day(day)
        return day

    def on(self, day: dt.date, hour: int = 10):
        return clock.frozen(dt.datetime.combine(day, dt.time(hour, self.rng.randrange(60)), tzinfo=clock.LOCAL_TZ))

    def one(self, dept: str, role: str):
        return self.people[(dept, role)][0]

    def window(self, dept: str):
        return self.one(WINDOWS.get(dept, "zwfw-zhsl"), "window")

    def applicant(self, firm: bool) -> Applicant:
        self.serial += 1
        name = _PEOPLE[self.serial % len(_PEOPLE)]
        phone = f"139{self.rng.randrange(10**8):08d}"
        if firm:
            body = "91370100" + "".join(self.rng.choice(USCC_ALPHABET) for _ in range(9))
            return Applicant(
                name=_FIRMS[self.serial % len(_FIRMS)],
                id_type="uscc",
                id_number=body + uscc_check_char(body),
                phone=phone,
                enterprise=_FIRMS[self.serial % len(_FIRMS)],
            )
        body = f"370102{self.rng.randrange(1965, 2000)}{self.rng.randrange(1, 13):02d}{self.rng.randrange(1, 29):02d}{self.rng.randrange(1000):03d}"
        return Applicant(name=name, id_type="resident_id", id_number=body + id_check_char(body), phone=phone)

    def submit(self, key: str, received: int, materials="all", firm: bool = True, defective=()):
        """Receive on ``back(received)``; ``materials`` "all", None (only received) or a list."""
        code = self.items[key]
        version = _version(code)
        if materials == "all":
            materials = [m.code for m in version.materials.all()]
        day = self.back(received)
        with self.on(day, 9):
            return services.application_submit(
                by=self.window(version.department.code),
                item_code=code,
                applicant=self.applicant(firm),
                received_on=day,
                materials=materials,
                defective=list(defective),
            )

    def accepted(self, key: str, days_ago: int, *, assign: bool = True):
        app = self.submit(key, days_ago)
        if assign:
            dept = app.department.code
            with self.on(self.back(days_ago), 11):
                services.application_assign(by=self.one(dept, "head"), application=app, handler=self.one(dept, "handler"))
        return app

    def handler(self, app):
        return self.one(app.department.code, "handler")

    def head(self, app):
        return self.one(app.department.code, "head")


def _version(code: str):
    return version_detail(item_by_code(code))


def _received(s: Story) -> None:
    for key, days in (("STHJ-XK-001", 0), ("SWUJ-XK-001", 1), ("WJW-XK-001", 3), ("WLJ-XK-002", 8), ("WJW-XK-002", 12)):
        s.submit(key, days, materials=None)  # the last two are past the 5-day window: the sweep accepts them


def _corrections(s: Story) -> None:
    s.submit("SCJG-XK-001", 2, materials=["SQS", "YYZZ"], firm=False)
    s.submit("JTYS-XK-002", 4, materials=["SQB", "YYZZ", "CL"])
    s.submit("ZRZY-XK-001", 6, materials=["SQB"], defective=[{"code": "SQB", "reason": "申请表未加盖单位公章"}])
    app = s.submit("STHJ-XK-002", 9, materials=["SQH"])
    with s.on(s.back(5)):
        services.application_correct(by=s.window("sthj"), application=app, materials=["HPBG"], received_on=s.back(5))
    s.submit("SCJG-XK-003", 3, materials=["SQS", "YYZZ", "CS"], defective=[{"code": "CS", "reason": "平面图未标明仓储区面积"}])


def _deciding(s: Story) -> None:
    for key, days in (
        ("SCJG-XK-001", 2),
        ("SCJG-XK-001", 5),
        ("SCJG-XK-002", 9),
        ("SCJG-XK-003", 14),
        ("JTYS-XK-002", 19),
        ("CGJ-XK-002", 22),
        ("RSJ-XK-001", 10),
        ("CGJ-XK-001", 6),
    ):
        s.accepted(key, days)
    app = s.accepted("ZJJ-XK-002", 8)
    with s.on(s.back(2), 15):
        services.application_extend(by=s.head(app), application=app, reason="预售方案中的监管账户信息需与银行核对", approved_on=s.back(2))
    app = s.accepted("STHJ-XK-002", 15)
    with s.on(s.back(8), 16):
        services.application_suspend(
            by=s.handler(app), application=app, kind="expert_review", start_on=s.back(12), end_on=s.back(8), reason="组织专家对环境影响报告表进行技术评估"
        )


def _joint(s: Story) -> None:
    app = s.accepted("ZJJ-BL-001", 3)
    with s.on(s.back(1), 14):
        services.joint_review_answer(by=s.one("cgj", "handler"), application=app, department="cgj", consent=True, opinion="建筑垃圾处置方案符合要求")
    app = s.accepted("SCJG-BL-001", 8)
    with s.on(s.back(5), 14):
        services.joint_review_answer(by=s.one("sthj", "handler"), application=app, department="sthj", consent=True, opinion="油烟净化设施符合排放标准")
    s.accepted("WLJ-XK-001", 12)  # 公安 must answer and may not be deemed to consent: overdue, in red


def _suspended(s: Story) -> None:
    app = s.accepted("STHJ-XK-001", 10)
    with s.on(s.back(3)):
        services.application_suspend(by=s.handler(app), application=app, kind="testing", start_on=s.back(3), reason="委托第三方检测机构对排放口进行监测")
    app = s.accepted("ZJJ-XK-001", 2)
    with s.on(s.back(1)):
        services.application_suspend(by=s.handler(app), application=app, kind="hearing", start_on=s.back(1), reason="项目涉及周边居民重大利益，依申请举行听证")


def _closed(s: Story) -> None:
    s.accepted("JTYS-XK-001", 24)  # deemed approval once the sweep runs
    s.accepted("RSJ-XK-001", 21)
    for key, accepted, decided, delivered in (("SCJG-XK-001", 30, 20, 18), ("WLJ-XK-002", 20, 12, None), ("WJW-XK-002", 9, 2, None), ("ZRZY-DJ-001", 12, 4, 3)):
        app = s.accepted(key, accepted)
        with s.on(s.back(decided), 15):
            services.application_decide(by=s.head(app), application=app, result="approve", decided_on=s.back(decided))
            if key == "ZRZY-DJ-001":
                services.fee_charge(by=s.window("zrzy"), application=app, code="SQ-001-ZZ", amount=Decimal("80"))
                services.fee_charge(by=s.window("zrzy"), application=app, code="FYF", name="登记资料复印费", amount=Decimal("20"))  # not on the list
        if delivered is not None:
            with s.on(s.back(delivered)):
                services.application_deliver_certificate(by=s.window(app.department.code), application=app, delivered_on=s.back(delivered))
    app = s.accepted("STHJ-XK-001", 25)
    with s.on(s.back(6), 15):
        services.application_decide(by=s.head(app), application=app, result="deny", reason="项目位于饮用水水源二级保护区内，依法不得新建排放污染物的建设项目")
    app = s.accepted("WLJ-XK-001", 18)
    with s.on(s.back(10), 15):
        services.joint_review_answer(
            by=s.one("gaj", "head"), application=app, department="gaj", consent=False, opinion="场所距离中学不足200米，不符合娱乐场所设置要求"
        )
    with s.on(s.back(8), 15):
        services.application_decide(by=s.head(app), application=app, result="deny", reason="公安机关审查不同意：场所距离中学不足200米")
    app = s.submit("SCJG-XK-003", 6, materials=["SQS"])
    with s.on(s.back(6), 11):
        services.application_decide(
            by=s.window("scjg"), application=app, result="not_accept", reason="申请人经营场所位于历下区，属区级审批权限", competent_body="历下区行政审批服务局"
        )
    app = s.submit("SCJG-XK-002", 4, materials=["SQS"])
    with s.on(s.back(4), 11):
        services.application_decide(
            by=s.window("scjg"), application=app, result="not_accept", reason="申请生产的产品为食用农产品初级加工，依法不需要取得食品生产许可"
        )
    for key, days in (("SCJG-DJ-001", 1), ("SCJG-DJ-002", 0), ("RSJ-QT-001", 3), ("GAJ-BA-001", 2)):
        s.submit(key, days, firm=key != "RSJ-QT-001")
    app = s.accepted("JTYS-XK-002", 7)
    with s.on(s.back(3)):
        services.application_withdraw(by=s.window("jtys"), application=app, reason="申请人变更经营线路，撤回后重新申请", withdrawn_on=s.back(3))


def _licence(s: Story, key: str, valid_until: dt.date, firm: Applicant):
    """A licence granted long ago (on the day that makes it valid to ``valid_until``)."""
    code = s.items[key]
    version = _version(code)
    granted = rules.add_months(valid_until + dt.timedelta(days=1), -version.validity_months)
    with s.on(granted, 10):
        app = services.application_submit(
            by=s.window(version.department.code), item_code=code, applicant=firm, received_on=granted, materials=[m.code for m in version.materials.all()]
        )
        services.application_decide(by=s.head(app), application=app, result="approve", decided_on=granted)
    return app


def _renewals(s: Story) -> None:
    """第五十条: one renewal applied for in time and left undecided past the expiry (the sweep
    deems it renewed), one applied for in time and still running."""
    for expiry, filed_before in ((s.today - dt.timedelta(days=3), 50), (s.today + dt.timedelta(days=45), 45)):
        holder = s.applicant(True)
        licence = _licence(s, "SCJG-XK-001", expiry, holder)
        filed = expiry - dt.timedelta(days=filed_before)
        while not s.cal.is_working_day(filed):
            filed -= dt.timedelta(days=1)
        version = _version(licence.item.code)
        with s.on(filed, 9):
            app = services.application_submit(
                by=s.window("scjg"), item_code=licence.item.code, applicant=holder, received_on=filed, materials=[m.code for m in version.materials.all()]
            )
            services.application_assign(by=s.head(app), application=app, handler=s.handler(app))
            services.renewal_link(by=s.window("scjg"), application=app, licence_number=licence.number)


def _preliminary(s: Story) -> None:
    """第四十三条: 历下区 reviews 危险化学品经营许可 first — one sent up and now with the city,
    one still at the district, one at the district past its 20 working days."""
    lower = s.one("lixia", "handler")
    sent = s.accepted("YJJ-XK-001", 30)
    with s.on(s.back(12), 16):
        services.preliminary_review_send_up(by=lower, application=sent, opinion="经现场核查，储存设施符合要求，建议准予许可", sent_on=s.back(12))
    for days in (8, 24):
        app = s.accepted("YJJ-XK-001", days)
        with s.on(s.back(days), 15):
            services.preliminary_review_assign(by=lower, application=app, handler=lower)


def _inquiries(s: Story) -> None:
    window, other = s.window("scjg"), s.window("sthj")
    rows = [
        (
            window,
            1,
            "赵女士",
            "开一家小餐馆需要办哪些证？",
            "SCJG-BL-001",
            "notice_given",
            {"answer": "可办理开办餐饮店“一件事”联办，需营业执照、平面布局图、招牌设计图、油烟净化设施说明，已发放一次性告知单"},
        ),
        (window, 1, "钱先生", "营业执照经营范围怎么变更？", "SCJG-DJ-001", "answered", {"answer": "可在网上办理变更登记，当场办结"}),
        (other, 2, "孙女士", "护照到期了在哪里换？", "", "referred", {"referred_to": "济南市公安局出入境管理支队"}),
        (other, 2, "李先生", "公司要办排污许可，监测方案怎么写？", "STHJ-XK-001", "handed_over", {"handed_to": s.one("sthj", "handler").get_username()}),
        (window, 3, "周先生", "药店执业药师可以兼职吗？", "SCJG-XK-003", "answered", {"answer": "执业药师应在注册的执业单位执业，不得兼职"}),
        (other, 0, "吴女士", "社保卡丢了怎么补办？", "RSJ-QT-001", "", {}),
        (window, 0, "郑先生", "个体户可以用住宅做经营场所吗？", "SCJG-DJ-002", "", {}),
    ]
    for user, days, name, question, item, outcome, closing in rows:
        with s.on(s.back(days), 14):
            services.inquiry_record(
                by=user,
                asker_name=name,
                asker_phone=f"1380531{s.rng.randrange(10**4):04d}",
                question=question,
                item_code=s.items.get(item, ""),
                outcome=outcome,
                **closing,
            )


def load(city: dict) -> None:
    s = Story(city)
    for chapter in (_received, _corrections, _deciding, _joint, _suspended, _closed, _renewals, _preliminary, _inquiries):
        chapter(s)
    # The night sweep: deemed acceptance, deemed co-department consent, deemed renewal, deemed approval.
    services.sweep_all()
