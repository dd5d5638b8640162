"""The demo city's evaluation: ratings on its finished cases (a few bad reviews — one still in
rectification, one rectified with a follow-up rating, one excluded on appeal — and defaulted
ratings after the window), a finished appraisal campaign with a few hundred votes, a veto
and the bottom units carded, commitments, and a policy with claims.  All through the real
services; the people and numbers are invented for the demo."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from functools import partial

from xiaoneng.accountability.models import Fault, FaultStatus
from xiaoneng.applications.models import Application
from xiaoneng.core import clock, errors
from xiaoneng.core.validators import USCC_ALPHABET, id_check_char, uscc_check_char
from xiaoneng.org.models import Role, Staff
from xiaoneng.supervision.sweep import warnings_sweep
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workorders.models import Status as WoStatus
from xiaoneng.workorders.models import WorkOrder

from . import services
from .models.ratings import Rating
from .rules import Level
from .services.ratings import RATEABLE_APPLICATIONS

COMMENTS = {
    1: ["办事效率很高，工作人员很耐心", "一次就办好了，点赞", ""],
    2: ["整体满意", "答复清楚", ""],
    3: ["等的时间有点长", ""],
    4: ["答复敷衍，问题没有解决", "来回跑了两趟"],
    5: ["工作人员态度很差，推诿扯皮"],
}
BUREAU_CATEGORY, DISTRICT_CATEGORY = "市直部门", "区县政府"


def demo_id_number(i: int) -> str:
    """An invented resident ID number with a valid check digit (demo only)."""
    born = dt.date(1960, 1, 1) + dt.timedelta(days=(i * 37) % 15000)
    first17 = f"3701{2 + i % 8:02d}{born:%Y%m%d}{i % 1000:03d}"
    return first17 + id_check_char(first17)


def demo_uscc(i: int) -> str:
    first17 = f"91370100MA{i:07d}"[:17]
    first17 = "".join(c if c in USCC_ALPHABET else "0" for c in first17)
    return first17 + uscc_check_char(first17)


def _level(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4, 5], weights=[46, 34, 12, 5, 3])[0]


def load(city: dict) -> None:
    rng = random.Random(2026_12)
    staff = city["staff"]
    supervisor, dispatcher, window = staff["supervisor"].user, staff["dispatcher"].user, staff["window"].user
    with clock.frozen(clock.now() - dt.timedelta(days=60)):
        services.rating_policy_set(by=supervisor, window_days=7, default_level=Level.BASICALLY_SATISFIED, rectification_days=5)
    _ratings(city, rng, supervisor, dispatcher, window)
    _appraisal(city, rng, supervisor)
    _commitments(city, supervisor)
    _policy(city, supervisor)
    # The bottom units' yellow cards and the late rectifications show at once (a pass over every
    # clock: the ones above were started with past dates).
    warnings_sweep(by=None, as_of=clock.now())


def _rate(by, subject_type, pk, level, channel, moment) -> Rating | None:
    with clock.frozen(moment):
        rating, _ = errors.outcome(
            lambda: services.rating_submit(
                by=by, subject_type=subject_type, subject=pk, level=level, channel=channel, comment=random.Random(pk).choice(COMMENTS[level])
            )
        )
    return rating


def _ratings(city, rng, supervisor, dispatcher, window) -> None:
    now = clock.now()
    closed = list(WorkOrder.objects.filter(status=WoStatus.CLOSED, department__isnull=False).select_related("department").order_by("closed_at"))
    headed = set(Staff.objects.filter(role_grants__role=Role.HEAD, is_active=True).values_list("department_id", flat=True))
    # Three older bad reviews of departments that have a head: rectified, appealed, left late.
    chosen = [wo.pk for wo in closed[:-1] if wo.department_id in headed and now - wo.closed_at > dt.timedelta(days=12)][:3]
    bad: list[Rating] = []
    for k, wo in enumerate(closed[:-1]):
        if k % 5 == 4 and wo.pk not in chosen:
            continue  # never rated: the default after the window (or still open to rating)
        level = (
            (Level.DISSATISFIED, Level.VERY_DISSATISFIED, Level.DISSATISFIED)[chosen.index(wo.pk)]
            if wo.pk in chosen
            else rng.choices([1, 2, 3], weights=[55, 35, 10])[0]
        )
        moment = min(wo.closed_at + dt.timedelta(hours=rng.randint(2, 60)), now - dt.timedelta(minutes=5))
        r = _rate(dispatcher, "workorder", wo.pk, level, "phone", moment)
        if r is not None and r.bad:
            bad.append(r)
    decided = Application.objects.filter(status__in=RATEABLE_APPLICATIONS, decided_on__isnull=False).order_by("decided_on", "pk")
    for k, app in enumerate(decided):
        if k % 4 == 3:
            continue
        moment = min(clock.start_of_day(app.decided_on) + dt.timedelta(hours=rng.randint(10, 40)), now - dt.timedelta(minutes=5))
        _rate(window, "application", app.pk, rng.choices([1, 2, 3], weights=[60, 30, 10])[0], "tablet", moment)
    # The newest closed case: a bad review given today, waiting for verification.
    if closed:
        last = closed[-1]
        _rate(dispatcher, "workorder", last.pk, Level.VERY_DISSATISFIED, "phone", max(last.closed_at + dt.timedelta(minutes=30), now - dt.timedelta(hours=2)))
    _work_through(city, bad)
    services.ratings_default(by=None)


def _work_through(city, bad: list[Rating]) -> None:
    """The older bad reviews: one rectified and called back with a follow-up rating, one
    excluded on appeal as malicious; the rest as their departments left them."""
    supervisor = city["staff"]["supervisor"].user
    for n, rating in enumerate(bad[:2]):  # the third is left to the sweeper's cards
        rect = rating.rectification
        head = Staff.objects.filter(department=rating.department, role_grants__role=Role.HEAD, is_active=True).select_related("user").first()
        if head is None:
            continue
        start = rating.rated_at + dt.timedelta(hours=3)
        if start > clock.now():
            continue
        if n == 0:
            with clock.frozen(start):
                rect = services.rectification_verify(
                    by=head.user, rectification=rect, substantiated=True, findings="调取办理记录，承办人答复未说明处理依据，反映属实。"
                )
                rect = services.rectification_rectify(by=head.user, rectification=rect, measures="重新核查并书面答复，对承办人进行提醒谈话，修订答复模板。")
            with clock.frozen(min(start + dt.timedelta(hours=20), clock.now())):
                services.rectification_callback(
                    by=head.user, rectification=rect, reached=True, note="电话告知整改情况，评价人表示认可。", follow_up_level=Level.SATISFIED
                )
        else:
            with clock.frozen(start):
                appeal = services.appeal_file(
                    by=head.user,
                    rating=rating,
                    grounds="malicious",
                    reason="评价人在通话中明确表示与本部门无关，系对其他事项不满。",
                    evidence="回访录音（编号 HF-2026-0117）",
                )
                services.appeal_decide(by=supervisor, appeal=appeal, upheld=True, note="经听取回访录音，评价内容与本件无关，认定为恶意差评。")


def _appraisal(city, rng, supervisor) -> None:
    d = city["departments"]
    bureaus = ["xzsp", "scjg", "zjj", "zrzy", "sthj", "jtys", "rsj", "cgj", "gaj", "ybj"]
    districts = ["lixia", "shizhong", "huaiyin", "tianqiao", "licheng", "pingyin"]
    today = clock.today()
    start = (today.replace(day=1) - dt.timedelta(days=62)).replace(day=1)
    appraisal = services.appraisal_create(
        by=supervisor,
        name=f"{today.year}年第三季度万人评议机关",
        units=[{"code": c, "category": BUREAU_CATEGORY} for c in bureaus if c in d] + [{"code": c, "category": DISTRICT_CATEGORY} for c in districts if c in d],
        instruments=[{"kind": "phone", "weight": 0.5}, {"kind": "questionnaire", "weight": 0.25}, {"kind": "monitoring", "weight": 0.25}],
        min_sample=20,
        bottom_count=1,
        period_start=start,
        period_end=today - dt.timedelta(days=1),
    )
    draw = services.appraisal_draw_sample(by=supervisor, appraisal=appraisal, per_unit=8, seed=f"{today:%Y%m%d}-demo")
    drawn = {}
    for index, entry in enumerate(draw.drawn):
        drawn.setdefault(entry["unit"], []).append(index)
    operators = [supervisor] + [s.user for s in Staff.objects.filter(department__code="rhjb", role_grants__role=Role.SUPERVISOR).exclude(user=supervisor)]
    # (unit, votes, mean answer): a range of sample sizes and levels, one unit too small to rank.
    plan = {
        "xzsp": (48, 93),
        "scjg": (44, 88),
        "zjj": (36, 80),
        "zrzy": (30, 84),
        "sthj": (22, 86),
        "jtys": (26, 79),
        "rsj": (40, 90),
        "cgj": (34, 71),
        "gaj": (12, 91),
        "ybj": (24, 87),
    }
    plan |= {"lixia": (40, 86), "shizhong": (32, 83), "huaiyin": (28, 74), "tianqiao": (24, 78), "licheng": (36, 85), "pingyin": (8, 82)}
    codes = [i.code for i in appraisal.indicators.all()]
    person = 0
    for unit, (count, mean) in plan.items():
        if unit not in d:
            continue
        phone_entries = drawn.get(unit, [])
        for k in range(count):
            person += 1
            channel = "phone" if k % 2 == 0 else ("paper" if k % 4 == 1 else "monitoring")
            voter_mean, scores = rng.gauss(mean, 10), {}
            for code in codes:
                answer = min(100.0, max(30.0, voter_mean + rng.gauss(0, 5)))
                scores[code] = "不了解" if rng.random() < 0.05 else round(answer)
            draw_kwargs, voter = {}, demo_id_number(person)
            if channel == "phone" and phone_entries:
                entry = phone_entries[k // 2 % len(phone_entries)]
                draw_kwargs = {"draw": draw, "draw_entry": entry, "call_ref": f"HF{today:%Y%m}{person:05d}"}
                served = draw.drawn[entry]
                if k // 2 < len(phone_entries) and served["subject_type"] == "application":  # the person served, reached by phone
                    voter = Application.objects.filter(pk=served["subject_id"]).values_list("applicant_id_number", flat=True).first() or voter
            terminal = {"paper": "问卷回收点（政务服务中心）", "monitoring": "软环境监测点企业"}.get(channel, "12345回访坐席")
            vote = partial(
                services.appraisal_vote,
                by=operators[person % len(operators)],
                appraisal=appraisal,
                unit=unit,
                voter_id_number=voter,
                channel=channel,
                scores=scores,
                terminal=terminal,
                **draw_kwargs,
            )
            errors.outcome(vote)  # a vote the rules refuse (a second one by the same person) is left out
    fault = Fault.objects.filter(status=FaultStatus.VERIFIED, department__code="huaiyin").first()
    reason = "评议期间发生窗口人员吃拿卡要问题，经查属实，依评议办法一票否决"
    if fault is not None:
        reason = f"评议期间被认定行政过错（{fault.description[:40]}），依评议办法一票否决"
    if "huaiyin" in d:
        services.appraisal_veto(by=supervisor, appraisal=appraisal, unit="huaiyin", reason=reason, fault=fault)
    services.appraisal_close(by=supervisor, appraisal=appraisal)
    services.appraisal_publish(by=supervisor, appraisal=appraisal)


def _commitments(city, supervisor) -> None:
    today = clock.today()
    cal = workdays.calendar()
    heads = {s.department.code: s for s in Staff.objects.filter(role_grants__role=Role.HEAD, is_active=True).select_related("department", "user")}
    specs = [
        ("scjg", "济南华信科技有限公司", "企业开办“一窗通办”，营业执照、公章、发票一日内办结。", -40, -10, True),
        ("zjj", "社会公众", "老旧小区加装电梯审批时限由20个工作日压减至10个工作日。", -30, 20, None),
        ("zrzy", "济南鲁源建设集团有限公司", "项目用地规划许可“容缺受理”，材料补齐后3个工作日内发证。", -35, -3, None),
        ("rsj", "社会公众", "灵活就业人员社保补贴申请“免申即享”，按月直接发放到账。", -50, -20, False),
    ]
    for code, made_to, text, made_ago, due_in, outcome in specs:
        owner = heads.get(code)
        if owner is None:
            continue
        made_on = today + dt.timedelta(days=made_ago)
        with clock.frozen(clock.start_of_day(made_on) + dt.timedelta(hours=10)):
            review = cal.add_working_days(made_on, 10).due
            c = services.commitment_create(
                by=supervisor,
                text=text,
                made_to=made_to,
                owner=owner,
                made_on=made_on,
                deadline=today + dt.timedelta(days=due_in),
                reviews=[review] if review < today else [],
            )
        if outcome is not None:
            on = min(today, c.deadline - dt.timedelta(days=2)) if outcome else today
            with clock.frozen(clock.start_of_day(on) + dt.timedelta(hours=16)):
                services.commitment_fulfil(
                    by=owner.user,
                    commitment=c,
                    fulfilled=outcome,
                    on=on,
                    evidence="已按承诺办结，企业签收确认。" if outcome else "因省级系统接口未开通，未能按期实现“免申即享”，已报告并限期整改。",
                )
        for r in c.reviews.all():
            with clock.frozen(clock.start_of_day(r.due_on) + dt.timedelta(hours=15)):
                services.commitment_review(by=supervisor, review=r, finding="随机回访 3 家企业和群众，了解承诺落实情况，督促责任部门按期兑现。")


def _policy(city, supervisor) -> None:
    d = city["departments"]
    if "swj" not in d:
        return
    department = d["swj"]
    handler = Staff.objects.filter(department=department, role_grants__role=Role.HANDLER).select_related("user").first()
    today = clock.today()
    issued = today - dt.timedelta(days=30)
    with clock.frozen(clock.start_of_day(issued) + dt.timedelta(hours=9)):
        policy = services.policy_create(
            by=supervisor,
            name="济南市支持外贸企业稳规模优结构若干措施",
            issuing_body="济南市人民政府办公厅",
            document_no="济政办字〔2026〕31号",
            issued_on=issued,
            department=department,
            benefits=[
                {"name": "出口信用保险保费补贴", "description": "按实缴保费的50%给予补贴，单个企业最高50万元"},
                {"name": "境外展会参展补贴", "description": "按展位费的70%给予补贴"},
            ],
            guide_days=10,
        )
    with clock.frozen(clock.start_of_day(issued + dt.timedelta(days=6)) + dt.timedelta(hours=10)):
        services.policy_publish_guide(
            by=supervisor,
            policy=policy,
            guide="申报条件：在本市注册、上年度进出口实绩不低于100万美元的企业。\n申报材料：申请表、保单及缴费凭证、营业执照。\n办理渠道：政务服务网“惠企政策兑现”专区，或市政务服务中心综合受理窗口。",
        )
    benefits = list(policy.benefits.all())
    claims = [
        ("济南齐鲁国际贸易有限公司", "120000", -20, "paid"),
        ("济南泉城进出口有限公司", "86000.50", -12, "paid_late"),
        ("济南鲁源科技有限公司", "45000", -4, "approved"),
        ("济南华信机械有限公司", "30000", -1, "submitted"),
        ("济南恒达商贸有限公司", "15000", -8, "rejected"),
    ]
    cal = workdays.calendar()
    for k, (name, amount, ago, outcome) in enumerate(claims):
        submitted = today + dt.timedelta(days=ago)
        while not cal.is_working_day(submitted):
            submitted -= dt.timedelta(days=1)
        with clock.frozen(clock.start_of_day(submitted) + dt.timedelta(hours=9, minutes=30)):
            claim = services.claim_submit(by=None, benefit=benefits[k % len(benefits)], enterprise=name, uscc=demo_uscc(1000 + k), amount=Decimal(amount))
        if outcome == "submitted" or handler is None:
            continue
        decide_on = cal.add_working_days(submitted, 1 if outcome != "paid_late" else 4).due
        with clock.frozen(clock.start_of_day(min(decide_on, today)) + dt.timedelta(hours=15)):
            if outcome == "rejected":
                services.claim_reject(by=handler.user, claim=claim, note="上年度进出口实绩未达到申报条件。")
                continue
            services.claim_approve(by=handler.user, claim=claim, note="材料齐全，符合条件")
        if outcome in ("paid", "paid_late"):
            pay_on = cal.add_working_days(min(decide_on, today), 1).due
            with clock.frozen(clock.start_of_day(min(pay_on, today)) + dt.timedelta(hours=11)):
                services.claim_pay(by=handler.user, claim=claim)
