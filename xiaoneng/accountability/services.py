"""Faults, sanctions and appeals (行政过错责任追究).  Every write is audited; nothing is deleted:
a fault that does not stand is dismissed, a sanction changed on appeal is superseded by a new
one, one overturned is revoked."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, models, transaction
from django.urls import reverse

from xiaoneng.accountability.access import access_appeal, access_decide_appeal, access_decide_sanction, access_record_fault, access_verify_fault
from xiaoneng.accountability.codes import Action, Error
from xiaoneng.clocks.services import clock_start, clock_stop
from xiaoneng.core import audit, clock, people
from xiaoneng.core import sql as db
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.transitions import lock, transition
from xiaoneng.core.validators import required_text
from xiaoneng.notifications.models import Category
from xiaoneng.notifications.services import notify

from .models import Appeal, AppealStatus, Fault, FaultSource, FaultStatus, Measure, Sanction, SanctionStatus
from .rules import APPEAL_OUTCOME, APPEAL_TRANSITIONS, FAULT_TRANSITIONS, SANCTION_TRANSITIONS, counting_window, fault_key_sql, fault_kind
from .selectors import category_of, counted, fault_text, ladder_counting, ladder_for

APPEAL_CLOCK = "accountability.appeal"
_AUDITED = ["source", "status", "department", "person", "subject_type", "subject_id", "description", "occurred_at", "conduct"]
_SANCTION_AUDITED = ["fault", "person", "category", "track", "ordinal", "window_start", "window_end", "proposed_measure", "measure", "status"]


def fault_record(
    *,
    by,
    source: str,
    department,
    description: str,
    person=None,
    subject=None,
    subject_id=None,
    occurred_at: dt.datetime | None = None,
    dedupe_key: str = "",
    conduct=None,
) -> Fault:
    """Open a fault for verification.  Automatic callers (the sweeper, the service rules)
    pass a ``dedupe_key`` so that a rerun never opens the same fault twice; the existing
    fault is returned instead."""
    if source not in FaultSource.values:
        raise InvalidInput(f"未知的过错来源：{source}", code=Error.INVALID_FAULT_SOURCE)
    if not (description or "").strip():
        raise InvalidInput("请填写过错事实", code=Shared.MISSING_DESCRIPTION)
    if dedupe_key:
        existing = Fault.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return existing
    if isinstance(subject, models.Model):
        subject_type, subject_id = subject._meta.label_lower, subject.pk
    else:
        subject_type = subject or ""
    now = clock.now()
    try:
        with transaction.atomic():
            fault = Fault.objects.create(
                source=source,
                department=department,
                person=person,
                subject_type=subject_type,
                subject_id="" if subject_id is None else str(subject_id),
                description=description.strip(),
                occurred_at=occurred_at or now,
                recorded_at=now,
                recorded_by=people.person(by),
                dedupe_key=dedupe_key,
                conduct=conduct,
            )
            audit.record(actor=by, action=Action.FAULT_RECORD, subject=fault, after=audit.snapshot(fault, _AUDITED))
    except IntegrityError:
        if not dedupe_key:
            raise
        return Fault.objects.get(dedupe_key=dedupe_key)
    return fault


BULK_COLUMNS = "source, department_id, person_id, subject_type, subject_id, description, occurred_at, source_id, warning_id"


def faults_open_bulk(*, by, source: str, rows: str, params: list, ctes: str = "", cte_params: tuple = (), most_serious: bool = False) -> int:
    """Open many faults in one ``INSERT … SELECT``, as :func:`fault_record` opens one: status
    待核实, recorded now, deduplicated by :func:`rules.fault_key` of (``source``, each row's
    ``source_id``), so a rerun opens nothing twice.  ``rows`` is a SELECT giving
    :data:`BULK_COLUMNS` (``person_id`` a staff id or NULL; ``warning_id`` NULL unless a red
    card); ``ctes`` are WITH clauses it reads (with ``cte_params``).  Of several rows with one
    key the latest is kept; with ``most_serious`` a fault still awaiting verification is moved
    to a later row of its key (one missed duty against several limits: the longest limit
    missed is the most serious).  Returns how many were opened or moved; one audit record
    counts them."""
    key_sql, key_params = fault_key_sql(source, "r.source_id")
    table = Fault._meta.db_table
    sql = (
        f"{'WITH ' + ctes + ' ' if ctes else ''}"
        f"INSERT INTO {table} (source, status, department_id, person_id, subject_type, subject_id, description, occurred_at, "
        f"recorded_at, recorded_by_id, dedupe_key, warning_id, conduct_id, decided_at, decided_by_id, decision_basis) "
        f"SELECT r.source, %s, r.department_id, r.person_id, r.subject_type, r.subject_id, r.description, r.occurred_at, "
        f"%s, %s, {key_sql}, r.warning_id, NULL, NULL, NULL, '' FROM (SELECT q.*, ROW_NUMBER() OVER (PARTITION BY q.source_id "
        f"ORDER BY q.occurred_at DESC, q.warning_id DESC) AS n FROM ({rows}) q) r WHERE r.n = 1 "
        + (
            f"ON CONFLICT (dedupe_key) WHERE NOT (dedupe_key = '') DO UPDATE SET warning_id = excluded.warning_id, description = excluded.description, "
            f"occurred_at = excluded.occurred_at WHERE {table}.status = '{FaultStatus.REPORTED}' AND excluded.occurred_at > {table}.occurred_at"
            if most_serious
            else "ON CONFLICT DO NOTHING"
        )
    )
    opened = db.execute(sql, [*cte_params, FaultStatus.REPORTED, db.moment(clock.now()), getattr(people.person(by), "pk", None), *key_params, *params])
    if opened:
        audit.record(actor=by, action=Action.FAULT_OPEN_BULK, subject=Fault._meta.label_lower, subject_id="", after={"source": source, "opened": opened})
    return opened


def fault_report(*, by, source: str, department, description: str, person=None, conduct=None, occurred_at: dt.datetime | None = None) -> Fault:
    """A supervisor records a fault by hand (a substantiated complaint, a report)."""
    if not access_record_fault(by):
        raise Forbidden("只有效能监督人员可以登记行政过错")
    if person is not None and not person.department.path.startswith(department.path):
        raise InvalidInput("责任人不属于所选责任部门", code=Shared.PERSON_NOT_IN_DEPARTMENT)
    if occurred_at is not None and occurred_at > clock.now():
        raise InvalidInput("发生时间不能晚于现在", code=Error.OCCURRED_IN_FUTURE)
    return fault_record(by=by, source=source, department=department, description=description, person=person, occurred_at=occurred_at, conduct=conduct)


def _fault_link(fault: Fault) -> str:
    return reverse("accountability:fault", args=[fault.pk])


@transaction.atomic
def fault_verify(*, by, fault: Fault, basis: str, conduct=None) -> Fault:
    """认定过错: the office verifies the facts and records its basis.  A fault naming a person
    gets a sanction proposed from that person's ladder, and the person is told."""
    if not access_verify_fault(by):
        raise Forbidden("只有效能监督人员可以认定过错")
    basis = required_text(basis, "认定依据", code=Error.MISSING_BASIS)
    f = lock(fault)
    changes = {"decided_at": clock.now(), "decided_by": by, "decision_basis": basis}
    if conduct is not None:
        changes["conduct"] = conduct
    transition(f, to=FaultStatus.VERIFIED, by=by, allowed=FAULT_TRANSITIONS, action=Action.FAULT_VERIFY, changes=changes)
    if f.person_id:
        sanction = sanction_propose(by=by, fault=f)
        notify(
            users=[f.person.user],
            category=Category.FAULT,
            text=f"经核实，认定您存在行政过错：{fault_text(f.person.user, f, f.description)}（认定依据：{fault_text(f.person.user, f, basis)}）。拟按规定给予“{sanction.get_proposed_measure_display()}”处理，可向效能办陈述申辩。",
            link=_fault_link(f),
        )
    return f


@transaction.atomic
def fault_dismiss(*, by, fault: Fault, reasons: str) -> Fault:
    """不予认定: the fault does not stand; the reasons are recorded and the record stays."""
    if not access_verify_fault(by):
        raise Forbidden("只有效能监督人员可以作出不予认定的决定")
    reasons = required_text(reasons, "不予认定的理由", code=Error.MISSING_REASONS)
    f = lock(fault)
    transition(
        f,
        to=FaultStatus.DISMISSED,
        by=by,
        allowed=FAULT_TRANSITIONS,
        action=Action.FAULT_DISMISS,
        changes={"decided_at": clock.now(), "decided_by": by, "decision_basis": reasons},
    )
    if f.person_id:
        notify(users=[f.person.user], category=Category.FAULT, text=f"经核实，对您的过错线索不予认定：{reasons}", link=_fault_link(f))
    return f


def sanction_propose(*, by, fault: Fault) -> Sanction:
    """Count the person's verified faults of the kinds this fault's ladder counts, in the
    ladder's window (this one included), and propose the matching step: for 高压线 and
    substantiated complaints leaders 一次警告、两次免职, staff 一次待岗、两次辞退; overdue faults
    go on the milder ladder (提醒谈话 → 通报批评 → …)."""
    person = fault.person
    category = category_of(person)
    ladder = ladder_counting(category, fault_kind(fault.source, fault.conduct_id is not None))
    start, end = counting_window(ladder.window, clock.local(fault.occurred_at).date())
    ordinal = _verified_in_window(person, ladder, start, end).count()
    measure = ladder.measure_for(ordinal)
    now = clock.now()
    sanction = Sanction.objects.create(
        fault=fault,
        person=person,
        department=fault.department,
        category=category,
        track=ladder.track,
        ordinal=ordinal,
        window_start=start,
        window_end=end,
        proposed_measure=measure,
        measure=measure,
        proposed_at=now,
        updated_at=now,
    )
    audit.record(actor=by, action=Action.SANCTION_PROPOSE, subject=sanction, after=audit.snapshot(sanction, _SANCTION_AUDITED), note=ladder.basis)
    return sanction


def _verified_in_window(person, ladder, start: dt.date, end: dt.date):
    return Fault.objects.filter(
        counted(ladder), person=person, status=FaultStatus.VERIFIED, occurred_at__gte=clock.start_of_day(start), occurred_at__lt=clock.end_of_day(end)
    )


def sanctions_regrade(*, by, person, reason: str) -> int:
    """After one of ``person``'s faults stopped counting (revoked on appeal, withdrawn with its
    red card), grade the pending proposals again: each counts the verified faults of its
    ladder in its window verified no later than its own.  Returns how many changed."""
    changed = 0
    for s in Sanction.objects.select_for_update().filter(person=person, status=SanctionStatus.PROPOSED).select_related("fault").order_by("proposed_at", "id"):
        ladder = ladder_for(s.category, s.track)
        ordinal = _verified_in_window(person, ladder, s.window_start, s.window_end).filter(decided_at__lte=s.fault.decided_at).count()
        if ordinal < 1 or ordinal == s.ordinal:
            continue
        before = audit.snapshot(s, _SANCTION_AUDITED)
        s.ordinal, s.proposed_measure = ordinal, ladder.measure_for(ordinal)
        s.measure, s.updated_at = s.proposed_measure, clock.now()
        s.save(update_fields=["ordinal", "proposed_measure", "measure", "updated_at"])
        audit.record(actor=by, action=Action.SANCTION_REGRADE, subject=s, before=before, after=audit.snapshot(s, _SANCTION_AUDITED), note=reason)
        changed += 1
    return changed


@transaction.atomic
def fault_withdraw(*, by, fault: Fault, reason: str) -> Fault:
    """The ground of an automatically opened fault no longer holds (its red card was withdrawn
    once the clock's history was judged again): the fault is withdrawn, never deleted, a
    pending proposal on it is revoked, later proposals are graded again and the person is
    told."""
    f = lock(fault)
    if f.status not in (FaultStatus.REPORTED, FaultStatus.VERIFIED):
        return f
    transition(f, to=FaultStatus.WITHDRAWN, by=by, allowed=FAULT_TRANSITIONS, action=Action.FAULT_WITHDRAW, changes={"revoked_at": clock.now()}, note=reason)
    for s in Sanction.objects.select_for_update().filter(fault=f, status=SanctionStatus.PROPOSED):
        transition(s, to=SanctionStatus.REVOKED, by=by, allowed=SANCTION_TRANSITIONS, action=Action.SANCTION_WITHDRAW, note=reason)
    if f.person_id:
        sanctions_regrade(by=by, person=f.person, reason=reason)
        notify(users=[f.person.user], category=Category.FAULT, text=f"对您的过错线索已撤回：{reason}", link=_fault_link(f))
    return f


@transaction.atomic
def fault_reinstate(*, by, fault: Fault, warning_id: int, occurred_at: dt.datetime, reason: str) -> Fault:
    """A fault withdrawn because its red card fell is opened again when the same act gets a
    red card that stands (one missed duty, one fault, whatever the order the facts came in):
    back to 待核实 on the new card, so the office verifies it afresh; the person is told."""
    f = lock(fault)
    if f.status != FaultStatus.WITHDRAWN:
        return f
    changes = {"warning_id": warning_id, "occurred_at": occurred_at, "revoked_at": None, "decided_at": None, "decided_by": None, "decision_basis": ""}
    transition(f, to=FaultStatus.REPORTED, by=by, allowed=FAULT_TRANSITIONS, action=Action.FAULT_REINSTATE, changes=changes, note=reason)
    if f.person_id:
        notify(users=[f.person.user], category=Category.FAULT, text=f"对您的过错线索重新立案：{reason}", link=_fault_link(f))
    return f


def _measure(value: str) -> str:
    if value not in Measure.values:
        raise InvalidInput(f"未知的处理措施：{value}", code=Error.INVALID_MEASURE)
    return value


@transaction.atomic
def sanction_decide(*, by, sanction: Sanction, basis: str, measure: str | None = None) -> Sanction:
    """处理决定: the office head or a leader decides — the ladder's proposal or a milder or
    other measure — with the basis; the person is told and may appeal within the ladder's
    appeal period (a clock of kind ``accountability.appeal``)."""
    if not access_decide_sanction(by):
        raise Forbidden("只有效能办主任或领导可以作出处理决定")
    basis = required_text(basis, "处理依据", code=Error.MISSING_BASIS)
    s = lock(sanction)
    measure = _measure(measure or s.proposed_measure)
    if s.status != SanctionStatus.PROPOSED:
        raise Conflict(f"当前状态为“{s.get_status_display()}”，不能再作决定", code=Shared.INVALID_TRANSITION)
    ladder = ladder_for(s.category, s.track)
    appeal_clock = clock_start(
        by=by,
        subject=s,
        kind=APPEAL_CLOCK,
        started_on=clock.today(),
        working_days=ladder.appeal_working_days,
        department=s.department,
        responsible=s.person.user,
    )
    transition(
        s,
        to=SanctionStatus.DECIDED,
        by=by,
        allowed=SANCTION_TRANSITIONS,
        action=Action.SANCTION_DECIDE,
        changes={
            "measure": measure,
            "basis": basis,
            "decided_at": clock.now(),
            "decided_by": by,
            "appeal_clock": appeal_clock,
            "appeal_due_at": appeal_clock.due_at,
        },
    )
    last_day = clock.format_due_cn(appeal_clock.due_on)
    notify(
        users=[s.person.user],
        category=Category.SANCTION,
        text=f"对您的行政过错作出“{s.get_measure_display()}”处理决定（依据：{basis}）。如有异议，可在{last_day}提出申诉。",
        link=_fault_link(s.fault),
    )
    return s


@transaction.atomic
def appeal_file(*, by, sanction: Sanction, grounds: str) -> Appeal:
    """申诉: the person asks for review, once, before the appeal deadline."""
    if not access_appeal(by, sanction):
        raise Forbidden("只有被处理人本人可以申诉")
    grounds = required_text(grounds, "申诉理由", code=Error.MISSING_GROUNDS)
    s = lock(sanction)
    if s.status != SanctionStatus.DECIDED:
        raise Conflict(f"当前状态为“{s.get_status_display()}”，不能申诉", code=Shared.INVALID_TRANSITION)
    now = clock.now()
    if now >= s.appeal_due_at:
        raise Conflict(
            f"申诉期限已于{clock.format_cn(clock.local(s.appeal_due_at - dt.timedelta(microseconds=1)).date())}届满", code=Error.APPEAL_DEADLINE_PASSED
        )
    appeal = Appeal.objects.create(sanction=s, grounds=grounds, filed_by=by, filed_at=now, updated_at=now)
    audit.record(actor=by, action=Action.APPEAL_FILE, subject=appeal, after={"sanction": s.pk, "grounds": grounds})
    transition(s, to=SanctionStatus.APPEALED, by=by, allowed=SANCTION_TRANSITIONS, action=Action.SANCTION_APPEALED)
    clock_stop(by=by, clock_=lock(s.appeal_clock), met=True, note="已在期限内提出申诉")
    notify(
        users=[s.decided_by],
        category=Category.APPEAL,
        text=f"{s.person.name}对“{s.get_measure_display()}”处理决定提出申诉，请组织复核。",
        link=_fault_link(s.fault),
    )
    return appeal


_APPEAL_ACTIONS = {
    AppealStatus.UPHELD: Action.SANCTION_APPEAL_UPHELD,
    AppealStatus.MODIFIED: Action.SANCTION_APPEAL_MODIFIED,
    AppealStatus.REVOKED: Action.SANCTION_APPEAL_REVOKED,
}


@transaction.atomic
def appeal_decide(*, by, appeal: Appeal, outcome: str, basis: str, new_measure: str = "") -> Appeal:
    """复核决定: upheld (the decision becomes final), modified (a new, final decision replaces
    it) or revoked (the sanction and the fault's verification are withdrawn).  Whoever took
    the original decision does not review it."""
    if not access_decide_appeal(by):
        raise Forbidden("只有效能办主任或领导可以作出复核决定")
    if appeal.sanction.decided_by_id == by.pk:
        raise Forbidden("作出原处理决定的人员应当回避，请由其他负责人复核", code=Shared.MUST_RECUSE)
    if outcome not in APPEAL_OUTCOME:
        raise InvalidInput("复核结论应为维持、变更或撤销", code=Shared.INVALID_OUTCOME)
    basis = required_text(basis, "复核意见", code=Error.MISSING_BASIS)
    a = lock(appeal)
    s = lock(a.sanction)
    if outcome == AppealStatus.MODIFIED and _measure(new_measure) == s.measure:
        raise InvalidInput("变更处理应选择与原决定不同的措施", code=Error.SAME_MEASURE)
    now = clock.now()
    transition(
        a,
        to=outcome,
        by=by,
        allowed=APPEAL_TRANSITIONS,
        action=Action.APPEAL_DECIDE,
        changes={"decided_by": by, "decided_at": now, "decision_basis": basis, "new_measure": new_measure if outcome == AppealStatus.MODIFIED else ""},
    )
    final = {"final_at": now} if outcome == AppealStatus.UPHELD else {}
    transition(s, to=APPEAL_OUTCOME[outcome], by=by, allowed=SANCTION_TRANSITIONS, action=_APPEAL_ACTIONS[outcome], changes=final, note=basis)
    if outcome == AppealStatus.MODIFIED:
        replacement = Sanction.objects.create(
            fault=s.fault,
            person=s.person,
            department=s.department,
            category=s.category,
            track=s.track,
            ordinal=s.ordinal,
            window_start=s.window_start,
            window_end=s.window_end,
            proposed_measure=s.proposed_measure,
            measure=new_measure,
            status=SanctionStatus.FINAL,
            basis=basis,
            proposed_at=s.proposed_at,
            decided_at=now,
            decided_by=by,
            final_at=now,
            replaces=s,
            updated_at=now,
        )
        audit.record(actor=by, action=Action.SANCTION_REPLACE, subject=replacement, after=audit.snapshot(replacement, _SANCTION_AUDITED) | {"replaces": s.pk})
    if outcome == AppealStatus.REVOKED:
        transition(lock(s.fault), to=FaultStatus.REVOKED, by=by, allowed=FAULT_TRANSITIONS, action=Action.FAULT_REVOKE, changes={"revoked_at": now}, note=basis)
        sanctions_regrade(by=by, person=s.person, reason=f"此前的过错经申诉撤销认定：{basis}")
    notify(
        users=[s.person.user],
        category=Category.APPEAL,
        text=f"您的申诉已复核：{a.get_status_display()}。复核意见：{basis}",
        link=_fault_link(s.fault),
    )
    return a


def sanctions_finalise(*, by=None) -> int:
    """Decisions whose appeal period ran out without an appeal become final.  Each row is
    claimed with ``SKIP LOCKED``, so two workers never finalise the same one."""
    done = 0
    due = Sanction.objects.filter(status=SanctionStatus.DECIDED, appeal_due_at__lte=clock.now())
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            s = Sanction.objects.select_for_update(skip_locked=True).filter(pk=pk, status=SanctionStatus.DECIDED).first()
            if s is None:
                continue
            transition(
                s,
                to=SanctionStatus.FINAL,
                by=by,
                allowed=SANCTION_TRANSITIONS,
                action=Action.SANCTION_FINAL,
                changes={"final_at": s.appeal_due_at},
                note="申诉期届满未申诉",
            )
            clock_stop(by=by, clock_=lock(s.appeal_clock), met=True, note="申诉期届满")
            done += 1
    return done
