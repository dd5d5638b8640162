from django.http import Http404
from django.shortcuts import render

from xiaoneng.core import clock
from xiaoneng.web import params
from xiaoneng.web.charts import svg
from xiaoneng.web.pages import download, shown
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workorders import charts, stats

from . import opendata

COMPARED = ("answered_on_time_rate", "satisfaction_rate")


def home(request):
    today = clock.today()
    return render(request, "portal/home.html", {"today": today, "today_working": workdays.calendar().is_working_day(today)})


def statistics(request):
    """公开统计: one month's figures per department, the city's trend, the comparisons."""
    month = shown(lambda: params.month(request.GET.get("month")))
    report = stats.public_report_now(month)
    label = f"{month:%Y}年{month.month}月"
    figures = [charts.trend(report["trend"], title="全市诉求工单主要指标月度趋势")]
    figures.append(charts.comparison(report["departments"], COMPARED[0], title=charts.COMPARISON_TITLE.format(month=label), ident="compare-answered"))
    figures.append(charts.comparison(report["departments"], COMPARED[1], title=f"{label}诉求工单满意率（分部门，横线为95%区间）", ident="compare-satisfied"))
    return render(
        request,
        "portal/stats.html",
        {
            "report": report,
            "month_label": label,
            "month": month,
            "figures": [(f, svg(f)) for f in figures],
            "rate_labels": [label for _, label, _, _ in stats.RATES],
            "rate_keys": [key for key, _, _, _ in stats.RATES],
        },
    )


def open_data(request):
    return render(request, "portal/opendata.html", {"datasets": opendata.datasets().values(), "licence": opendata.licence(), "threshold": stats.threshold()})


def open_data_file(request, name: str, fmt: str):
    dataset = opendata.datasets().get(name)
    if dataset is None or fmt not in opendata.FORMATS:
        raise Http404("没有这个数据集")
    content_type, write = opendata.FORMATS[fmt]
    return download(write(dataset), content_type, opendata.file_name(dataset, fmt))
