from django.contrib import admin

from xiaoneng.accountability.codes import Action
from xiaoneng.core import audit
from xiaoneng.core.admin import ConfigAdmin, ReadOnlyAdmin

from .models import Appeal, Fault, ProhibitedConduct, Sanction, SanctionLadder, SanctionStep


@admin.register(Fault)
class FaultAdmin(ReadOnlyAdmin):
    list_display = ["recorded_at", "source", "status", "department", "person"]
    list_filter = ["source", "status"]
    search_fields = ["description"]


@admin.register(ProhibitedConduct)
class ProhibitedConductAdmin(ConfigAdmin):
    list_display = ["sort_order", "title", "code", "is_active"]
    list_display_links = ["title"]


class SanctionStepInline(admin.TabularInline):
    model = SanctionStep
    extra = 1


@admin.register(SanctionLadder)
class SanctionLadderAdmin(ConfigAdmin):
    list_display = ["category", "window", "appeal_working_days"]
    inlines = [SanctionStepInline]
    readonly_fields = ["updated_at"]

    def save_model(self, request, obj, form, change):
        from xiaoneng.core import clock

        obj.updated_at = clock.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        before = list(form.instance.steps.values_list("ordinal", "measure"))
        super().save_related(request, form, formsets, change)
        after = list(form.instance.steps.values_list("ordinal", "measure"))
        if after != before:
            audit.record(actor=request.user, action=Action.LADDER_STEPS, subject=form.instance, before={"steps": before}, after={"steps": after})


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = ["person", "department", "measure", "status", "decided_at"]
    list_filter = ["status", "measure"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["sanction", "status", "filed_at", "decided_at"]
