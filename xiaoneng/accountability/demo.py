"""The demo city's accountability: faults verified along the ladders (a staff member's first
fault, a leader's first and second), a decision under appeal, one dismissed with reasons."""

from __future__ import annotations

from xiaoneng.org.models import Role, Staff

from . import services
from .models import Fault, FaultSource, FaultStatus, Sanction


def _fault_of(person, source: str | None = None, description: str = "") -> Fault:
    """The person's first open fault (from a red card or an inspection), or a substantiated
    complaint recorded now."""
    qs = Fault.objects.filter(person=person, status=FaultStatus.REPORTED)
    if source:
        qs = qs.filter(source=source)
    return qs.order_by("id").first() or services.fault_record(
        by=None, source=FaultSource.COMPLAINT, department=person.department, person=person, description=description or "企业投诉办事推诿，经调查属实"
    )


def load(city: dict) -> None:
    staff = city["staff"]
    supervisor, leader = staff["supervisor"].user, staff["leader"].user
    # The office head decides; the leader account (who did not) can then review the appeal.
    office_head = Staff.objects.filter(department__code="rhjb", role_grants__role=Role.HEAD).select_related("user").first()
    decider = office_head.user if office_head else leader

    # Staff: a red card → 待岗 proposed; decided milder, and appealed.
    first = services.fault_verify(
        by=supervisor, fault=_fault_of(staff["handler"], FaultSource.RED_CARD), basis="电子监察红牌：超过督办期限仍未办结，经核实无正当理由"
    )
    sanction = Sanction.objects.get(fault=first)
    services.sanction_decide(by=decider, sanction=sanction, measure="self_criticism", basis="初次违反限时办结制度，认错态度较好，从轻给予书面检查")
    services.appeal_file(
        by=staff["handler"].user, sanction=Sanction.objects.get(pk=sanction.pk), grounds="超期系外单位回函延迟所致，本人已多次催办，请求免予处理。"
    )

    # A leader: the first fault → 警告 (decided), the second in the same year → 建议免职 (awaiting decision).
    head = staff["head"]
    one = services.fault_verify(by=supervisor, fault=_fault_of(head, FaultSource.RED_CARD), basis="分管事项红牌，督办期限届满仍未办结")
    services.sanction_decide(by=leader, sanction=Sanction.objects.get(fault=one), basis="领导干部一次警告")
    services.fault_verify(by=supervisor, fault=_fault_of(head, description="对企业反映的证照办理问题推诿扯皮，经查属实"), basis="企业投诉查实")

    # The inspection finding referred for accountability, and a complaint that did not stand.
    window = staff["window"]
    services.fault_verify(by=supervisor, fault=_fault_of(window, FaultSource.INSPECTION), basis="暗访视频及本人陈述", conduct=None)
    colleague = Staff.objects.filter(department=window.department).exclude(pk=window.pk).first() or window
    services.fault_dismiss(
        by=supervisor,
        fault=_fault_of(colleague, description="投诉窗口人员态度生硬"),
        reasons="调取录音录像，窗口人员答复规范，投诉不实",
    )
