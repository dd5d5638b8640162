from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("warnings/", views.warnings_page, name="warnings"),
]
