from django.urls import path

from . import pickers, views

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("cockpit/", views.cockpit_page, name="cockpit"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/compute/", views.calendar_compute, name="calendar_compute"),
    path("calendar/import/", views.calendar_import, name="calendar_import"),
    path("pick/cases/", pickers.pick_cases, name="pick_cases"),
    path("pick/people/", pickers.pick_people, name="pick_people"),
]
