"""The published list of prohibited conduct (高压线) and the sanction ladders the city starts
with, from the source documents.  Migrations write them to the database, where
administrators keep them; a category without a ladder row falls back to these."""

from __future__ import annotations

LADDER_BASIS = "软环境建设“高压线”问责规定：领导干部“一次警告、两次免职”，具体工作人员“一次查实待岗、两次记录辞退”"

OVERDUE_BASIS = "超时未办、电子监察发现的问题按较轻梯度处理（可按本地文件修订）"
# What each track counts: a fault's kind is "conduct" when it breaches a 高压线 line, else its source.
CONDUCT_COUNTS = ["conduct", "complaint", "inspection", "other"]
OVERDUE_COUNTS = ["red_card", "deemed_decision", "supervision", "extra_materials", "improper_return"]

DEFAULT_LADDERS: dict[str, dict] = {
    "leader": {"window": "calendar_year", "appeal_working_days": 15, "steps": ["warning", "removal"], "counts": CONDUCT_COUNTS},
    "staff": {"window": "calendar_year", "appeal_working_days": 15, "steps": ["suspension", "dismissal"], "counts": CONDUCT_COUNTS},
}
OVERDUE_LADDERS: dict[str, dict] = {
    category: {"window": "calendar_year", "appeal_working_days": 15, "steps": ["reminder_talk", "circulated_criticism", "admonition"], "counts": OVERDUE_COUNTS}
    for category in ("leader", "staff")
}
LADDERS = {"conduct": (DEFAULT_LADDERS, LADDER_BASIS), "overdue": (OVERDUE_LADDERS, OVERDUE_BASIS)}

_BASIS = "本市软环境建设“高压线”（可按本地文件修订）"

PROHIBITED_CONDUCT = [
    ("bribery", "吃拿卡要", "利用职权向服务对象索要、收受财物或者要求宴请、报销费用；故意刁难、设卡、拖延办理。"),
    ("shirking", "推诿扯皮", "对职责范围内的事项推诿、扯皮、敷衍塞责；不作为、慢作为、乱作为。"),
    ("bad-attitude", "门难进、脸难看、话难听、事难办", "服务态度生硬、冷漠，对服务对象呵斥、刁难。"),
    ("illegal-charges", "乱收费、乱罚款、乱摊派", "在公布的收费清单以外收费，或者超标准、超范围收费、罚款、摊派。"),
    ("games", "上班时间玩游戏、炒股、看视频、串岗聊天", "工作时间从事与工作无关的活动。"),
    ("absence", "擅离职守", "迟到早退、脱岗离岗、无故缺勤。"),
    ("dress-badge", "不按规定着装、佩戴胸牌", "窗口工作人员不按规定着装、不佩戴工作牌或者胸牌。"),
    ("service-rules", "违反首问负责、一次性告知、限时办结制度", "超时办理，受理后再要求补充材料，不当退单。"),
    ("retaliation", "打击报复投诉举报人", "泄露投诉举报人信息或者对其打击报复。"),
]


def seed_conduct(ProhibitedConduct) -> None:
    for order, (code, title, description) in enumerate(PROHIBITED_CONDUCT, start=1):
        ProhibitedConduct.objects.get_or_create(code=code, defaults={"title": title, "description": description, "basis": _BASIS, "sort_order": order})


def seed_ladders(SanctionLadder, SanctionStep, now) -> None:
    """Write the default ladders that are missing.  Before ladders had tracks (an early
    migration's model) only the conduct ladders are written."""
    tracked = any(f.name == "track" for f in SanctionLadder._meta.get_fields())
    for track, (ladders, basis) in LADDERS.items():
        if not tracked and track != "conduct":
            continue
        for category, config in ladders.items():
            key = {"category": category, "track": track} if tracked else {"category": category}
            defaults = {"window": config["window"], "appeal_working_days": config["appeal_working_days"], "basis": basis, "updated_at": now}
            ladder, created = SanctionLadder.objects.get_or_create(**key, defaults=defaults | ({"counts": config["counts"]} if tracked else {}))
            if created:
                SanctionStep.objects.bulk_create([SanctionStep(ladder=ladder, ordinal=n, measure=m) for n, m in enumerate(config["steps"], start=1)])
