"""The work-order statistics as charts, one function per figure: the public statistics page
draws them as SVG and the monthly bulletin (through the ``supervision.bulletin_charts``
hook) draws the same figure in its PDF."""

from __future__ import annotations

import datetime as dt

from xiaoneng.web.charts import Chart, Series

from . import stats

TREND_RATES = ("answered_on_time_rate", "resolution_rate", "satisfaction_rate")
LABELS = {key: label for key, label, _, _ in stats.RATES}


def comparison(rows: list[stats.Figures], key: str, *, title: str, ident: str = "compare") -> Chart:
    """One rate across departments with its Wilson 95 % interval; "无办件" where a department
    had nothing that rate counts."""
    rows = [r for r in rows if r.department_id is not None]
    rates = [next(rate for rate in r.rates() if rate.key == key) for r in rows]
    counted = [r for r in rates if r.value is not None]
    fewest = min((r.denominator for r in counted), default=0)
    description = (
        f"{title}：共 {len(rows)} 个部门，{len(counted)} 个有可计的办件"
        + (f"，最低 {min(r.value for r in counted)}%，最高 {max(r.value for r in counted)}%" if counted else "")
        + (f"；样本最少的部门仅 {fewest} 件，区间较宽，比较时请看区间。" if counted else "。")
    )
    return Chart(
        title=title,
        description=description,
        categories=[r.department for r in rows],
        series=[Series(LABELS[key], [r.value for r in rates], [r.interval for r in rates])],
        unit="%",
        y_max=100,
        ident=ident,
    )


def trend(monthly: list[tuple[dt.date, stats.Figures]], *, title: str, ident: str = "trend") -> Chart:
    """The city's rates month by month."""
    months = [f"{m:%Y-%m}" for m, _ in monthly]
    series = [Series(LABELS[key], [getattr(figures, key) for _, figures in monthly]) for key in TREND_RATES]
    latest = monthly[-1][1] if monthly else None
    described = (
        "，".join(
            f"{LABELS[k]} {getattr(latest, k) if getattr(latest, k) is not None else '无办件'}{'%' if getattr(latest, k) is not None else ''}"
            for k in TREND_RATES
        )
        if latest
        else ""
    )
    return Chart(
        title=title,
        description=f"{title}：{months[0] if months else ''} 至 {months[-1] if months else ''} 各月{'、'.join(LABELS[k] for k in TREND_RATES)}；最近一月{described}。",
        categories=months,
        series=series,
        unit="%",
        y_max=100,
        ident=ident,
        kind="line",
    )


def bulletin_chart(month: dt.date, as_of: dt.datetime) -> dict:
    """For the monthly bulletin: the month's 按期办结率 by department, as stored data."""
    rows, _ = stats.department_figures(start=month.replace(day=1), end=stats.month_end(month), as_of=as_of)
    return comparison(rows, "answered_on_time_rate", title=f"{month:%Y}年{month.month}月诉求工单按期办结率（分部门，含95%区间）").as_dict()
