"""How API callers prove who they are.

- ``Authorization: Bearer <token>`` from ``POST /api/v1/auth/token`` (staff and applicants);
- ``X-Api-Key: <key>`` (or ``?api_key=``) for channel integrations (WeChat, Weibo, apps);
- the browser session, for the staff pages and the interactive docs.

``request.auth`` is the user, or the :class:`ApiKey` for an integration; :func:`actor`
gives the user to record in the audit log (None for an integration)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from ninja.security import APIKeyHeader, APIKeyQuery, HttpBearer, django_auth

from xiaoneng.core.context import set_channel
from xiaoneng.org.models import ApiKey
from xiaoneng.org.services import apikey_lookup, token_user


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


def _integration(request, key):
    api_key = apikey_lookup(key) if key else None
    if api_key is not None:
        set_channel(api_key.channel)
    return api_key


class ApiKeyInHeader(APIKeyHeader):
    param_name = "X-Api-Key"

    def authenticate(self, request, key):
        return _integration(request, key)


class ApiKeyInQuery(APIKeyQuery):
    param_name = "api_key"

    def authenticate(self, request, key):
        return _integration(request, key)


STAFF_AUTH = [BearerToken(), django_auth]
ANY_AUTH = [BearerToken(), ApiKeyInHeader(), ApiKeyInQuery(), django_auth]


def actor(request):
    """The person acting, for permission checks and the audit log."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiKey):
        return AnonymousUser()
    user = getattr(request, "user", None)
    return user if user is not None else AnonymousUser()


def integration(request) -> ApiKey | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiKey) else None
