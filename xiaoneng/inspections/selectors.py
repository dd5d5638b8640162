from __future__ import annotations

from django.db.models import QuerySet

from xiaoneng.inspections.access import finding_scope

from .models import Finding, InspectionPlan


def plans() -> QuerySet[InspectionPlan]:
    return InspectionPlan.objects.select_related("created_by", "drawn_by").order_by("-starts_on", "-id")


def findings_for(user) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(finding_scope(user))
        .select_related("department", "person", "category", "plan", "fault")
        .prefetch_related("evidence")
        .order_by("-observed_at", "-id")
    )
