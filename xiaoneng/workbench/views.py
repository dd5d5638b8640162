"""The staff shell: home page and the working-day calendar page.  Views parse input, call one
service or selector, and render."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.clocks import registry as clock_registry
from xiaoneng.clocks import selectors as clocks
from xiaoneng.core import clock
from xiaoneng.core.errors import DomainError
from xiaoneng.org.access import ALL_DEPARTMENTS_ROLES, access_manage_calendar, access_workbench, has_role
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workdays import services as workday_services


def staff_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access_workbench(request.user):
            return HttpResponseForbidden("您的账号不是工作人员账号，无权访问工作台。")
        return view(request, *args, **kwargs)

    return wrapped


@staff_required
def home(request):
    today, now = clock.today(), clock.now()
    cal = workdays.calendar()
    deadlines = clocks.open_clocks_for(request.user, limit=20)
    for c in deadlines:
        c.overdue = c.due_at <= now
        c.remaining = cal.working_days_between(today, c.due_on) if c.due_on else None
        c.kind_label = clock_registry.kind_label(c.kind)
        c.subject_label = clock_registry.subject_label(c.subject_type)
        c.url = clock_registry.subject_url(c.subject_type, c.subject_id)
    return render(
        request,
        "workbench/home.html",
        {
            "today": today,
            "today_working": cal.is_working_day(today),
            "deadlines": deadlines,
            "counts": clocks.open_clock_counts_for(request.user),
            "scope_label": "全市" if has_role(request.user, *ALL_DEPARTMENTS_ROLES) else "本部门",
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
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    year = min(max(year, 1990), 2100)
    context = _year_context(year) | {"can_manage": access_manage_calendar(request.user), "today": clock.today()}
    return render(request, "workbench/calendar.html", context)


@staff_required
def calendar_compute(request):
    """htmx: add N working days to a date and show how the result was reached."""
    error, result = None, None
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
        days = int(request.GET.get("days", ""))
        if not 0 <= days <= 1000:
            raise ValueError
        result = workdays.calendar().add_working_days(start, days)
    except (ValueError, OverflowError):
        error = "请输入有效的起算日期和 0–1000 之间的工作日数。"
    return render(request, "workbench/_compute_result.html", {"error": error, "result": result})


@staff_required
@require_POST
def calendar_import(request):
    upload = request.FILES.get("file")
    try:
        year = int(request.POST.get("year", ""))
        if upload is None:
            raise DomainError("请选择要导入的 CSV 或 JSON 文件", code="missing_file")
        if upload.size > 1_000_000:
            raise DomainError("文件过大（不超过 1MB）", code="file_too_large")
        days = workday_services.parse_schedule(upload.read(), filename=upload.name)
        result = workday_services.calendar_load_year(
            by=request.user, year=year, days=days, source=request.POST.get("source", "").strip() or upload.name, local=bool(request.POST.get("local"))
        )
        messages.success(request, f"已载入 {year} 年安排：{result['days']} 天，变化 {result['changed']} 天；受影响的期限正在重新计算。")
    except ValueError:
        messages.error(request, "请填写年份")
        year = clock.today().year
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{request.path.replace('import/', '')}?year={year}")
