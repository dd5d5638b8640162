"""What the evaluation endpoints share: who may call without an account."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from xiaoneng.api.auth import ANY_AUTH


def _visitor(request):
    """Anyone: the person rating their own case proves it with the query code instead."""
    return AnonymousUser()


PUBLIC_OR_ANY = [*ANY_AUTH, _visitor]
