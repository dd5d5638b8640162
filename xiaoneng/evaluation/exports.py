"""The campaign's result as a workbook for the cadre assessment (干部考核): one row per unit with
its score, interval, rank range, band, veto and bottom mark, and a sheet saying how it was
computed (as of when, with which configuration)."""

from __future__ import annotations

import io

from xiaoneng.core import clock

from . import selectors
from .models.appraisals import Appraisal
from .rules import rank_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["单位", "部门编码", "类别", "有效票数", "办事群众票数", "得分", "95%区间下限", "95%区间上限", "名次", "等次", "一票否决", "否决理由", "末位单位"]


def cadre_workbook(appraisal: Appraisal) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    ranking = selectors.ranking(appraisal)
    book = Workbook()
    sheet = book.active
    sheet.title = "评议结果"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in ranking.rows:
        sheet.append(
            [
                r["name"],
                r["unit"],
                r["category"],
                r["n"],
                r["served_n"],
                r["score"],
                r["ci_low"],
                r["ci_high"],
                rank_label(r),
                r["band"] or "—",
                "是" if r["vetoed"] else "否",
                r["veto_reason"],
                "是" if r["bottom"] else "否",
            ]
        )
    for column, width in zip("ABCDEFGHIJKLM", (28, 14, 12, 10, 12, 10, 12, 12, 14, 12, 10, 40, 10), strict=True):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet("计算说明")
    as_of = clock.local(ranking.as_of)
    for row in (
        ["评议活动", appraisal.name],
        ["数据截至", f"{clock.format_cn(as_of.date())} {as_of:%H:%M}"],
        ["状态", appraisal.get_status_display()],
        ["最小样本量", appraisal.min_sample],
        ["等次", "；".join(f"{b['name']} ≥ {b['min']:g}" for b in appraisal.bands)],
        ["指标及权重", "；".join(f"{i.name}（{i.code}）{i.weight:g}" for i in appraisal.indicators.all())],
        ["评议方式及权重", "；".join(f"{i.get_kind_display()} {i.weight:g}" for i in appraisal.instruments.all()) or "所有票等权合并"],
        ["区间方法", "加权得分 ± t(自由度)×标准误，标准差不小于全活动合并标准差；区间重叠的单位并列"],
        ["末位", f"每类最多 {appraisal.bottom_count} 个，得分低于 {appraisal.bottom_below:g} 且确定位于末位；一票否决的单位列为末位"],
    ):
        notes.append(row)
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
