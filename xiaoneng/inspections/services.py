"""Inspection plans, the random draw, findings and their evidence.  Every write is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from xiaoneng.accountability.access import access_record_fault
from xiaoneng.accountability.models import Fault, FaultSource
from xiaoneng.accountability.services import fault_record
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.transitions import lock, transition
from xiaoneng.core.validators import required_text
from xiaoneng.inspections.access import access_manage_inspections
from xiaoneng.inspections.codes import Action, Error
from xiaoneng.org.models import Department
from xiaoneng.workdays import selectors as workdays

from . import rules
from .models import Evidence, Finding, InspectionPlan, InspectionTarget, PlanState

MAX_PLAN_DAYS = 92
SEED_BITS = 48


def _check(by) -> None:
    if not access_manage_inspections(by):
        raise Forbidden("只有效能监督人员可以组织明察暗访")


def _working_days(starts_on: dt.date, ends_on: dt.date) -> list[dt.date]:
    cal = workdays.calendar()
    return [starts_on + dt.timedelta(days=n) for n in range((ends_on - starts_on).days + 1) if cal.is_working_day(starts_on + dt.timedelta(days=n))]


@transaction.atomic
def plan_create(
    *, by, title: str, starts_on: dt.date, ends_on: dt.date, target_count: int, departments: list[Department], slots: list[str] | None = None, notes: str = ""
) -> InspectionPlan:
    """明察暗访计划: the period, the candidate departments (recorded as they are now) and the
    time slots from which the draw will pick."""
    _check(by)
    title = required_text(title, "计划名称", code=Shared.MISSING_TITLE)
    if ends_on < starts_on or (ends_on - starts_on).days >= MAX_PLAN_DAYS:
        raise InvalidInput(f"检查期间应为 1–{MAX_PLAN_DAYS} 天，结束日期不早于开始日期", code=Shared.INVALID_PERIOD)
    if starts_on < clock.today():
        raise InvalidInput("检查期间不能早于今天", code=Error.PERIOD_IN_PAST)
    if not _working_days(starts_on, ends_on):
        raise InvalidInput("检查期间内没有工作日", code=Error.NO_WORKING_DAYS)
    pool = sorted({d.pk for d in departments if d.is_active})
    if not 1 <= target_count <= len(pool):
        raise InvalidInput(f"抽取数量应在 1 至候选部门数（{len(pool)}）之间", code=Error.INVALID_TARGET_COUNT)
    slots = sorted(set(slots or rules.DEFAULT_SLOTS))
    bad = [s for s in slots if not rules.valid_slot(s)]
    if bad:
        raise InvalidInput(f"时段格式应为 HH:MM：{'、'.join(bad)}", code=Error.INVALID_SLOT)
    now = clock.now()
    plan = InspectionPlan.objects.create(
        title=title,
        notes=notes.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        pool=pool,
        target_count=target_count,
        slots=slots,
        created_by=by,
        created_at=now,
        updated_at=now,
    )
    audit.record(
        actor=by,
        action=Action.PLAN_CREATE,
        subject=plan,
        after={"title": title, "period": [starts_on, ends_on], "pool": pool, "count": target_count, "slots": slots},
    )
    return plan


def plan_draw_preview(plan: InspectionPlan, seed: int) -> list[tuple[dt.date, str, int]]:
    """The visits a seed gives for this plan — used to draw, and to let anyone verify a draw
    afterwards from the recorded seed."""
    return rules.draw(pool=plan.pool, days=_working_days(plan.starts_on, plan.ends_on), slots=plan.slots, count=plan.target_count, seed=seed)


@transaction.atomic
def plan_draw(*, by, plan: InspectionPlan, seed: int | None = None) -> InspectionPlan:
    """随机抽取: pick the departments, days and slots at random (不打招呼、随机安排).  The seed
    is recorded; without one a fresh random seed is used."""
    _check(by)
    if seed is not None and not 0 <= seed < 2**63:
        raise InvalidInput("随机种子应为非负整数", code=Error.INVALID_SEED)
    p = lock(plan)
    seed = secrets.randbits(SEED_BITS) if seed is None else seed
    visits = plan_draw_preview(p, seed)
    transition(
        p,
        to=PlanState.DRAWN,
        by=by,
        allowed=rules.PLAN_TRANSITIONS,
        action=Action.PLAN_DRAW,
        state_field="state",
        changes={"seed": seed, "drawn_by": by, "drawn_at": clock.now()},
    )
    InspectionTarget.objects.bulk_create(
        [InspectionTarget(plan=p, sequence=n, department_id=dept, visit_on=day, visit_time=slot) for n, (day, slot, dept) in enumerate(visits, start=1)]
    )
    audit.record(actor=by, action=Action.PLAN_TARGETS, subject=p, after={"seed": seed, "visits": [[d, s, dept] for d, s, dept in visits]})
    return p


@transaction.atomic
def plan_complete(*, by, plan: InspectionPlan) -> InspectionPlan:
    _check(by)
    return transition(lock(plan), to=PlanState.DONE, by=by, allowed=rules.PLAN_TRANSITIONS, action=Action.PLAN_COMPLETE, state_field="state")


@transaction.atomic
def finding_record(
    *,
    by,
    department: Department | None,
    category,
    description: str,
    observed_at: dt.datetime | None,
    person=None,
    target: InspectionTarget | None = None,
    location: str = "",
) -> Finding:
    """检查发现: what was seen, where and when, tied to the department and, if known, the person."""
    _check(by)
    if department is None or category is None:
        raise InvalidInput("请指明部门和有效的问题类别", code=Error.INVALID_FINDING)
    if observed_at is None:
        raise InvalidInput("请填写发现时间", code=Error.MISSING_OBSERVED_AT)
    description = required_text(description, "情况描述", code=Shared.MISSING_DESCRIPTION)
    if observed_at > clock.now():
        raise InvalidInput("发现时间不能晚于现在", code=Error.OBSERVED_IN_FUTURE)
    if person is not None and not person.department.path.startswith(department.path):
        raise InvalidInput("当事人不属于所选部门", code=Shared.PERSON_NOT_IN_DEPARTMENT)
    if target is not None and target.department_id != department.pk:
        raise InvalidInput("检查对象与所选部门不一致", code=Error.TARGET_MISMATCH)
    finding = Finding.objects.create(
        plan=target.plan if target else None,
        target=target,
        department=department,
        person=person,
        category=category,
        observed_at=observed_at,
        location=location.strip(),
        description=description,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    audit.record(
        actor=by,
        action=Action.FINDING_RECORD,
        subject=finding,
        after=audit.snapshot(finding, ["plan", "target", "department", "person", "category", "observed_at", "location", "description"]),
    )
    return finding


def read_upload(upload) -> bytes:
    """An uploaded file's content, read only one byte past the size limit: enough to refuse
    an oversized file without holding all of it."""
    return upload.read(settings.XIAONENG["EVIDENCE_MAX_BYTES"] + 1)


@transaction.atomic
def evidence_add(*, by, finding: Finding, name: str, content: bytes) -> Evidence:
    """证据材料: accepted only if the content (not the name) is an allowed photo, document,
    recording or video, and not larger than ``XIAONENG["EVIDENCE_MAX_BYTES"]``."""
    _check(by)
    limit = settings.XIAONENG["EVIDENCE_MAX_BYTES"]
    if not content:
        raise InvalidInput("文件为空", code=Shared.EMPTY_FILE)
    if len(content) > limit:
        raise InvalidInput(f"文件过大：不能超过 {limit // (1024 * 1024)} MB", code=Shared.FILE_TOO_LARGE, details={"limit": limit})
    kind = filetype.guess(content)
    mime = kind.mime if kind else None
    if mime not in rules.EVIDENCE_TYPES:
        raise InvalidInput(f"不支持的文件类型（{mime or '无法识别'}）。可上传：{rules.EVIDENCE_LABEL}", code=Shared.UNSUPPORTED_FILE_TYPE)
    evidence = Evidence(
        finding=finding,
        original_name=(name or "证据")[:200],
        content_type=mime,
        extension=rules.EVIDENCE_TYPES[mime],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
        uploaded_at=clock.now(),
    )
    evidence.file.save("upload", ContentFile(content), save=False)
    evidence.save()
    audit.record(
        actor=by,
        action=Action.EVIDENCE_ADD,
        subject=evidence,
        after={"finding": finding.pk, "name": evidence.original_name, "type": mime, "size": len(content), "sha256": evidence.sha256},
    )
    return evidence


@transaction.atomic
def finding_open_fault(*, by, finding: Finding) -> Fault:
    """One action from a finding to a fault for accountability (source: 明察暗访)."""
    if not access_record_fault(by):
        raise Forbidden("只有效能监督人员可以登记行政过错")
    f = lock(finding)
    if f.fault_id:
        raise Conflict("该发现已转为行政过错", code=Error.FAULT_EXISTS, details={"fault": f.fault_id})
    fault = fault_record(
        by=by,
        source=FaultSource.INSPECTION,
        department=f.department,
        person=f.person,
        subject=f,
        occurred_at=f.observed_at,
        description=f"明察暗访发现“{f.category.name}”：{f.description}",
        conduct=f.category.conduct,
        dedupe_key=f"inspections.finding:{f.pk}",
    )
    f.fault = fault
    f.save(update_fields=["fault"])
    audit.record(actor=by, action=Action.FINDING_OPEN_FAULT, subject=f, after={"fault": fault.pk})
    return fault
