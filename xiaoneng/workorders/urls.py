from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search, name="list"),
    path("new/", views.new, name="new"),
    path("new/caller-history/", views.caller_history, name="caller_history"),
    path("queue/", views.queue, name="queue"),
    path("inbox/", views.inbox, name="inbox"),
    path("follow-up/", views.follow_up_queue, name="follow_up_queue"),
    path("roster/", views.roster, name="roster"),
    path("roster/<int:pk>/<slug:action>/", views.roster_shift, name="roster_shift"),
    path("stats/", views.statistics, name="stats"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("<int:pk>/files/<int:attachment_id>/", views.attachment, name="file"),
]
