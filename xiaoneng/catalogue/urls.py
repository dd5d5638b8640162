from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.staff_list, name="list"),
    path("new/", views.item_form, name="new"),
    path("export/", views.export, name="export"),
    path("import/", views.import_workbook, name="import"),
    path("enterprise-fees/", views.enterprise_fees, name="enterprise_fees"),
    path("items/<str:code>/", views.item_versions, name="item"),
    path("items/<str:code>/edit/", views.item_form, name="edit"),
    path("items/<str:code>/publication/", views.item_publication, name="publication"),
]
