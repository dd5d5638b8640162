"""The funnel plot of a ranking, drawn with the shared SVG charts (``xiaoneng.web.charts``),
with its description for screen readers."""

from __future__ import annotations

from xiaoneng.web.charts import FunnelPoint, funnel_svg

from . import stats
from .scoring import Ranking


def _within(point: FunnelPoint, ranking: Ranking) -> bool:
    low, high = stats.funnel_limits(ranking.target, ranking.sd, point.n, stats.Z95)
    return low <= point.value <= high


def funnel_for(ranking: Ranking):
    points = [
        FunnelPoint(r["name"], r["n"], r["score"], "vetoed" if r["vetoed"] else ("" if r["ranked"] else "insufficient"))
        for r in ranking.rows
        if r["score"] is not None
    ]
    if not points or ranking.target is None:
        return None
    outside = [p.label for p in points if p.mark != "insufficient" and not _within(p, ranking)]
    description = (
        f"漏斗图：横轴为各单位有效票数，纵轴为得分。中线为全部参评单位的平均水平 {ranking.target:.1f} 分，"
        f"两侧虚线为 95% 和 99.8% 控制限，样本越少控制限越宽。"
        + (f"落在 95% 控制限以外的单位：{'、'.join(outside)}。" if outside else "所有单位都在 95% 控制限以内，差异可能来自抽样波动。")
        + "各单位的具体数值见下表。"
    )
    return funnel_svg(
        points,
        target=ranking.target,
        sd=ranking.sd or 1.0,
        title=f"{ranking.appraisal.name}漏斗图",
        description=description,
        x_label="有效票数",
        y_label="得分",
    )
