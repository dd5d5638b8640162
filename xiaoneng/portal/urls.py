from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("stats/", views.statistics, name="stats"),
    path("opendata/", views.open_data, name="opendata"),
    path("opendata/<slug:name>.<str:fmt>", views.open_data_file, name="opendata_file"),
]
