from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from ninja import Schema
from pydantic import Field

T = TypeVar("T")


class PageOut(Schema, Generic[T]):
    count: int
    items: list[T]


class SweepIn(Schema):
    as_of: str | None = Field(None, description="ISO 8601 时刻；省略为现在")
    dry_run: bool = Field(False, description="只计算将发出的预警，不写入")


class WarningOut(Schema):
    id: int
    level: str
    level_label: str
    rule: str
    subject_type: str = Field(description="对象简称：application、workorder ……")
    subject_type_full: str
    subject_id: int
    subject_label: str
    clock_kind: str
    kind_label: str
    department: str | None = Field(description="部门编码")
    department_name: str
    responsible: str | None = Field(description="责任人用户名")
    responsible_name: str
    due: dt.datetime
    supervision_due_at: dt.datetime | None
    effective_at: dt.datetime
    issued_at: dt.datetime
    resolved_at: dt.datetime | None
    withdrawn_at: dt.datetime | None = Field(description="撤回时间：时限记录变更后，该预警按时限现状重新判定不成立（保留，不删除）")
    withdrawn_reason: str = Field(description="撤回原因编码：halted / met / moved / recomputed")
    withdrawn_reason_label: str
    overdue: bool


class SweepOut(Schema):
    as_of: dt.datetime
    dry_run: bool
    sweep_id: int | None
    counts: dict
    issued: list[WarningOut]


class DepartmentCountOut(Schema):
    department_id: int | None
    department: str
    notice: int
    yellow: int
    red: int
    total: int


class TrendOut(Schema):
    period: dt.date
    notice: int
    yellow: int
    red: int
    total: int


class DashboardOut(Schema):
    as_of: dt.datetime | None
    departments: list[DepartmentCountOut]
    trend: list[TrendOut]
    worst: list[WarningOut]


class OrderIn(Schema):
    department: str | None = Field(None, description="承办部门编码；由预警发起时可省略")
    instructions: str
    working_days: int = Field(5, description="办理时限（工作日）")
    subject_type: str = ""
    subject_id: int | None = None
    warning_id: int | None = None
    responsible: str | None = Field(None, description="承办人用户名；省略则由部门负责人答复")


class OrderOut(Schema):
    id: int
    number: str
    state: str
    state_label: str
    subject_type: str
    subject_id: int
    warning_id: int | None
    department: str
    department_name: str
    responsible: str | None
    instructions: str
    working_days: int
    due_at: dt.datetime
    escalation: str
    answer: str
    answered_at: dt.datetime | None
    review_note: str
    issued_at: dt.datetime


class OrderAnswerIn(Schema):
    answer: str


class OrderReviewIn(Schema):
    accept: bool
    note: str = ""


class SupervisionReasonIn(Schema):
    reason: str


class SupervisionDecisionIn(Schema):
    approve: bool
    note: str = ""


class ListEntryIn(Schema):
    kind: str = Field(description="honour 红榜 / shame 黑榜")
    target: str = Field(description="department / window / case")
    department: str = Field(description="部门或窗口编码")
    title: str
    summary: str
    period: str = ""
    subject_type: str = ""
    subject_id: int | None = None


class ListEntryOut(Schema):
    id: int
    kind: str
    kind_label: str
    target: str
    department: str
    title: str
    summary: str
    period: str
    state: str | None = None
    published_at: dt.datetime | None


class BulletinIn(Schema):
    month: str | None = Field(None, description="YYYY-MM；省略为上月")
    as_of: str | None = Field(None, description="数据截至时刻；省略为现在")


class BulletinOut(Schema):
    id: int
    number: str
    title: str
    month: dt.date
    as_of: dt.datetime
    issued_at: dt.datetime
    totals: dict
