"""Reads of accountability shared by the API, pages and reports."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from xiaoneng.accountability.access import access_fault_identity, fault_scope, sanction_scope
from xiaoneng.accountability.codes import Error
from xiaoneng.clocks import registry as subjects
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.masking import redact

from .defaults import LADDERS
from .models import Appeal, Fault, LadderTrack, PersonCategory, ProhibitedConduct, Sanction, SanctionLadder
from .rules import CONDUCT, Ladder


def ladder_for(category: str, track: str = LadderTrack.CONDUCT) -> Ladder:
    """The configured ladder of a person category and track, or the built-in default."""
    row = SanctionLadder.objects.filter(category=category, track=track).prefetch_related("steps").first()
    ladders, basis = LADDERS[track]
    config = ladders[category]
    if row is not None and row.steps.exists():
        return Ladder(row.window, row.appeal_working_days, tuple(s.measure for s in row.steps.all()), row.basis, tuple(row.counts or config["counts"]), track)
    return Ladder(config["window"], config["appeal_working_days"], tuple(config["steps"]), basis, tuple(config["counts"]), track)


def ladder_counting(category: str, kind: str) -> Ladder:
    """The ladder of ``category`` that counts faults of ``kind`` (the conduct ladder for a
    kind no ladder names)."""
    for track in LadderTrack.values:
        ladder = ladder_for(category, track)
        if kind in ladder.counts:
            return ladder
    return ladder_for(category, LadderTrack.CONDUCT)


def counted(ladder: Ladder) -> Q:
    """The faults a ladder counts."""
    sources = [k for k in ladder.counts if k != CONDUCT]
    q = Q(conduct__isnull=True, source__in=sources)
    return q | Q(conduct__isnull=False) if CONDUCT in ladder.counts else q


def category_of(staff) -> str:
    return PersonCategory.LEADER if staff.is_leader else PersonCategory.STAFF


def faults_for(user) -> QuerySet[Fault]:
    return Fault.objects.filter(fault_scope(user)).select_related("department", "person", "conduct").order_by("-recorded_at", "-id")


def sanctions_for(user) -> QuerySet[Sanction]:
    return Sanction.objects.filter(sanction_scope(user)).select_related("person", "department", "fault", "appeal").order_by("-proposed_at", "-id")


def appeals_for(user) -> QuerySet[Appeal]:
    return (
        Appeal.objects.filter(sanction__in=Sanction.objects.filter(sanction_scope(user)))
        .select_related("sanction__person", "sanction__department")
        .order_by("-filed_at")
    )


def conduct(code) -> ProhibitedConduct | None:
    """The active prohibited conduct with this code (None when left blank)."""
    code = (code or "").strip()
    if not code:
        return None
    found = ProhibitedConduct.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise InvalidInput(f"未知的高压线编码：{code}", code=Error.UNKNOWN_CONDUCT)
    return found


def published_conduct() -> QuerySet[ProhibitedConduct]:
    return ProhibitedConduct.objects.filter(is_active=True)


def faults_on_warning(warning_id: int) -> QuerySet[Fault]:
    """The faults opened on (or moved to) one electronic-supervision warning."""
    return Fault.objects.filter(warning_id=warning_id).select_related("person")


def fault_text(user, fault: Fault, text: str) -> str:
    """Free text about a fault as ``user`` may read it: for everyone but the office, the
    identities of the case it came from (a complaint's requester) and every phone, ID number
    and e-mail hidden — the one masking policy of ``core.masking``."""
    if not text or access_fault_identity(user):
        return text
    if fault.subject_type and fault.subject_id:
        text = subjects.redact(fault.subject_type, fault.subject_id, text)
    return redact(text)


def shown(user, fault: Fault) -> Fault:
    """``fault`` with its texts as ``user`` may read them, for display only (never saved)."""
    fault.description = fault_text(user, fault, fault.description)
    fault.decision_basis = fault_text(user, fault, fault.decision_basis)
    return fault
