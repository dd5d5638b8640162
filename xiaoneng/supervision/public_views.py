from django.shortcuts import render

from . import selectors
from .models import ListKind


def lists(request):
    """红黑榜 on the public portal: approved entries only; withdrawn ones are gone from here."""
    kind = request.GET.get("kind") if request.GET.get("kind") in ListKind.values else None
    entries = list(selectors.published_entries(kind)[:200])
    return render(
        request,
        "supervision/public_lists.html",
        {"kind": kind, "honour": [e for e in entries if e.kind == ListKind.HONOUR], "shame": [e for e in entries if e.kind == ListKind.SHAME]},
    )
