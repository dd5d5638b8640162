from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notifications_read_all, name="read_all"),
    path("<int:notification_id>/read/", views.notification_read, name="read"),
    path("dead-letters/", views.dead_letters, name="dead_letters"),
    path("dead-letters/<int:delivery_id>/resend/", views.dead_letter_resend, name="dead_letter_resend"),
]
