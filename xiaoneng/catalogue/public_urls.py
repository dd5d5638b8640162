from django.urls import path

from . import views

app_name = "catalogue_public"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("fees/", views.public_fees, name="fees"),
    path("items/<str:code>/", views.public_detail, name="detail"),
]
