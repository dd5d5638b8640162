from django.urls import path

from . import public_views

urlpatterns = [
    path("", public_views.submit, name="submit"),
    path("track/", public_views.track, name="track"),
]
