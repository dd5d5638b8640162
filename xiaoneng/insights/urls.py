from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.hot_issues, name="hot_issues"),
    path("hot-issues/<int:issue_id>/register/", views.problem_register, name="problem_register"),
    path("problems/", views.problems, name="problems"),
    path("problems/<int:problem_id>/solve/", views.problem_solve, name="problem_solve"),
    path("replies/", views.reply_reviews, name="reply_reviews"),
    path("replies/<int:assessment_id>/accept/", views.reply_review_accept, name="reply_review_accept"),
]
