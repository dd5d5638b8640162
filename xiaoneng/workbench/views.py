"""The staff shell: home page and the working-day calendar page.  Views parse input, call one
service or selector, and render."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.clocks import registry as clock_registry
from xiaoneng.clocks import selectors as clocks
from xiaoneng.core import clock
from xiaoneng.core.codes import Error
from xiaoneng.core.errors import InvalidInput, outcome
from xiaoneng.org.access import ALL_DEPARTMENTS_ROLES, access_manage_calendar, has_role
from xiaoneng.web import params
from xiaoneng.web.pages import attempt, staff_required
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workdays import services as workday_services

from . import selectors
from .access import access_cockpit
from .cockpit import cockpit


@staff_required
def cockpit_page(request):
    if not access_cockpit(request.user):
        return HttpResponseForbidden("领导驾驶舱仅供领导和效能办使用。")
    return render(request, "workbench/cockpit.html", cockpit(request.user))


@staff_required
def home(request):
    today, now = clock.today(), clock.now()
    cal = workdays.calendar()
    tab = request.GET.get("tab") if request.GET.get("tab") in selectors.TABS else "todo"
    counts = clocks.open_clock_counts_for(request.user)
    deadlines, entries = [], []
    if tab == "todo":
        deadlines = clock_registry.named(clocks.open_clocks_for(request.user, limit=20))
        for c in deadlines:
            c.overdue = c.due_at <= now
            c.remaining = cal.working_days_between(today, c.due_on) if c.due_on else None
            c.kind_label = clock_registry.kind_label(c.kind)
            c.url = clock_registry.subject_url(c.subject_type, c.subject_id)
    else:
        entries = (selectors.done_by if tab == "done" else selectors.initiated_by)(request.user)
    return render(
        request,
        "workbench/home.html",
        {
            "today": today,
            "today_working": cal.is_working_day(today),
            "tab": tab,
            "tabs": [
                (key, label, n) for (key, label), n in zip(selectors.TABS.items(), selectors.tab_counts(request.user, counts["open"]).values(), strict=True)
            ],
            "deadlines": deadlines,
            "entries": entries,
            "done_days": selectors.DONE_DAYS,
            "counts": counts,
            "scope_label": "全市" if has_role(request.user, *ALL_DEPARTMENTS_ROLES) else "本部门及本人",
        },
    )


def _year_context(year: int) -> dict:
    cal = workdays.calendar()
    days = list(workdays.days_of_year(year))
    return {
        "year": year,
        "holidays": [d for d in days if d.kind == "holiday"],
        "workdays": [d for d in days if d.kind == "workday"],
        "published": year in cal.published_years,
        "published_through": cal.last_published_year,
        "working_days_in_year": cal.working_days_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31)),
    }


@staff_required
def calendar_page(request):
    year = attempt(request, lambda: params.integer(request.GET.get("year"), "年份", low=1990, high=2100)) or clock.today().year
    context = _year_context(year) | {"can_manage": access_manage_calendar(request.user), "today": clock.today()}
    return render(request, "workbench/calendar.html", context)


@staff_required
def calendar_compute(request):
    """htmx: add N working days to a date and show how the result was reached."""
    result, error = outcome(
        lambda: workdays.calendar().add_working_days(
            params.date(request.GET.get("start"), "起算日期", required=True),
            params.integer(request.GET.get("days"), "工作日数", low=0, high=1000, required=True),
        )
    )
    return render(request, "workbench/_compute_result.html", {"error": error and error.message, "result": result})


@staff_required
@require_POST
def calendar_import(request):
    upload = request.FILES.get("file")
    year = attempt(request, lambda: params.integer(request.POST.get("year"), "年份", required=True))

    def load():
        if upload is None:
            raise InvalidInput("请选择要导入的 CSV 或 JSON 文件", code=Error.MISSING_FILE)
        if upload.size > 1_000_000:
            raise InvalidInput("文件过大（不超过 1MB）", code=Error.FILE_TOO_LARGE)
        days = workday_services.parse_schedule(upload.read(), filename=upload.name)
        source = request.POST.get("source", "").strip() or upload.name
        return workday_services.calendar_load_year(by=request.user, year=year, days=days, source=source, local=bool(request.POST.get("local")))

    if year is None:
        year = clock.today().year
    else:
        attempt(request, load, lambda result: f"已载入 {year} 年安排：{result['days']} 天，变化 {result['changed']} 天；受影响的期限正在重新计算。")
    return redirect(f"{request.path.replace('import/', '')}?year={year}")
