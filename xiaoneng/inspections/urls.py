from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("plans/create/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/<slug:action>/", views.plan_act, name="plan_act"),
    path("findings/", views.finding_list, name="findings"),
    path("findings/create/", views.finding_create, name="finding_create"),
    path("findings/<int:finding_id>/", views.finding_detail, name="finding"),
    path("findings/<int:finding_id>/<slug:action>/", views.finding_act, name="finding_act"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
]
