"""URLs of the bench server only (settings ``xiaoneng.settings.bench``): the whole site plus
the baseline view.  Deliberately not named ``urls.py``, so the site never mounts it."""

from django.urls import path

from xiaoneng.urls import urlpatterns as site

from .views import baseline

urlpatterns = [path("bench/baseline", baseline, name="bench_baseline"), *site]
