from django.contrib import admin

from xiaoneng.catalogue.admin import ReadOnly

from .models import Application, FeeCharge, Inquiry, PreliminaryReview


@admin.register(Application)
class ApplicationAdmin(ReadOnly):
    """Applications change only through their services, which keep the clocks in step."""

    list_display = ["number", "version", "department", "status", "received_on", "accepted_on", "legal_due_on", "committed_due_on", "decided_on"]
    list_filter = ["status", "deemed_accepted", "due_provisional", "renewal_in_time"]
    search_fields = ["number", "applicant_name"]
    date_hierarchy = "received_on"


@admin.register(FeeCharge)
class FeeChargeAdmin(ReadOnly):
    list_display = ["application", "code", "name", "amount", "charged_on", "listed"]
    list_filter = ["listed"]


@admin.register(Inquiry)
class InquiryAdmin(ReadOnly):
    list_display = ["received_at", "asker_name", "first_receiver", "status", "outcome"]
    list_filter = ["status", "outcome"]


@admin.register(PreliminaryReview)
class PreliminaryReviewAdmin(ReadOnly):
    list_display = ["application", "department", "handler", "due_on", "sent_on", "arrived_on"]
