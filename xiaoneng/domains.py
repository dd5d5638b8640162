"""Find each domain package's optional parts, so that adding a package to INSTALLED_APPS is
all it takes to mount its API router and pages.

- ``xiaoneng.<app>.api.router`` is mounted under ``/api/v1/`` (routes carry their own prefix);
- ``xiaoneng.<app>.urls`` (staff pages) under ``/staff/<app>/``, namespace ``<app>``;
- ``xiaoneng.<app>.public_urls`` (public pages) under ``/<app>/``, namespace ``<app>_public``.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.conf import settings


def domain_modules(suffix: str):
    for app in settings.INSTALLED_APPS:
        if not app.startswith("xiaoneng."):
            continue
        name = f"{app}.{suffix}"
        if importlib.util.find_spec(name) is not None:
            yield app.split(".", 1)[1], importlib.import_module(name)
