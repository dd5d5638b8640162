"""Monthly bulletins (月度效能监察通报): per department, the warnings by level that came into
force in the month, the faults recorded and verified, and the sanctions decided — what stood
at the end of the month as known at a moment ``as_of`` (a card withdrawn or a fault revoked
on appeal by then is not counted) — in Excel and PDF.  The PDF draws the month's charts: the
warnings by department, and what other domains add through the ``supervision.bulletin_charts``
hook (work orders: 按期办结率 by department, the figure of the public statistics page)."""

from __future__ import annotations

import datetime as dt
import io

from django.db.models import Count, Q

from xiaoneng.accountability.models import Fault, FaultStatus, Sanction, SanctionStatus
from xiaoneng.clocks import registry as clock_registry
from xiaoneng.core import clock, hooks
from xiaoneng.core.errors import InvalidInput
from xiaoneng.org.models import Department
from xiaoneng.supervision.codes import Error
from xiaoneng.web.charts import Chart, Series, drawing
from xiaoneng.web.fonts import cjk_font

from .documents import office_name, paragraphs, render, table, text_width
from .models import Level, Warning
from .selectors import kind_name

COLUMNS = [
    ("department", "部门"),
    (Level.NOTICE, "临期预警"),
    (Level.YELLOW, "黄牌"),
    (Level.RED, "红牌"),
    ("faults", "过错线索"),
    ("verified", "认定过错"),
    ("sanctions", "责任追究"),
]
DETAIL_LIMIT = 500
CHART_DEPARTMENTS = 15  # the most warned departments; the table lists all


def warnings_chart(data: dict) -> Chart:
    """临期预警, 黄牌 and 红牌 by department: the bulletin's first figure."""
    rows = [r for r in data["rows"] if r[Level.NOTICE] or r[Level.YELLOW] or r[Level.RED]][:CHART_DEPARTMENTS]
    levels = [(Level.NOTICE, "临期预警"), (Level.YELLOW, "黄牌"), (Level.RED, "红牌")]
    t = data["totals"]
    return Chart(
        title=f"{data['title']}：分部门预警",
        description=f"本月临期预警 {t[Level.NOTICE]} 件、黄牌 {t[Level.YELLOW]} 件、红牌 {t[Level.RED]} 件，按红牌、黄牌多少列出预警最多的 {len(rows)} 个部门。",
        categories=[r["department"] for r in rows],
        series=[Series(label, [r[level] for r in rows]) for level, label in levels],
        unit="件",
        ident="bulletin-warnings",
    )


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return clock.start_of_day(first), clock.start_of_day(following)


def as_of_day(data: dict) -> str:
    """The day the bulletin's figures stand at, as documents write it (2026年12月3日)."""
    return clock.format_cn(clock.local(dt.datetime.fromisoformat(data["as_of"])).date())


def figures(month: dt.date, as_of: dt.datetime) -> dict:
    """Everything a bulletin shows, as plain JSON-able data (stored when it is issued)."""
    start, end = month_bounds(month)
    upto = min(end, as_of)
    # What stood at the end of the period as known at ``as_of``: cards not withdrawn by then,
    # faults verified in the period and neither revoked on appeal nor withdrawn by then.
    warnings = Warning.objects.filter(effective_at__gte=start, effective_at__lt=upto, issued_at__lte=as_of).exclude(withdrawn_at__lte=as_of)
    faults = Fault.objects.filter(recorded_at__gte=start, recorded_at__lt=upto).exclude(status=FaultStatus.WITHDRAWN, revoked_at__lte=as_of)
    standing = Q(status=FaultStatus.VERIFIED) | Q(status__in=[FaultStatus.REVOKED, FaultStatus.WITHDRAWN], revoked_at__gt=as_of)
    verified = standing & Q(decided_at__lt=upto)
    sanctions = Sanction.objects.filter(decided_at__gte=start, decided_at__lt=upto).exclude(status=SanctionStatus.PROPOSED)
    rows: dict[int | None, dict] = {}

    def add(qs, **aggregates):
        for r in qs.values("department_id").annotate(**aggregates).order_by():
            rows.setdefault(r.pop("department_id"), {}).update(r)

    add(warnings, **{level: Count("id", filter=Q(level=level)) for level in Level.values})
    add(faults, faults=Count("id"), verified=Count("id", filter=verified))
    add(sanctions, sanctions=Count("id"))
    names = dict(Department.objects.filter(pk__in=[k for k in rows if k]).values_list("pk", "name"))
    table_rows = [{key: row.get(key, 0) for key, _ in COLUMNS[1:]} | {"department": names.get(pk, "未指定部门")} for pk, row in rows.items()]
    table_rows.sort(key=lambda r: (-r[Level.RED], -r[Level.YELLOW], -r["verified"], r["department"]))
    totals = {key: sum(r[key] for r in table_rows) for key, _ in COLUMNS[1:]}
    reds = list(warnings.filter(level=Level.RED).select_related("department", "responsible__staff").order_by("effective_at", "id")[:DETAIL_LIMIT])
    cases = clock_registry.subject_names((w.subject_type, w.subject_id) for w in reds)
    decided = sanctions.select_related("person", "department", "fault").order_by("decided_at", "id")[:DETAIL_LIMIT]
    charts = [hook(month, as_of) for hook in hooks.get_hooks("supervision.bulletin_charts")]
    return {
        "charts": charts,
        "title": f"{month:%Y}年{month.month}月效能监察通报",
        "month": f"{month:%Y-%m}",
        "as_of": as_of.isoformat(),
        "period": [clock.format_cn(start.date()), clock.format_cn((end - dt.timedelta(days=1)).date())],
        "rows": table_rows,
        "totals": totals,
        "red_cards": [
            {
                "department": w.department.name if w.department_id else "未指定部门",
                "case": cases[(w.subject_type, str(w.subject_id))],
                "step": kind_name(w.clock_kind),
                "date": clock.format_cn(clock.local(w.effective_at).date()),
                "responsible": getattr(getattr(w.responsible, "staff", None), "name", "") if w.responsible_id else "",
            }
            for w in reds
        ],
        "sanctions": [
            {
                "person": s.person.name,
                "department": s.department.name,
                "measure": s.get_measure_display(),
                "fault": f"{s.fault.number} {s.fault.description[:80]}",
                "date": clock.format_cn(clock.local(s.decided_at).date()),
                "status": s.get_status_display(),
            }
            for s in decided
        ],
    }


def _intro(data: dict) -> str:
    t = data["totals"]
    return (
        f"{data['period'][0]}至{data['period'][1]}，电子监察共发出临期预警 {t[Level.NOTICE]} 件、黄牌 {t[Level.YELLOW]} 件、红牌 {t[Level.RED]} 件；"
        f"登记行政过错线索 {t['faults']} 件，认定 {t['verified']} 件；作出责任追究决定 {t['sanctions']} 件。现将有关情况通报如下。"
    )


def as_excel(data: dict) -> bytes:
    # openpyxl and ReportLab are loaded by the download that needs them, not by every worker.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "分部门汇总"
    ws.append([data["title"]])
    ws.append([f"{office_name()} · 数据截至 {as_of_day(data)}"])
    ws.append([label for _, label in COLUMNS])
    for row in data["rows"]:
        ws.append([row[key] for key, _ in COLUMNS])
    ws.append(["合计", *[data["totals"][key] for key, _ in COLUMNS[1:]]])
    ws["A1"].font = Font(size=14, bold=True)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F0F3F7")
        cell.alignment = Alignment(horizontal="center")
    ws.column_dimensions["A"].width = 32
    for n in range(2, len(COLUMNS) + 1):
        ws.column_dimensions[get_column_letter(n)].width = 11
    details = [
        ("红牌明细", ["部门", "事项", "环节", "红牌日期", "责任人"], data["red_cards"], ["department", "case", "step", "date", "responsible"]),
        (
            "责任追究",
            ["姓名", "部门", "处理措施", "过错事实", "决定日期", "状态"],
            data["sanctions"],
            ["person", "department", "measure", "fault", "date", "status"],
        ),
    ]
    for title, header, items, keys in details:
        sheet = wb.create_sheet(title)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for item in items:
            sheet.append([item[k] for k in keys])
        for n in range(1, len(header) + 1):
            sheet.column_dimensions[get_column_letter(n)].width = 24
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


def rendered(data: dict, fmt: str, *, number: str = "") -> tuple[bytes, str, str]:
    """The bulletin as (content, content type, file name) in ``fmt`` (xlsx or pdf)."""
    if fmt not in FORMATS:
        raise InvalidInput("格式应为 xlsx 或 pdf", code=Error.INVALID_FORMAT)
    content = as_excel(data) if fmt == "xlsx" else as_pdf(data, number=number)
    return content, FORMATS[fmt], f"{data['title']}.{fmt}"


def as_pdf(data: dict, *, number: str = "") -> bytes:
    from reportlab.platypus import KeepTogether, Spacer

    story = paragraphs("title", data["title"]) + (paragraphs("number", number) if number else [Spacer(1, 8)])
    story += paragraphs("body", _intro(data))
    story += paragraphs("heading", "一、分部门情况")
    rows = [[label for _, label in COLUMNS]] + [[r[key] for key, _ in COLUMNS] for r in data["rows"]]
    rows.append(["合计", *[data["totals"][key] for key, _ in COLUMNS[1:]]])
    story.append(table(rows, [52, 17, 14, 14, 17, 17, 17]))
    for chart in [warnings_chart(data), *(Chart.from_dict(c) for c in data.get("charts", []))]:
        figure = paragraphs("caption", chart.title) + [drawing(chart, font=cjk_font(), width=text_width())] + paragraphs("note", chart.description)
        story += [Spacer(1, 8), KeepTogether(figure)]
    if data["red_cards"]:
        story += paragraphs("heading", "二、红牌事项")
        story.append(
            table(
                [["部门", "事项", "环节", "红牌日期", "责任人"]]
                + [[r["department"], r["case"], r["step"], r["date"], r["responsible"]] for r in data["red_cards"]],
                [40, 35, 30, 30, 25],
            )
        )
    if data["sanctions"]:
        story += paragraphs("heading", "三、责任追究情况")
        story.append(
            table(
                [["姓名", "部门", "处理措施", "过错事实", "决定日期"]]
                + [[r["person"], r["department"], r["measure"], r["fault"], r["date"]] for r in data["sanctions"]],
                [18, 36, 24, 56, 26],
            )
        )
    story += [Spacer(1, 24)] + paragraphs("sign", office_name(), as_of_day(data))
    return render(story, title=data["title"])
