"""The rules the sweeper starts with.  A migration writes them to ``SupervisionRule``, where
administrators change them; a kind without a row falls back to these, then to ``*``."""

from __future__ import annotations

DEFAULT_RULES: dict[str, dict] = {
    "*": {"note": "未单独配置的时限类型"},
    "application.acceptance": {"supervision_days": 2, "note": "补正告知/受理期限（5个工作日）"},
    "application.commitment": {"note": "承诺时限"},
    "application.decision": {"note": "法定审批时限（行政许可法第四十二条）"},
    "application.joint_review": {"supervision_days": 2, "note": "并联审批会审"},
    "application.certificate": {"supervision_days": 2, "note": "送达证件（行政许可法第四十四条）"},
    "workorder.sign": {"notice_lead_days": 0, "supervision_days": 1, "note": "工单签收（以小时计，到期当日预警）"},
    "workorder.handle": {"note": "工单办理"},
    "workorder.feedback": {"notice_lead_days": 0, "supervision_days": 1, "note": "回访反馈"},
    "supervision.order": {
        "supervision_days": 2,
        "heads_from": "yellow",
        "leaders_from": "red",
        "note": "督办单：逾期先报部门负责人，再报分管领导",
    },
    "accountability.appeal": {"supervised": False, "note": "申诉期限是当事人的权利，不予监察"},
}


# Clock kinds that watch the same act as another kind (the act's name): missing both limits
# is one missed duty, one fault.  Kinds not listed are acts of their own.
SAME_ACT = {"application.commitment": "application.decision", "application.renewal": "application.decision"}


def seed_rules(SupervisionRule, now) -> None:
    for kind, values in DEFAULT_RULES.items():
        SupervisionRule.objects.get_or_create(kind=kind, defaults=values | {"updated_at": now})


# Readable names for the clock kinds and subject types of the other domains, for as long as
# they have not registered their own (clocks.registry wins when they have).
KIND_NAMES = {
    "application.acceptance": "受理（补正告知）",
    "application.commitment": "承诺时限",
    "application.decision": "审批决定",
    "application.joint_review": "并联会审",
    "application.certificate": "证件送达",
    "workorder.sign": "工单签收",
    "workorder.handle": "工单办理",
    "workorder.feedback": "回访反馈",
}
SUBJECT_NAMES = {"applications.application": "办件", "workorders.workorder": "工单"}
