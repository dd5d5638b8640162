"""The work-order statistics as charts, one function per figure: the public statistics page
draws them as SVG and the monthly bulletin (through the ``supervision.bulletin_charts``
hook) draws the same figure in its PDF."""

from __future__ import annotations

import datetime as dt

from xiaoneng.web.charts import Chart, Series

from . import stats

TREND_RATES = ("answered_on_time_rate", "resolution_rate", "satisfaction_rate")
LABELS = {key: label for key, label, _, _ in stats.RATES}


def comparison(rows: list[dict], key: str, *, title: str, ident: str = "compare") -> Chart:
    """One rate across departments (rows as :func:`stats.published` gives them) with its
    Wilson 95 % interval; "无办件" or "样本不足" where the rate is not given."""
    rows = [r for r in rows if r.get("dispatched", True)]
    rates = [r["rates"][key] for r in rows]
    counted = [r for r in rates if r["value"] is not None]
    description = f"{title}：共 {len(rows)} 个部门，{len(counted)} 个有足够办件计算此率"
    if counted:
        description += f"，最低 {min(r['value'] for r in counted)}%，最高 {max(r['value'] for r in counted)}%；横线为95%区间，办件少的部门区间较宽。"
    return Chart(
        title=title,
        description=description + ("" if counted else "。"),
        categories=[r["department"] for r in rows],
        series=[Series(LABELS[key], [r["value"] for r in rates], [(r["low"], r["high"]) for r in rates], [r["status_label"] for r in rates])],
        unit="%",
        y_max=100,
        ident=ident,
    )


def trend(months: list[dict], *, title: str, ident: str = "trend") -> Chart:
    """The city's rates month by month (published totals, oldest first)."""
    labels = [m["month"] for m in months]
    series = [Series(LABELS[key], [m["rates"][key]["value"] for m in months]) for key in TREND_RATES]
    span = f"{labels[0]} 至 {labels[-1]}" if labels else "暂无数据"
    latest = ""
    if months:
        latest = "；最近一月" + "，".join(f"{LABELS[k]} {_said(months[-1]['rates'][k])}" for k in TREND_RATES)
    return Chart(
        title=title,
        description=f"{title}：{span}各月{'、'.join(LABELS[k] for k in TREND_RATES)}{latest}。",
        categories=labels,
        series=series,
        unit="%",
        y_max=100,
        ident=ident,
        kind="line",
    )


def _said(rate: dict) -> str:
    return f"{rate['value']}%" if rate["value"] is not None else rate["status_label"]


def bulletin_chart(month: dt.date, as_of: dt.datetime) -> dict:
    """For the monthly bulletin: the month's 按期办结率 by department, the public page's figure."""
    rows, _ = stats.department_figures(start=month.replace(day=1), end=stats.month_end(month), as_of=as_of)
    shown = stats.published_rows(rows, minimum=stats.threshold())
    return comparison(shown, "answered_on_time_rate", title=COMPARISON_TITLE.format(month=f"{month:%Y}年{month.month}月")).as_dict()


COMPARISON_TITLE = "{month}诉求工单按期办结率（分部门，横线为95%区间）"
