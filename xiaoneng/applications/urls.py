from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.app_list, name="list"),
    path("new/", views.app_new, name="new"),
    path("inquiries/", views.inquiries, name="inquiries"),
    path("inquiries/<int:pk>/close/", views.inquiry_close, name="inquiry_close"),
    path("joint-reviews/<int:pk>/", views.joint_review_page, name="joint_review"),
    path("preliminary-reviews/<int:pk>/", views.preliminary_page, name="preliminary"),
    path("<int:pk>/", views.app_detail, name="detail"),
    path("<int:pk>/notices/<int:notice_id>/", views.notice_page, name="notice"),
    path("<int:pk>/<slug:action>/", views.app_action, name="action"),
]
