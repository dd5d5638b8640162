"""Are the stored files there?  Every row of every model with a file field names a file in
the storage (MEDIA_ROOT); after a restore of the database alone, or a lost share, they are
not.  ``manage.py check_files`` looks at all of them; ``/healthz`` at the newest few of each
kind, so that a missing media restore shows at once."""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.db import models


def file_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and model.__module__.startswith("xiaoneng.")
    ]


def missing(*, newest: int | None = None) -> Iterator[dict]:
    """Rows whose file is absent: ``{"model", "id", "name"}``.  ``newest`` limits the look
    to that many most recent rows per model."""
    for model, name in file_fields():
        rows = model.objects.exclude(**{name: ""}).order_by("-pk").values_list("pk", name)
        if newest is not None:
            rows = rows[:newest]
        storage = model._meta.get_field(name).storage
        for pk, path in rows.iterator(chunk_size=2000):
            if not storage.exists(path):
                yield {"model": model._meta.label_lower, "id": pk, "name": path}


def count(*, newest: int | None = None) -> tuple[int, list[dict]]:
    """(how many rows were looked at, the missing ones)."""
    checked = sum(min(m.objects.exclude(**{n: ""}).count(), newest) if newest is not None else m.objects.exclude(**{n: ""}).count() for m, n in file_fields())
    return checked, list(missing(newest=newest))
