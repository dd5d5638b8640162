import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from xiaoneng.core import clock, files, outbox
from xiaoneng.core.codes import Error


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        return f"error: {exc.__class__.__name__}"


def _queue() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok (in-process)"
    from xiaoneng.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


def _files() -> str:
    """The newest stored files of each kind: all there after a restore?"""
    if not _database() == "ok":
        return "unknown"
    checked, absent = files.count(newest=FILES_SAMPLE)
    return "ok" if not absent else f"missing: {len(absent)} of the newest {checked}"


FILES_SAMPLE = 50


def _outbox(database: str) -> tuple[dict, bool]:
    """The outbox's backlog; late when its oldest unpublished intent waited longer than
    ``OUTBOX_ALERT_SECONDS`` (the relay is not running, or cannot reach the broker)."""
    if database != "ok":
        return {}, True
    figures = outbox.backlog()
    late = figures["oldest_unpublished_seconds"] > settings.XIAONENG["OUTBOX_ALERT_SECONDS"]
    return figures | {"status": "late" if late else "ok"}, not late


@never_cache
def healthz(request):
    database, queue, stored = _database(), _queue(), _files()
    backlog, on_time = _outbox(database)
    healthy = database == "ok" and queue.startswith("ok") and stored == "ok" and on_time
    return JsonResponse(
        {
            "status": "ok" if healthy else "degraded",
            "database": database,
            "database_engine": connection.vendor,
            "queue": queue,
            "files": stored,
            "outbox": backlog,
            "broker": settings.CELERY_BROKER_URL.split("://")[0],
            "time": clock.now().isoformat(),
        },
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )


RETRY_AFTER_SECONDS = 30
_PAGE = """<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>{message}</p></body></html>"""


def _answer(request, status: int, code: str, message: str, title: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": code, "message": message, "details": {}}, status=status, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(_PAGE.format(title=title, message=message), status=status, content_type="text/html; charset=utf-8")
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """Django's last resort (``handler500``), reached when a middleware or a page fails.
    A database that cannot be reached is a 503 with ``Retry-After``, in the API's JSON
    error body under ``/api/`` and as a Chinese page elsewhere; anything else a 500 in the
    same two forms.  It touches no database and renders no template that could."""
    exc = sys.exc_info()[1]
    if isinstance(exc, FileNotFoundError):
        return _answer(request, 404, Error.FILE_MISSING, "该文件在存储中缺失，请联系系统管理员从备份恢复。", "文件缺失")
    if isinstance(exc, (OperationalError, InterfaceError)):
        return _answer(request, 503, Error.UNAVAILABLE, "数据库暂时不可用，请稍后重试。", "服务暂时不可用")
    return _answer(request, 500, Error.INTERNAL, "服务器内部错误，已记录，请稍后重试。", "服务器内部错误")


def bad_request(request, exception=None):
    """``handler400``: a request body over the limit is a 413, as the API documents."""
    from django.core.exceptions import RequestDataTooBig

    if isinstance(exception, RequestDataTooBig):
        return _answer(request, 413, Error.TOO_LARGE, "请求体过大，请减小内容或分次提交。", "请求过大")
    return _answer(request, 400, Error.INVALID_INPUT, "请求有误。", "请求有误")
