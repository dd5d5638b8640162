from django.urls import path

from . import views

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/compute/", views.calendar_compute, name="calendar_compute"),
    path("calendar/import/", views.calendar_import, name="calendar_import"),
]
