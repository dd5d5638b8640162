"""Public pages: the latest campaign's ranking with intervals, bands, vetoes and the funnel
plot; 好差评 results per department; rating a case with its query code; commitments;
policies and the claim lookup."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from xiaoneng.core import clock
from xiaoneng.core.errors import outcome

from . import selectors, services
from .charts import funnel_for
from .models.appraisals import Appraisal
from .models.ratings import Channel
from .rules import AppraisalStatus, CommitmentStatus, Level, display_row

# How a person reached the rating page (the link printed on a decision, sent by SMS …).
LINK_CHANNELS = {"qr": Channel.QR, "sms": Channel.SMS, "mobile": Channel.MOBILE}


def _published(appraisal_id: int | None) -> Appraisal | None:
    if appraisal_id is None:
        return selectors.latest_published()
    return get_object_or_404(Appraisal, pk=appraisal_id, status=AppraisalStatus.PUBLISHED)


def ranking(request, appraisal_id: int | None = None):
    appraisal = _published(appraisal_id)
    context = {"appraisal": appraisal, "others": Appraisal.objects.filter(status=AppraisalStatus.PUBLISHED).exclude(pk=getattr(appraisal, "pk", None))[:10]}
    if appraisal is not None:
        result = selectors.ranking(appraisal)
        rows = [display_row(r) for r in result.rows]
        categories: dict[str, list] = {}
        for r in rows:
            categories.setdefault(r["category"] or "", []).append(r)
        context |= {"ranking": result, "categories": categories, "funnel": funnel_for(result), "vetoed": [r for r in rows if r["vetoed"]]}
    return render(request, "evaluation/public_ranking.html", context)


def funnel(request, appraisal_id: int):
    appraisal = _published(appraisal_id)
    svg = funnel_for(selectors.ranking(appraisal))
    if svg is None:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def ratings(request):
    return render(request, "evaluation/public_ratings.html", {"results": selectors.rating_results(group="department")})


def rate(request):
    """Rating online with the number and query code (the case lookup page, an SMS link or the
    QR code on the decision)."""
    data = request.POST if request.method == "POST" else request.GET
    channel = LINK_CHANNELS.get(data.get("via", ""), Channel.PC)
    context = {
        "type": data.get("type") or "application",
        "number": (data.get("number") or "").strip(),
        "code": (data.get("code") or "").strip(),
        "via": data.get("via", ""),
        "levels": Level.choices,
        "done": None,
        "error": None,
    }
    if request.method == "POST":
        context["done"], refused = outcome(
            lambda: services.rating_submit(
                by=request.user,
                subject_type=context["type"],
                subject=context["number"],
                level=data.get("level"),
                channel=channel,
                comment=data.get("comment", ""),
                query_code=context["code"],
            )
        )
        context["error"] = refused.message if refused else None
    return render(request, "evaluation/public_rate.html", context)


def commitments(request):
    today = clock.today()
    rows = list(selectors.commitments(public=True)[:500])
    for c in rows:
        c.overdue = c.status == CommitmentStatus.OPEN and c.deadline < today
    return render(request, "evaluation/public_commitments.html", {"commitments": rows})


def policies(request):
    return render(request, "evaluation/public_policies.html", {"policies": selectors.policies()[:100], "on_time": selectors.delivery_on_time()})


def claim_lookup(request):
    number, code = (request.GET.get("number") or "").strip(), (request.GET.get("code") or "").strip()
    claim, error = None, None
    if number or code:
        claim, refused = outcome(lambda: selectors.claim_lookup(number, code))
        error = refused.message if refused else None
    return render(request, "evaluation/public_claim.html", {"number": number, "claim": claim, "error": error})
