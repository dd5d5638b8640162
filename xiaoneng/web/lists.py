"""What every staff list offers besides its own filters: a date range, sorting by a column,
a page size, an Excel copy of exactly what is filtered, and batch actions on the rows a
person ticks.  A list names its sortable columns; the request picks one (``sort=due_at`` or
``sort=-due_at``).  A list names its batch actions (:class:`Batch`); each runs the list's
one-item service on every ticked row (:func:`run_batch`)."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib import messages
from django.db import transaction
from django.db.models import F

from xiaoneng.core import clock
from xiaoneng.core.codes import Error
from xiaoneng.core.errors import InvalidInput, outcome

from . import params
from .pages import PAGE_SIZE, attempt, download

SIZES = (20, 50, 100)
BATCH_LIMIT = 200  # rows in one batch action: twice the largest page
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
    """Rows in the order of ``key``; blanks (no due date yet) last on both databases.  A
    column that is never blank is ordered plainly, so that its index gives the first page."""
    path = columns[key.removeprefix("-")]
    blanks = {"nulls_last": True} if _may_be_blank(rows.model, path) else {}
    if key.startswith("-"):
        return rows.order_by(F(path).desc(**blanks), "-pk")
    return rows.order_by(F(path).asc(**blanks), "pk")


def _may_be_blank(model, path: str) -> bool:
    """Whether the field at ``path`` (through relations) can read as NULL."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.null:
            return True
        model = field.related_model
    return False


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


# ---- batch actions ---------------------------------------------------------------------------

EXPORT = "export"  # the batch action every list can offer: an Excel copy of the ticked rows
UNAVAILABLE = "已不存在或无权处理"


@dataclass(frozen=True)
class Batch:
    """The batch actions a list offers, ``[(name, button label)]``, as the ``_batch.html``
    partial shows them: one form (``form`` is its id) that the rows' check boxes belong to."""

    actions: Sequence[tuple[str, str]]
    form: str = "batch-form"

    def chosen(self, request) -> str:
        """The action the person pressed (POST ``batch``); an unknown one is refused."""
        name = request.POST.get("batch", "")
        if name not in dict(self.actions):
            raise InvalidInput("请选择要执行的批量操作", code=Error.UNKNOWN_BATCH_ACTION)
        return name


def selected(request) -> list[int]:
    """The ids of the ticked rows (POST ``ids``), each once, in the order given."""
    ids: list[int] = []
    for value in request.POST.getlist("ids"):
        number = params.integer(value, "所选行", low=1)
        if number not in ids:
            ids.append(number)
    if not ids:
        raise InvalidInput("请先勾选要处理的行", code=Error.NOTHING_SELECTED)
    if len(ids) > BATCH_LIMIT:
        raise InvalidInput(f"一次最多处理 {BATCH_LIMIT} 条，已选 {len(ids)} 条", code=Error.TOO_MANY_SELECTED)
    return ids


def selected_rows(rows, ids: Sequence[int]) -> list:
    """Those of ``ids`` that ``rows`` (what the person may act on) holds, in list order."""
    found = {row.pk: row for row in rows.filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


@dataclass
class BatchResult:
    """What a batch did: the rows done, and each failed row's name with the reason it was
    refused (the one-item service's own Chinese message)."""

    done: list = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def message(self, *, shown: int = 3) -> str:
        """成功 N 条，失败 M 条（原因…）: failures grouped by reason, a few rows named per reason."""
        text = f"成功 {len(self.done)} 条，失败 {len(self.failed)} 条"
        if not self.failed:
            return text
        by_reason: dict[str, list[str]] = defaultdict(list)
        for name, reason in self.failed:
            by_reason[reason].append(name)
        parts = []
        for reason, names in by_reason.items():
            more = f"等 {len(names)} 条" if len(names) > shown else ""
            parts.append(f"{'、'.join(names[:shown])}{more}：{reason}")
        return f"{text}（{'；'.join(parts)}）"


def run_batch(ids: Sequence[int], rows, call: Callable, *, name: Callable[[object], str]) -> BatchResult:
    """Run ``call(row)`` — the list's one-item service, which checks, writes and audits as
    when one row is done on its own — on each ticked row, each in its own transaction: a
    row the service refuses changes nothing and is reported with the reason; the others
    stand.  ``rows`` is what the person may act on (a ticked id outside it is reported, not
    acted on); ``name(row)`` is what people call the row (its business number)."""
    result = BatchResult()
    found = {row.pk: row for row in rows.filter(pk__in=ids)}
    for position, pk in enumerate(ids, start=1):
        row = found.get(pk)
        if row is None:  # gone since the page was shown, or never the person's to act on
            result.failed.append((f"所选第 {position} 行", UNAVAILABLE))
            continue

        def one(row=row):
            with transaction.atomic():
                return call(row)

        done, error = outcome(one)
        if error is None:
            result.done.append(done)
        else:
            result.failed.append((name(row), error.message))
    return result


def report(request, result: BatchResult) -> None:
    """The batch's outcome as the page's message: success when all rows were done, a warning
    when some were refused, an error when none was done."""
    level = messages.SUCCESS if not result.failed else (messages.WARNING if result.done else messages.ERROR)
    messages.add_message(request, level, result.message())
