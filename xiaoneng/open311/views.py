"""Open311 GeoReport v2 endpoints under ``/open311/v2/``.  Reading needs no key; posting a
request needs an API key (``api_key``, the same keys as ``X-Api-Key``) and goes through the
same intake service as every other channel."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from xiaoneng.core import clock
from xiaoneng.core.errors import outcome
from xiaoneng.org.services import apikey_lookup
from xiaoneng.web import params
from xiaoneng.workorders import services
from xiaoneng.workorders.models import WorkOrder
from xiaoneng.workorders.numbers import parse_tracking_number

from . import georeport as geo


@require_GET
def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2")
    payload = {
        "changeset": geo.CHANGESET,
        "contact": settings.XIAONENG["OPEN311_CONTACT"],
        "key_service": settings.XIAONENG["OPEN311_KEY_SERVICE"],
        "endpoints": [
            {"specification": geo.SPECIFICATION, "url": base, "changeset": geo.CHANGESET, "type": "production", "formats": ["text/xml", "application/json"]}
        ],
    }
    return geo.respond(fmt, payload, root="discovery")


@require_GET
def service_list(request, fmt):
    return geo.respond(fmt, geo.service_list(), root="services", item="service")


@require_GET
def service_definition(request, code, fmt):
    if code not in geo.SERVICE_BY_CODE:
        return geo.errors(fmt, 404, f"service_code {code} 不存在")
    return geo.respond(fmt, geo.service_definition(code), root="service_definition")


def _cases():
    return WorkOrder.objects.select_related("department", "area")


def _window(q) -> tuple[dt.datetime, dt.datetime]:
    """The search's date range: W3C date-times, by default the last 90 days."""
    end = params.moment(q.get("end_date"), "end_date") or clock.now()
    return params.moment(q.get("start_date"), "start_date", starts=True) or end - dt.timedelta(days=geo.MAX_SPAN_DAYS), end


def _search(request, fmt):
    """GET requests: by id (overrides the rest), or by service, status and a date range of
    at most 90 days (default: the last 90 days), newest first, at most 1000."""
    q = request.GET
    ids = [i.strip() for i in q.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        rows = _cases().filter(pk__in=[int(i) for i in ids if i.isdecimal()])
    else:
        window, error = outcome(lambda: _window(q))
        if error is not None:
            return geo.errors(fmt, 400, error.message)  # GeoReport's own error list
        start, end = window
        if start > end:
            return geo.errors(fmt, 400, "start_date 不能晚于 end_date")
        if end - start > dt.timedelta(days=geo.MAX_SPAN_DAYS):
            return geo.errors(fmt, 400, "start_date 与 end_date 的间隔不能超过 90 天")
        rows = _cases().filter(received_at__gte=start, received_at__lte=end)
        codes = [c.strip() for c in q.get("service_code", "").split(",") if c.strip()]
        if codes:
            rows = rows.filter(type__in=codes)
        statuses = {s.strip() for s in q.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            return geo.errors(fmt, 400, "status 只能为 open 或 closed")
        if statuses == {"open"}:
            rows = rows.exclude(status="closed")
        elif statuses == {"closed"}:
            rows = rows.filter(status="closed")
    found = [geo.request_of(wo) for wo in rows.order_by("-received_at", "-id")[: geo.MAX_RESULTS]]
    return geo.respond(fmt, found, root="service_requests", item="request")


def _attribute(post, code: str) -> str:
    return post.get(f"attribute[{code}]", "").strip()


def _create(request, fmt):
    """POST requests: a new case through the intake service, channel Open311."""
    post = request.POST
    key = apikey_lookup(post.get("api_key") or request.GET.get("api_key") or "")
    if key is None:
        return geo.errors(fmt, 403, "api_key 缺失或无效")
    code = post.get("service_code", "").strip()
    if not code:
        return geo.errors(fmt, 400, "缺少 service_code")
    if code not in geo.SERVICE_BY_CODE:
        return geo.errors(fmt, 404, f"service_code {code} 不存在")
    lat, lng = post.get("lat", "").strip(), post.get("long", "").strip()
    address = post.get("address_string", "").strip() or post.get("address_id", "").strip()
    if not ((lat and lng) or address):
        return geo.errors(fmt, 400, "须提供位置：lat 和 long，或 address_string，或 address_id")
    missing = [a["code"] for a in geo.attributes_of(code) if a["required"] and not _attribute(post, a["code"])]
    if missing:
        return geo.errors(fmt, 400, *(f"缺少必填属性 attribute[{m}]" for m in missing))
    name = post.get("last_name", "").strip() + post.get("first_name", "").strip()
    anonymous = _attribute(post, "anonymous") == "true" or not name
    content = post.get("description", "").strip()
    if post.get("media_url", "").strip():
        content += f"\n〔图片链接：{post['media_url'].strip()}〕"
    wo, error = outcome(
        lambda: services.workorder_create(
            by=request.user,
            channel="open311",
            type=code,
            content=content,
            integration=key,
            requester=services.Requester(
                name=name,
                phone=post.get("phone", "").strip(),
                email=post.get("email", "").strip(),
                anonymous=anonymous,
                organization=_attribute(post, "organization"),
                uscc=_attribute(post, "uscc"),
            ),
            location=services.Location(address=address, lat=lat or None, lng=lng or None),
        )
    )
    if error is not None:
        return geo.errors(fmt, 403 if error.status == 403 else 400, error.message)
    return geo.respond(
        fmt, [{"service_request_id": str(wo.pk), "service_notice": geo.service_notice(wo), "account_id": None}], root="service_requests", item="request"
    )


@csrf_exempt  # key-authenticated, never cookie-authenticated
@require_http_methods(["GET", "POST"])
def requests(request, fmt):
    return _create(request, fmt) if request.method == "POST" else _search(request, fmt)


@require_GET
def request_detail(request, request_id, fmt):
    wo = _cases().filter(pk=int(request_id)).first() if request_id.isdecimal() else None
    if wo is None:
        return geo.errors(fmt, 404, f"service_request_id {request_id} 不存在")
    return geo.respond(fmt, [geo.request_of(wo)], root="service_requests", item="request")


@require_GET
def token(request, token, fmt):
    """The token is the tracking number the requester was given (e.g. by SMS): it resolves to
    the service_request_id."""
    parsed = parse_tracking_number(token)
    wo = _cases().filter(pk=parsed[1]).first() if parsed else None
    if wo is None or wo.tracking_no != token:
        return geo.errors(fmt, 404, f"token {token} 不存在")
    return geo.respond(fmt, [{"service_request_id": str(wo.pk), "token": token}], root="service_requests", item="request")
