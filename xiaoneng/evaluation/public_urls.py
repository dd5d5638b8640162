from django.urls import path

from . import public_views as views

app_name = "evaluation_public"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("appraisals/<int:appraisal_id>/", views.ranking, name="appraisal"),
    path("appraisals/<int:appraisal_id>/funnel.svg", views.funnel, name="funnel"),
    path("ratings/", views.ratings, name="ratings"),
    path("rate/", views.rate, name="rate"),
    path("commitments/", views.commitments, name="commitments"),
    path("policies/", views.policies, name="policies"),
    path("claims/", views.claim_lookup, name="claim_lookup"),
]
