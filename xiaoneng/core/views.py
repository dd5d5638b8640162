from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from xiaoneng.core import clock


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


@never_cache
def healthz(request):
    database, queue = _database(), _queue()
    healthy = database == "ok" and queue.startswith("ok")
    return JsonResponse(
        {
            "status": "ok" if healthy else "degraded",
            "database": database,
            "database_engine": connection.vendor,
            "queue": queue,
            "broker": settings.CELERY_BROKER_URL.split("://")[0],
            "time": clock.now().isoformat(),
        },
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
