"""How API callers prove who they are.

- ``Authorization: Bearer <token>`` from ``POST /api/v1/auth/token`` (staff and applicants);
- ``X-Api-Key: <key>`` (or ``?api_key=``) for channel integrations (WeChat, Weibo, apps);
- the browser session, for the staff pages and the interactive docs (CSRF-checked);
- nothing at all, on the few endpoints the public may call (:class:`Anyone`).

``request.auth`` is the user, or the :class:`ApiKey` for an integration; :func:`actor`
gives the user to record in the audit log (None for an integration)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from ninja.security import APIKeyHeader, APIKeyQuery, HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

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


class SessionAuth(NinjaSessionAuth):
    """The signed-in browser session, its CSRF token checked.  A request from nobody signed
    in carries no session to abuse, so it is not CSRF-checked here: it falls through to the
    next way of authenticating (or to :class:`Anyone` where the public may call), as it does
    in production behind ``CsrfViewMiddleware`` (issue 13, item 7)."""

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)


class Anyone:
    """Lets a request without credentials through as the public; a request that presents
    credentials which fail is refused, not downgraded to the public."""

    def __call__(self, request):
        presented = request.headers.get("Authorization") or request.headers.get("X-Api-Key") or request.GET.get("api_key")
        return None if presented else AnonymousUser()


session_auth = SessionAuth()
STAFF_AUTH = [BearerToken(), session_auth]
ANY_AUTH = [BearerToken(), ApiKeyInHeader(), ApiKeyInQuery(), session_auth]


def public(auth: list) -> dict:
    """``openapi_extra`` for an endpoint that also answers the public: OpenAPI's empty
    security requirement (``{}``) says that credentials are optional."""
    return {"security": [{}, *({type(a).__name__: []} for a in auth if hasattr(a, "openapi_security_schema"))]}


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
