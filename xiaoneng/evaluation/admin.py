"""Evaluation in the admin: read-only views of what changes only through the services (ratings,
rectifications, appeals, campaigns and their results, commitments, claims).  Votes are not
listed here: their provenance is for the supervision office's page only."""

from django.contrib import admin

from xiaoneng.core.admin import ReadOnlyAdmin

from .models import Appeal, Appraisal, AppraisalResult, BenefitClaim, Commitment, Policy, Rating, Rectification


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["subject_number", "subject_type", "department", "level", "channel", "is_default", "excluded", "rated_at"]
    list_filter = ["subject_type", "level", "channel", "is_default", "excluded"]
    search_fields = ["subject_number"]
    exclude = ["rater_name", "comment"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["rating", "department", "status", "opened_at"]
    list_filter = ["status"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["rating", "department", "grounds", "status", "filed_at"]
    list_filter = ["grounds", "status"]


@admin.register(Appraisal)
class AppraisalAdmin(ReadOnlyAdmin):
    list_display = ["name", "status", "min_sample", "created_at", "published_at"]
    exclude = ["salt"]


@admin.register(AppraisalResult)
class AppraisalResultAdmin(ReadOnlyAdmin):
    list_display = ["appraisal", "department", "n", "score", "ci_low", "ci_high", "rank_low", "rank_high", "band", "vetoed", "bottom"]
    list_filter = ["appraisal", "vetoed", "bottom"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["number", "department", "owner", "deadline", "status"]
    list_filter = ["status"]


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ["name", "issuing_body", "issued_on", "department", "guide_published_at"]


@admin.register(BenefitClaim)
class BenefitClaimAdmin(ReadOnlyAdmin):
    list_display = ["number", "enterprise", "benefit", "amount", "status", "submitted_at"]
    list_filter = ["status"]
    exclude = ["query_code"]
