from django.urls import path

from . import views

app_name = "accountability_public"

urlpatterns = [
    path("", views.conduct_public, name="conduct"),
]
