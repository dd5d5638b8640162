from django.urls import path

from . import public_views

app_name = "supervision_public"

urlpatterns = [
    path("lists/", public_views.lists, name="lists"),
]
