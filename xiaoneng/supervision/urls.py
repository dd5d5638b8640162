from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "supervision"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="supervision:dashboard")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("sweep/", views.sweep_now, name="sweep"),
    path("warnings/", views.warning_list, name="warnings"),
    path("warnings/<int:warning_id>/", views.warning_detail, name="warning"),
    path("warnings/<int:warning_id>/letter.pdf", views.warning_letter, name="warning_letter"),
    path("orders/", views.order_list, name="orders"),
    path("orders/issue/", views.order_issue, name="order_issue"),
    path("orders/<int:order_id>/", views.order_detail, name="order"),
    path("orders/<int:order_id>/<slug:action>/", views.order_act, name="order_act"),
    path("lists/", views.list_manage, name="lists"),
    path("lists/draft/", views.list_draft, name="list_draft"),
    path("lists/<int:entry_id>/<slug:action>/", views.list_act, name="list_act"),
    path("backfill/", views.backfill_approvals, name="backfill"),
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("bulletins/issue/", views.bulletin_issue, name="bulletin_issue"),
    path("bulletins/preview.<slug:fmt>", views.bulletin_preview, name="bulletin_preview"),
    path("bulletins/<int:bulletin_id>.<slug:fmt>", views.bulletin_download, name="bulletin_download"),
]
