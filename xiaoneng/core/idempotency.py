"""``Idempotency-Key`` on every create endpoint.

A POST that carries the header (or, for HTML forms, an ``idempotency_key`` field) runs inside
one transaction together with the row that remembers its answer.  A retry with the same key
gets the first answer again, marked ``Idempotent-Replayed: true``; the same key with a
different body is refused.  Two identical requests racing each other are serialised by the
unique index on (scope, key): the second waits for the first to commit and then replays it.
Only successful answers are remembered, so a request that failed validation can be retried.
A 5xx answer rolls the whole request back.
"""

from __future__ import annotations

import hashlib
import json

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse

from . import clock
from .codes import Error
from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
FORM_FIELD = "idempotency_key"
MAX_KEY_LENGTH = 200


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "details": {}}, status=status, json_dumps_params={"ensure_ascii": False})


class _Rollback(Exception):
    def __init__(self, response):
        self.response = response


def _scope(request) -> str:
    """Who is asking: keys are private to one credential (or one browser session, or for an
    anonymous caller one address), so nobody can replay another person's answer by guessing
    their key."""
    credential = (
        request.headers.get("Authorization")
        or request.headers.get("X-Api-Key")
        or request.GET.get("api_key")
        or request.COOKIES.get("sessionid")
        or f"anonymous@{request.META.get('REMOTE_ADDR', '')}"
    )
    return hashlib.sha256(f"{credential}|{request.path}".encode()).hexdigest()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status_code, content_type=record.content_type)
    if record.location:
        response["Location"] = record.location
    response["Idempotent-Replayed"] = "true"
    return response


def _multipart_body(request) -> bytes:
    """A multipart request's fields and uploaded files (name, size, content digest), so that
    the same key sent with another file is refused rather than replayed."""
    fields = sorted((k, v) for k, v in request.POST.lists() if k not in ("csrfmiddlewaretoken", FORM_FIELD))
    files = []
    for name, uploads in sorted(request.FILES.lists()):
        for upload in uploads:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            files.append((name, upload.name, upload.size, digest.hexdigest()))
    return json.dumps([fields, files]).encode()


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST":
            return self.get_response(request)
        key = request.headers.get(HEADER)
        if key is None and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            key = request.POST.get(FORM_FIELD) or None
        if key is None:
            return self.get_response(request)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            return _error(400, Error.INVALID_IDEMPOTENCY_KEY, f"Idempotency-Key 不能为空且不超过 {MAX_KEY_LENGTH} 个字符")

        scope = _scope(request)
        body = request.body if request.content_type != "multipart/form-data" else _multipart_body(request)
        fingerprint = hashlib.sha256(request.get_full_path().encode() + b"\n" + body).hexdigest()

        existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if existing is not None:
            return self._answer_retry(existing, fingerprint)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(scope=scope, key=key, fingerprint=fingerprint, created_at=clock.now())
                response = self.get_response(request)
                if response.status_code >= 500 or getattr(response, "streaming", False):
                    raise _Rollback(response)
                if response.status_code >= 400:
                    # A refusal is not remembered (the client may fix and retry), but what the
                    # service deliberately kept while refusing (e.g. a fault it recorded)
                    # stays: services roll back their own changes when they refuse.
                    record.delete()
                    return response
                record.status_code = response.status_code
                record.content_type = response.get("Content-Type", "")
                record.body = response.content
                record.location = response.get("Location", "")
                record.save(update_fields=["status_code", "content_type", "body", "location"])
                return response
        except _Rollback as rollback:
            return rollback.response
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
            if existing is None:
                raise
            return self._answer_retry(existing, fingerprint)

    @staticmethod
    def _answer_retry(record: IdempotencyRecord, fingerprint: str) -> HttpResponse:
        if record.fingerprint != fingerprint:
            return _error(409, Error.IDEMPOTENCY_KEY_REUSED, "该 Idempotency-Key 已用于内容不同的请求，请换一个新的键")
        return _replay(record)
