from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.home, name="home"),
    path("appraisals/", views.appraisals, name="appraisals"),
    path("appraisals/<int:appraisal_id>/", views.appraisal_detail, name="appraisal"),
    path("appraisals/<int:appraisal_id>/votes/", views.appraisal_votes, name="appraisal_votes"),
    path("appraisals/<int:appraisal_id>/export.xlsx", views.appraisal_export, name="appraisal_export"),
    path("appraisals/<int:appraisal_id>/<slug:action>/", views.appraisal_act, name="appraisal_act"),
    path("ratings/", views.ratings, name="ratings"),
    path("ratings/tablet/", views.rating_tablet, name="rating_tablet"),
    path("rectifications/<int:rectification_id>/", views.rectification, name="rectification"),
    path("rectifications/<int:rectification_id>/<slug:action>/", views.rectification_act, name="rectification_act"),
    path("appeals/<int:appeal_id>/decide/", views.appeal_decide, name="appeal_decide"),
    path("commitments/", views.commitments, name="commitments"),
    path("commitments/<int:commitment_id>/<slug:action>/", views.commitment_act, name="commitment_act"),
    path("policies/", views.policies, name="policies"),
    path("claims/<int:claim_id>/<slug:action>/", views.claim_act, name="claim_act"),
]
