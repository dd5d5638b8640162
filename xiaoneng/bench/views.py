"""The baseline: the cheapest write through the same server stack (middleware included)
and database — one row, one transaction, a small JSON answer."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from xiaoneng.core import clock

from .models import BaselineRow


@csrf_exempt
@require_POST
def baseline(request):
    row = BaselineRow.objects.create(created_at=clock.now(), note=request.headers.get("X-Bench-Note", "")[:100])
    return JsonResponse({"id": row.pk}, status=201)
