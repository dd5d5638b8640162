"""Staff pages of evaluation: campaigns with their ranking, funnel plot and the votes'
provenance (supervision office only), 好差评 results and rectifications, the window's rating
tablet, commitments and policy claims.  Views parse input, call one service and render."""

from __future__ import annotations

from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.accountability.models import Fault
from xiaoneng.org.access import people_in
from xiaoneng.web import params
from xiaoneng.web.pages import act, attempt, department_choices, download, page, staff_required

from . import access, exports, selectors, services
from .charts import funnel_for
from .models.appraisals import Appraisal
from .models.delivery import BenefitClaim, Commitment, CommitmentReview
from .models.ratings import Appeal, AppealGrounds, Rating, Rectification
from .rules import Level, display_row


@staff_required
def home(request):
    return redirect("evaluation:appraisals" if access.access_view_appraisals(request.user) else "evaluation:ratings")


@staff_required
def appraisals(request):
    user = request.user
    if not access.access_view_appraisals(user):
        return HttpResponseForbidden("您没有查看评议活动的权限")
    if request.method == "POST" and access.access_manage_appraisals(user):
        p = request.POST
        created = attempt(
            request,
            lambda: services.appraisal_create(
                by=user,
                name=p.get("name", ""),
                units=[c for c in p.getlist("units") if c],
                min_sample=params.integer(p.get("min_sample"), "最小样本量", low=1, high=100000, default=30),
                period_start=params.date(p.get("period_start"), "评议期间起"),
                period_end=params.date(p.get("period_end"), "评议期间止"),
            ),
            "评议活动已创建，开始投票",
        )
        if created:
            return redirect("evaluation:appraisal", created.pk)
    from xiaoneng.web.pages import department_choices

    return render(
        request,
        "evaluation/appraisals.html",
        {"appraisals": Appraisal.objects.all()[:100], "can_manage": access.access_manage_appraisals(user), "departments": department_choices()},
    )


def _rows(ranking) -> list[dict]:
    return [display_row(r) for r in ranking.rows]


@staff_required
def appraisal_detail(request, appraisal_id: int):
    if not access.access_view_appraisals(request.user):
        return HttpResponseForbidden("您没有查看评议活动的权限")
    appraisal = get_object_or_404(Appraisal, pk=appraisal_id)
    ranking = selectors.ranking(appraisal)
    return render(
        request,
        "evaluation/appraisal.html",
        {
            "appraisal": appraisal,
            "ranking": ranking,
            "rows": _rows(ranking),
            "funnel": funnel_for(ranking),
            "can_manage": access.access_manage_appraisals(request.user),
            "can_trace": access.access_vote_provenance(request.user),
            "draws": appraisal.draws.order_by("-drawn_at"),
        },
    )


@staff_required
def appraisal_votes(request, appraisal_id: int):
    if not access.access_vote_provenance(request.user):
        return HttpResponseForbidden("评议票的来源只对效能办开放")
    appraisal = get_object_or_404(Appraisal, pk=appraisal_id)
    offset = params.integer(request.GET.get("offset"), "offset", low=0, default=0)
    unit = request.GET.get("unit") or None
    rows = selectors.vote_provenance(appraisal, unit=unit, limit=200, offset=offset)
    return render(
        request,
        "evaluation/votes.html",
        {"appraisal": appraisal, "rows": rows, "unit": unit, "offset": offset, "next": offset + 200 if len(rows) == 200 else None},
    )


@staff_required
def appraisal_export(request, appraisal_id: int):
    if not access.access_view_appraisals(request.user):
        return HttpResponseForbidden("您没有导出评议结果的权限")
    appraisal = get_object_or_404(Appraisal, pk=appraisal_id)
    return download(exports.cadre_workbook(appraisal), exports.XLSX, f"{appraisal.name}-评议结果.xlsx")


@staff_required
@require_POST
def appraisal_act(request, appraisal_id: int, action: str):
    appraisal = get_object_or_404(Appraisal, pk=appraisal_id)
    by, p = request.user, request.POST

    def veto():
        fault = Fault.objects.filter(pk=params.integer(p.get("fault"), "过错编号", low=1)).first() if p.get("fault") else None
        return services.appraisal_veto(by=by, appraisal=appraisal, unit=p.get("unit", ""), reason=p.get("reason", ""), fault=fault)

    act(
        request,
        action,
        {
            "close": (lambda: services.appraisal_close(by=by, appraisal=appraisal), "投票已结束"),
            "publish": (lambda: services.appraisal_publish(by=by, appraisal=appraisal), "评议结果已发布"),
            "veto": (veto, "已一票否决"),
            "veto-rules": (lambda: services.appraisal_apply_veto_rules(by=by, appraisal=appraisal), "已按一票否决规则核对过错记录"),
            "draw": (
                lambda: services.appraisal_draw_sample(
                    by=by,
                    appraisal=appraisal,
                    per_unit=params.integer(p.get("per_unit"), "每单位抽取数", low=1, high=1000, default=10),
                    seed=p.get("seed") or None,
                ),
                "已抽取电话样本",
            ),
        },
    )
    return redirect("evaluation:appraisal", appraisal.pk)


@staff_required
def ratings(request):
    user = request.user
    group = request.GET.get("group") if request.GET.get("group") in selectors.GROUPS else "department"
    scope = access.rating_scope(user)
    return render(
        request,
        "evaluation/ratings.html",
        {
            "group": group,
            "groups": [("department", "部门"), ("window", "窗口"), ("person", "个人")],
            "results": selectors.rating_results(group=group, scope=scope),
            "rectifications": page(request, selectors.rectifications(access.rating_scope(user))),
            "appeals": Appeal.objects.filter(status="pending").select_related("rating", "department") if access.access_decide_appeal(user) else [],
            "recent": Rating.objects.filter(scope).select_related("department").order_by("-rated_at")[:20],
            "show_details": access.access_rating_details(user),
        },
    )


@staff_required
def rating_tablet(request):
    """窗口评价器: the window opens the page for the person in front of it, who taps a level."""
    subject_type = request.GET.get("type") or request.POST.get("type") or "application"
    number = (request.GET.get("number") or request.POST.get("number") or "").strip()
    done = None
    if request.method == "POST":
        p = request.POST
        done = attempt(
            request,
            lambda: services.rating_submit(
                by=request.user,
                subject_type=subject_type,
                subject=number,
                level=p.get("level"),
                channel="tablet",
                comment=p.get("comment", ""),
                terminal=p.get("terminal", ""),
            ),
            "感谢您的评价",
        )
    return render(request, "evaluation/tablet.html", {"type": subject_type, "number": number, "levels": Level.choices, "done": done})


def _rectification(request, rectification_id: int) -> Rectification:
    rect = get_object_or_404(Rectification.objects.select_related("rating", "department", "clock", "callback_clock"), pk=rectification_id)
    return rect


@staff_required
def rectification(request, rectification_id: int):
    rect = _rectification(request, rectification_id)
    user = request.user
    if not (access.access_handle_rectification(user, rect) or access.access_rating_details(user)):
        return HttpResponseForbidden("您没有查看该整改单的权限")
    return render(
        request,
        "evaluation/rectification.html",
        {
            "rect": rect,
            "rating": rect.rating,
            "appeal": Appeal.objects.filter(rating=rect.rating).first(),
            "can_handle": access.access_handle_rectification(user, rect),
            "can_appeal": access.access_file_appeal(user, rect.rating),
            "can_decide": access.access_decide_appeal(user),
            "levels": Level.choices,
            "grounds": AppealGrounds.choices,
            "show_details": access.access_rating_details(user),
        },
    )


@staff_required
@require_POST
def rectification_act(request, rectification_id: int, action: str):
    rect = _rectification(request, rectification_id)
    by, p = request.user, request.POST
    follow_up = params.integer(p.get("follow_up_level"), "追评", low=1, high=5)
    act(
        request,
        action,
        {
            "verify": (
                lambda: services.rectification_verify(by=by, rectification=rect, substantiated=p.get("substantiated") == "yes", findings=p.get("findings", "")),
                "已核实",
            ),
            "rectify": (lambda: services.rectification_rectify(by=by, rectification=rect, measures=p.get("measures", "")), "已整改，请在期限内回访"),
            "callback": (
                lambda: services.rectification_callback(
                    by=by,
                    rectification=rect,
                    reached=p.get("reached") != "no",
                    note=p.get("note", ""),
                    follow_up_level=follow_up,
                    follow_up_comment=p.get("follow_up_comment", ""),
                ),
                "已回访",
            ),
            "appeal": (
                lambda: services.appeal_file(
                    by=by, rating=rect.rating, grounds=p.get("grounds", ""), reason=p.get("reason", ""), evidence=p.get("evidence", "")
                ),
                "已提交申诉",
            ),
        },
    )
    return redirect("evaluation:rectification", rect.pk)


@staff_required
@require_POST
def appeal_decide(request, appeal_id: int):
    appeal = get_object_or_404(Appeal.objects.select_related("rating"), pk=appeal_id)
    attempt(
        request,
        lambda: services.appeal_decide(by=request.user, appeal=appeal, upheld=request.POST.get("upheld") == "yes", note=request.POST.get("note", "")),
        "已复核",
    )
    rect = Rectification.objects.filter(rating=appeal.rating).first()
    return redirect("evaluation:rectification", rect.pk) if rect else redirect("evaluation:ratings")


@staff_required
def commitments(request):
    user = request.user
    if request.method == "POST":
        p = request.POST

        def create():
            owner = params.staff(p.get("owner"))
            if owner is None:
                from xiaoneng.core.codes import Error
                from xiaoneng.core.errors import InvalidInput

                raise InvalidInput("请选择责任人", code=Error.UNKNOWN_PERSON)
            reviews = [params.date(d, "回头看日期") for d in p.get("reviews", "").split() if d]
            return services.commitment_create(
                by=user,
                text=p.get("text", ""),
                made_to=p.get("made_to", ""),
                owner=owner,
                made_on=params.date(p.get("made_on"), "承诺日期", required=True),
                deadline=params.date(p.get("deadline"), "兑现期限", required=True),
                reviews=reviews,
            )

        if attempt(request, create, "承诺已登记"):
            return redirect("evaluation:commitments")
    departments = list(department_choices())
    return render(
        request,
        "evaluation/commitments.html",
        {
            "commitments": page(request, selectors.commitments()),
            "can_review": access.access_review_commitment(user),
            "departments": departments,
            "people": people_in(user, departments[0] if departments else None),
        },
    )


@staff_required
@require_POST
def commitment_act(request, commitment_id: int, action: str):
    commitment = get_object_or_404(Commitment.objects.select_related("owner", "department", "clock"), pk=commitment_id)
    by, p = request.user, request.POST

    def review():
        found = get_object_or_404(CommitmentReview, pk=params.integer(p.get("review"), "回头看", low=1), commitment=commitment)
        return services.commitment_review(by=by, review=found, finding=p.get("finding", ""))

    act(
        request,
        action,
        {
            "fulfil": (
                lambda: services.commitment_fulfil(by=by, commitment=commitment, fulfilled=p.get("fulfilled") != "no", evidence=p.get("evidence", "")),
                "已登记兑现情况",
            ),
            "review": (review, "已登记回头看情况"),
        },
    )
    return redirect("evaluation:commitments")


@staff_required
def policies(request):
    claims = BenefitClaim.objects.select_related("benefit__policy", "department", "approval_clock", "payment_clock").order_by("-submitted_at")
    return render(
        request,
        "evaluation/policies.html",
        {"policies": selectors.policies(), "claims": page(request, claims), "on_time": selectors.delivery_on_time()},
    )


@staff_required
@require_POST
def claim_act(request, claim_id: int, action: str):
    claim = get_object_or_404(BenefitClaim.objects.select_related("benefit__policy", "approval_clock", "payment_clock"), pk=claim_id)
    by, note = request.user, request.POST.get("note", "")
    act(
        request,
        action,
        {
            "approve": (lambda: services.claim_approve(by=by, claim=claim, note=note), "审核通过"),
            "reject": (lambda: services.claim_reject(by=by, claim=claim, note=note), "已不予兑现"),
            "pay": (lambda: services.claim_pay(by=by, claim=claim), "已拨付"),
        },
    )
    return redirect("evaluation:policies")
