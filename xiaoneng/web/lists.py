"""What every staff list offers besides its own filters: a date range, sorting by a column,
a page size and an Excel copy of exactly what is filtered.  A list names its sortable
columns; the request picks one (``sort=due_at`` or ``sort=-due_at``)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.db.models import F

from xiaoneng.core import clock

from . import params
from .pages import PAGE_SIZE, attempt, download

SIZES = (20, 50, 100)
EXPORT_LIMIT = 5000  # rows in one Excel copy; narrow the filters for more
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page_size(request) -> int:
    value = request.GET.get("size", "")
    return int(value) if value.isdigit() and int(value) in SIZES else PAGE_SIZE


def sort_key(request, columns: dict[str, str], default: str) -> str:
    """The requested column (``-`` for descending) if the list offers it, else ``default``."""
    value = request.GET.get("sort", "")
    return value if value.removeprefix("-") in columns else default


def ordered(rows, key: str, columns: dict[str, str]):
    """Rows in the order of ``key``; blanks (no due date yet) last on both databases."""
    column = F(columns[key.removeprefix("-")])
    if key.startswith("-"):
        return rows.order_by(column.desc(nulls_last=True), "-pk")
    return rows.order_by(column.asc(nulls_last=True), "pk")


def date_range(request, rows, field: str, *, day: bool = False) -> tuple:
    """Rows whose ``field`` (a moment, or a date with ``day=True``) falls on the days from
    ``from`` to ``to`` inclusive (either may be blank), in the city's time; returns
    (rows, from, to)."""
    start = params.date(request.GET.get("from"), "起始日期")
    end = params.date(request.GET.get("to"), "截止日期")
    if start and end and start > end:
        start, end = end, start
    if start:
        rows = rows.filter(**{f"{field}__gte": start if day else clock.start_of_day(start)})
    if end:
        rows = rows.filter(**{f"{field}__lte": end} if day else {f"{field}__lt": clock.end_of_day(end)})
    return rows, start, end


def capped(rows) -> tuple[list, str]:
    """At most ``EXPORT_LIMIT`` rows for an Excel copy, and the note saying so when more matched."""
    found = list(rows[: EXPORT_LIMIT + 1])
    note = f"仅导出前 {EXPORT_LIMIT} 条，请缩小筛选范围" if len(found) > EXPORT_LIMIT else ""
    return found[:EXPORT_LIMIT], note


class Listing:
    """The shared tools of one list request: the date range on ``field`` (a refusal shown as
    the page's message), the chosen sort among ``columns`` and the page size.  ``tools`` is
    what the ``_list_tools.html`` partial shows."""

    def __init__(self, request, rows, *, field: str, columns: dict[str, str], sorts: Sequence[tuple[str, str]], day: bool = False):
        dated = attempt(request, lambda: date_range(request, rows, field, day=day))
        if dated is not None:
            rows = dated[0]
        self.sort = sort_key(request, columns, sorts[0][0])
        self.rows = ordered(rows, self.sort, columns)
        self.export = request.GET.get("format") == "xlsx"
        self.size = page_size(request)
        self.tools = {
            "from": request.GET.get("from", ""),
            "to": request.GET.get("to", ""),
            "sort": self.sort,
            "sorts": sorts,
            "size": self.size,
            "sizes": SIZES,
        }


def _cell(value):
    if isinstance(value, dt.datetime):
        return clock.format_moment(value)
    if isinstance(value, dt.date):
        return clock.format_day(value)
    return value


def xlsx_download(name: str, headers: Sequence[str], rows: Iterable[Sequence], *, note: str = ""):
    """An Excel file of ``rows`` under ``headers`` (dates as people read them)."""
    # openpyxl (and NumPy, which it loads) stays out of a worker until someone exports.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = name[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    if note:
        sheet.append([])
        sheet.append([note])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(12, len(header) * 2 + 4)
    out = io.BytesIO()
    book.save(out)
    return download(out.getvalue(), XLSX, f"{name}-{clock.today():%Y%m%d}.xlsx")
