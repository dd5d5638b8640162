"""The documents that go with a card: a yellow card's supervision notice (督办通知书, finish by
a new date) and a red card's rectification letter (整改通知书, rectify and report, referred
for accountability)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from xiaoneng.clocks import registry as clock_registry
from xiaoneng.core import clock
from xiaoneng.core.errors import NotFound
from xiaoneng.core.people import display_name
from xiaoneng.supervision.codes import Error

from .documents import office_name, paragraphs, render
from .models import Level, Warning
from .rules import DEADLINE
from .selectors import kind_name

RECTIFICATION_WORKING_DAYS = 5


def _day(moment: dt.datetime) -> str:
    """The last day of a period that ends at ``moment`` (midnight ends the day before)."""
    return clock.format_cn(clock.local(moment - dt.timedelta(microseconds=1)).date())


@dataclass(frozen=True)
class Letter:
    """A card's letter as both its PDF and its A4 print view read it; ``body`` paragraphs are
    HTML with the names in them escaped."""

    title: str
    file_name: str
    number: str
    addressee: str
    body: list[str]
    responsible: str
    office: str
    issued: str


def letter(warning: Warning) -> Letter:
    """The letter of a yellow card (督办通知书) or a red card (整改通知书)."""
    if warning.level == Level.NOTICE or warning.rule != DEADLINE:
        raise NotFound("只有时限黄牌、红牌附有督办或整改通知书", code=Error.NO_LETTER)
    case = clock_registry.subject_name(warning.subject_type, warning.subject_id)
    step = kind_name(warning.clock_kind)
    if warning.level == Level.YELLOW:
        title, name = "效能监察督办通知书", f"督办通知书-{warning.pk}.pdf"
        text = [
            f"经电子监察系统监测，你单位承办的{escape(case)}“{escape(step)}”环节应于{_day(warning.due)}前办结，逾期未办结，现予黄牌警示。",
            f"请于<b>{_day(warning.supervision_due_at)}</b>前办结，并将办理情况书面报送{office_name()}。逾期仍未办结的，将予红牌警示，并移送行政过错责任追究。",
        ]
    else:
        yellow = Warning.objects.filter(clock_id=warning.clock_id, level=Level.YELLOW).first()
        original = f"应于{_day(yellow.due)}前办结，" if yellow else ""
        title, name = "效能监察整改通知书", f"整改通知书-{warning.pk}.pdf"
        text = [
            f"经电子监察系统监测，你单位承办的{escape(case)}“{escape(step)}”环节{original}黄牌督办期限{_day(warning.due)}届满仍未办结，现予红牌警示。",
            f"请自收到本通知书之日起{RECTIFICATION_WORKING_DAYS}个工作日内完成整改，查明原因，并将整改情况和对责任人的处理意见书面报送{office_name()}。",
            "该事项已移送行政过错责任追究。",
        ]
    return Letter(
        title=title,
        file_name=name,
        number=f"监察〔{warning.issued_at:%Y}〕{warning.pk}号",
        addressee=warning.department.name if warning.department_id else "有关单位",
        body=text,
        responsible=display_name(warning.responsible, default="未指定"),
        office=office_name(),
        issued=clock.format_cn(clock.local(warning.issued_at).date()),
    )


def warning_letter(warning: Warning) -> tuple[str, bytes]:
    """The letter of a yellow or red card, as (file name, PDF bytes)."""
    from reportlab.platypus import Spacer  # loaded when a PDF is made (see documents.py)

    it = letter(warning)
    story = paragraphs("title", it.title) + paragraphs("number", it.number) + paragraphs("plain", f"{escape(it.addressee)}：")
    story += paragraphs("body", *it.body) + paragraphs("body", f"责任人：{escape(it.responsible)}")
    story += [Spacer(1, 30)] + paragraphs("sign", it.office, it.issued)
    return it.file_name, render(story, title=it.title)
