"""Catalogue pages: the public guide (search, item detail, fee list) and the administrators'
maintenance pages (form, versions, Excel import/export, enterprise fee list)."""

from __future__ import annotations

from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.catalogue.access import access_manage_catalogue, access_see_withdrawn_items
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import InvalidInput, outcome
from xiaoneng.org.models import Department
from xiaoneng.web import params
from xiaoneng.web.pages import attempt, page, staff_required

from . import excel, selectors, services
from .api import workbook_response
from .forms import ItemForm
from .models import EnterpriseFeeKind, ItemKind

PAGE_SIZE = 30


def _search_context(request, *, include_withdrawn: bool) -> dict:
    q, department, kind = (request.GET.get(k, "").strip() for k in ("q", "department", "kind"))
    rows = selectors.items(q=q, department=department, kind=kind, include_withdrawn=include_withdrawn)
    departments = Department.objects.filter(service_item_versions__isnull=False).distinct().order_by("sort_order", "id")
    return {"page": page(request, rows, PAGE_SIZE), "q": q, "department": department, "kind": kind, "kinds": ItemKind.choices, "departments": departments}


def public_list(request):
    context = _search_context(request, include_withdrawn=False)
    template = "catalogue/_public_rows.html" if request.htmx else "catalogue/public_list.html"
    return render(request, template, context)


def public_detail(request, code: str):
    item = selectors.item_by_code(code, include_withdrawn=access_see_withdrawn_items(request.user))
    number, _ = outcome(lambda: params.integer(request.GET.get("version"), "版本", low=1))  # a bad one shows the current version
    version = selectors.version_detail(item, number) if item else None
    if version is None:
        raise Http404("事项不存在")
    return render(request, "catalogue/public_detail.html", {"item": item, "version": version, "is_current": version.pk == item.current_id})


def public_fees(request):
    fees = selectors.enterprise_fees()
    return render(request, "catalogue/public_fees.html", {"fees": fees, "kinds": EnterpriseFeeKind.choices})


@staff_required
def staff_list(request):
    context = _search_context(request, include_withdrawn=True) | {"can_manage": access_manage_catalogue(request.user)}
    return render(request, "catalogue/_staff_rows.html" if request.htmx else "catalogue/staff_list.html", context)


def _manager_only(view):
    @staff_required
    def wrapped(request, *args, **kwargs):
        if not access_manage_catalogue(request.user):
            return HttpResponseForbidden("只有系统管理员可以维护事项清单。")
        return view(request, *args, **kwargs)

    return wrapped


def _save(by, item, spec, problems: list[str], change_note: str) -> str:
    """Publish a new item or a new version of ``item``; what the page then says."""
    if problems:
        raise InvalidInput("；".join(problems))
    if item is None:
        services.item_create(by=by, spec=spec, change_note=change_note)
        return f"事项 {spec.code} 已发布（第1版）。"
    version, changed = services.item_revise(by=by, item=item, spec=spec, change_note=change_note)
    return f"已发布第{version.number}版。" if changed else "内容没有变化，未生成新版本。"


@_manager_only
def item_form(request, code: str | None = None):
    item = selectors.item_by_code(code, include_withdrawn=True) if code else None
    if code and item is None:
        raise Http404("事项不存在")
    if request.method == "POST":
        form = ItemForm(request.POST)
        if form.is_valid():
            spec, problems = form.spec()
            saved = attempt(request, lambda: _save(request.user, item, spec, problems, form.cleaned_data["change_note"]), lambda said: said, form=form)
            if saved:
                return redirect("catalogue:item", code=spec.code)
    else:
        form = ItemForm(initial=ItemForm.initial_from(selectors.spec_of(selectors.version_detail(item))) if item else {"kind": ItemKind.LICENCE})
    if item is not None:
        form.fields["code"].disabled = True
    return render(request, "catalogue/form.html", {"form": form, "item": item})


@staff_required
def item_versions(request, code: str):
    item = selectors.item_by_code(code, include_withdrawn=True)
    if item is None:
        raise Http404("事项不存在")
    versions = item.versions.select_related("department", "created_by").order_by("-number")
    return render(request, "catalogue/versions.html", {"item": item, "versions": versions, "can_manage": access_manage_catalogue(request.user)})


@_manager_only
@require_POST
def item_publication(request, code: str):
    item = selectors.item_by_code(code, include_withdrawn=True)
    if item is None:
        raise Http404("事项不存在")
    publish = request.POST.get("publish") == "1"
    attempt(
        request,
        lambda: services.item_set_published(by=request.user, item=item, published=publish, reason=request.POST.get("reason", "")),
        "事项已恢复办理。" if publish else "事项已停止办理；已收件的办件继续按原版本办结。",
    )
    return redirect("catalogue:item", code=code)


@staff_required
def export(request):
    return workbook_response()


@_manager_only
@require_POST
def import_workbook(request):
    upload = request.FILES.get("file")

    def run():
        if upload is None:
            raise InvalidInput("请选择要导入的 Excel 文件", code=Shared.MISSING_FILE)
        rows, errors = excel.read_workbook(upload.read(excel.MAX_BYTES + 1))
        return services.catalogue_import(by=request.user, rows=rows, read_errors=errors)

    attempt(request, run, lambda r: f"导入完成：新增 {len(r['created'])} 项，生成新版本 {len(r['revised'])} 项，未变化 {len(r['unchanged'])} 项。")
    return redirect("catalogue:list")


@_manager_only
def enterprise_fees(request):
    if request.method == "POST":
        fields = {k: request.POST.get(k, "").strip() for k in ("code", "name", "kind", "department", "standard", "legal_basis")}
        if attempt(request, lambda: services.enterprise_fee_save(by=request.user, active=request.POST.get("active") == "1", **fields), "涉企收费清单已更新。"):
            return redirect("catalogue:enterprise_fees")
    context = {
        "fees": selectors.enterprise_fees(include_inactive=True),
        "kinds": EnterpriseFeeKind.choices,
        "departments": Department.objects.filter(is_active=True).order_by("path"),
        "posted": request.POST,
    }
    return render(request, "catalogue/enterprise_fees.html", context)
