from django.urls import path

from . import views

app_name = "accountability"

urlpatterns = [
    path("", views.fault_list, name="faults"),
    path("faults/report/", views.fault_report, name="fault_report"),
    path("faults/<int:fault_id>/", views.fault_detail, name="fault"),
    path("faults/<int:fault_id>/<slug:action>/", views.fault_act, name="fault_act"),
    path("sanctions/", views.sanction_list, name="sanctions"),
    path("sanctions/<int:sanction_id>/<slug:action>/", views.sanction_act, name="sanction_act"),
]
