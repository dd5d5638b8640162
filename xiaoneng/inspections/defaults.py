"""Finding categories the city starts with (written by a migration, kept by administrators)."""

from __future__ import annotations

CATEGORIES = [
    ("late", "迟到早退", "absence"),
    ("absent", "脱岗离岗、擅离职守", "absence"),
    ("games", "上班时间玩游戏、炒股、聊天", "games"),
    ("rude", "态度生硬、门难进脸难看", "bad-attitude"),
    ("favours", "吃拿卡要", "bribery"),
    ("refusing", "推诿拒办、不作为", "shirking"),
    ("badge", "未按规定着装、佩戴胸牌", "dress-badge"),
    ("charges", "违规收费", "illegal-charges"),
    ("other", "其他", None),
]


def seed_categories(FindingCategory, ProhibitedConduct) -> None:
    conduct = {c.code: c for c in ProhibitedConduct.objects.all()}
    for order, (code, name, conduct_code) in enumerate(CATEGORIES, start=1):
        FindingCategory.objects.get_or_create(code=code, defaults={"name": name, "conduct": conduct.get(conduct_code), "sort_order": order})
