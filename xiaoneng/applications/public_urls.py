from django.urls import path

from . import views

app_name = "applications_public"

urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("notices/<int:notice_id>/", views.public_notice, name="notice"),
]
