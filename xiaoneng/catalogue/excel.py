"""The catalogue as offices keep it: an .xlsx workbook with one row per item on 「事项」 and
the materials, fees and co-departments on their own sheets, tied to the item by its code.

One table of columns serves export and import, so a file exported here imports back
unchanged.  Reading collects every problem with its sheet and row number; nothing is
imported while any remain."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from zipfile import BadZipFile, ZipFile

from xiaoneng.catalogue.codes import Error
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import InvalidInput

from .models import ItemKind, MaterialForm
from .rules import CoDepartmentSpec, FeeSpec, ItemSpec, MaterialSpec

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
# An .xlsx is a zip: 1 MB on the wire can expand to hundreds of MB of XML.  The sizes the
# archive declares bound what reading it can cost (zipfile never inflates an entry past its
# declared size), so a file is refused on them before openpyxl sees it.
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_ENTRIES = 200
MAX_COLUMNS = 60
MAX_CELLS = 400_000
_YES = {"是", "y", "yes", "true", "1", "√", "需要", "必需"}
_NO = {"否", "n", "no", "false", "0", "×", "不需要", "非必需", ""}


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str = "text"  # text | int | bool | decimal | choice
    choices: type | None = None
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    title: str
    spec: type
    columns: tuple[Column, ...]


ITEM_REF = Column("事项编码", "_item", required=True)  # ties a row of the other sheets to its item
ITEMS = Sheet(
    "事项",
    ItemSpec,
    (
        Column("事项编码", "code", required=True),
        Column("事项名称", "name", required=True),
        Column("实施部门编码", "department", required=True),
        Column("事项类型", "kind", "choice", ItemKind),
        Column("设定依据", "legal_basis"),
        Column("受理条件", "conditions"),
        Column("办理流程", "procedure"),
        Column("数量限制", "quantity_limit"),
        Column("法定时限（工作日）", "legal_limit_days", "int", required=True),
        Column("承诺时限（工作日）", "committed_limit_days", "int", required=True),
        Column("即办件", "on_the_spot", "bool"),
        Column("超时默认", "deemed_approval", "bool"),
        Column("并联审批", "joint", "bool"),
        Column("申请书示范文本", "sample_form"),
        Column("咨询方式", "contact"),
        Column("许可有效期（月）", "validity_months", "int"),
        Column("延续申请提前日数", "renewal_lead_days", "int"),
        Column("初审部门编码", "preliminary_department"),
        Column("初审时限（工作日）", "preliminary_limit_days", "int"),
    ),
)
MATERIALS = Sheet(
    "材料",
    MaterialSpec,
    (
        ITEM_REF,
        Column("材料编码", "code", required=True),
        Column("材料名称", "name", required=True),
        Column("份数", "copies", "int"),
        Column("材料形式", "form", "choice", MaterialForm),
        Column("是否必需", "required", "bool"),
        Column("来源渠道", "source"),
        Column("填报要求", "note"),
    ),
)
FEES = Sheet(
    "收费",
    FeeSpec,
    (
        ITEM_REF,
        Column("收费编码", "code", required=True),
        Column("收费项目", "name", required=True),
        Column("金额（元）", "amount", "decimal"),
        Column("收费标准", "standard"),
        Column("收费依据", "legal_basis", required=True),
    ),
)
CO_DEPARTMENTS = Sheet(
    "协办部门",
    CoDepartmentSpec,
    (
        ITEM_REF,
        Column("协办部门编码", "department", required=True),
        Column("审查时限（工作日）", "limit_days", "int"),
        Column("逾期视为同意", "deemed_consent", "bool"),
    ),
)
PARTS = {"materials": MATERIALS, "fees": FEES, "co_departments": CO_DEPARTMENTS}


def _cell_out(column: Column, value):
    if column.kind == "bool":
        return "是" if value else "否"
    if column.kind == "choice":
        return column.choices(value).label
    return value


def export_workbook(specs: list[ItemSpec]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="F0F3F7")
    for sheet in (ITEMS, *PARTS.values()):
        ws = book.create_sheet(sheet.title)
        ws.append([c.header for c in sheet.columns])
        for cell in ws[1]:
            cell.font, cell.fill = head_font, head_fill
        ws.freeze_panes = "A2"
        for c, col in zip(ws[1], sheet.columns, strict=True):
            ws.column_dimensions[c.column_letter].width = max(12, min(40, len(col.header) * 2 + 4))
    for spec in specs:
        book[ITEMS.title].append([_cell_out(c, getattr(spec, c.key)) for c in ITEMS.columns])
        for attr, sheet in PARTS.items():
            for part in getattr(spec, attr):
                book[sheet.title].append([spec.code] + [_cell_out(c, getattr(part, c.key)) for c in sheet.columns[1:]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _parse(column: Column, raw):
    """A cell as the spec wants it; raises ValueError with a Chinese reason."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = "" if raw is None else str(raw).strip()
    if column.required and not text:
        raise ValueError(f"“{column.header}”不能为空")
    if column.kind == "text":
        return text
    if column.kind == "bool":
        if text.lower() in _YES:
            return True
        if text.lower() in _NO:
            return None if not text else False
        raise ValueError(f"“{column.header}”应填“是”或“否”")
    if not text:
        return None
    if column.kind == "int":
        if not text.isdecimal():
            raise ValueError(f"“{column.header}”应为非负整数")
        return int(text)
    if column.kind == "decimal":
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{column.header}”应为数字") from None
    for choice in column.choices:
        if text in (choice.value, choice.label):
            return choice.value
    raise ValueError(f"“{column.header}”应为 {'/'.join(column.choices.labels)} 之一")


def _rows(book, sheet: Sheet, errors: list[str], budget: list[int]):
    """(row number, {key: value}) for each non-empty row of a sheet."""
    if sheet.title not in book.sheetnames:
        if sheet is ITEMS:
            errors.append(f"缺少「{ITEMS.title}」工作表")
        return
    ws = book[sheet.title]
    lines = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header = [str(h).strip() if h is not None else "" for h in next(lines, ())]
    positions = {}
    for column in sheet.columns:
        if column.header in header:
            positions[column.key] = header.index(column.header)
        elif column.required:
            errors.append(f"「{sheet.title}」表缺少“{column.header}”列")
    if len(positions) < sum(c.required for c in sheet.columns):
        return
    for number, line in enumerate(lines, start=2):
        if number > MAX_ROWS:
            errors.append(f"「{sheet.title}」表超过 {MAX_ROWS} 行")
            return
        budget[0] -= len(line)
        if budget[0] < 0:
            errors.append(f"文件的单元格超过 {MAX_CELLS} 个")
            return
        if not any(v not in (None, "") for v in line):
            continue
        values, problems = {}, []
        for column in sheet.columns:
            if column.key not in positions:
                continue
            index = positions[column.key]
            try:
                values[column.key] = _parse(column, line[index] if index < len(line) else None)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            errors.extend(f"「{sheet.title}」表第{number}行：{p}" for p in problems)
            continue
        yield number, values


def _build(spec_type, values: dict):
    allowed = {f.name for f in fields(spec_type)}
    return spec_type(**{k: v for k, v in values.items() if k in allowed and v is not None})


def check_archive(content: bytes) -> None:
    """Refuse a workbook whose parts would expand past the limits, reading only the zip's
    directory (a zip bomb costs nothing to refuse)."""
    with ZipFile(io.BytesIO(content)) as archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise InvalidInput(f"Excel 文件内部文件过多（超过 {MAX_ENTRIES} 个）", code=Shared.TOO_LARGE)
        expanded = sum(e.file_size for e in entries)
    if expanded > MAX_UNCOMPRESSED_BYTES:
        raise InvalidInput(f"Excel 文件解压后过大（超过 {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}MB），请拆分后导入", code=Shared.TOO_LARGE)


def read_workbook(content: bytes) -> tuple[list[tuple[str, ItemSpec]], list[str]]:
    """The items of a workbook as (where, spec) and every problem found reading it."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if len(content) > MAX_BYTES:
        raise InvalidInput("文件过大（不超过 5MB）", code=Shared.FILE_TOO_LARGE)
    try:
        check_archive(content)
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, EOFError):
        raise InvalidInput("不是有效的 Excel 文件（.xlsx）", code=Error.INVALID_FILE) from None
    errors: list[str] = []
    budget = [MAX_CELLS]
    items = [(n, v) for n, v in _rows(book, ITEMS, errors, budget)]
    codes = {v["code"] for _, v in items}
    parts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for attr, sheet in PARTS.items():
        for number, values in _rows(book, sheet, errors, budget):
            code = values.pop("_item")
            if code in codes:
                parts[code][attr].append(_build(sheet.spec, values))
            else:
                errors.append(f"「{sheet.title}」表第{number}行：事项编码 {code} 不在「{ITEMS.title}」表中")
    rows = []
    for number, values in items:
        own = parts.get(values["code"], {})
        spec = _build(ItemSpec, values | {attr: tuple(own.get(attr, ())) for attr in PARTS})
        rows.append((f"「{ITEMS.title}」表第{number}行（{values['code']}）", spec))
    return rows, errors


def format_lines(sheet: Sheet, parts) -> str:
    """Materials, fees or co-departments as the lines the staff form edits: one a line,
    the sheet's columns (after the item code) separated by “|”."""
    columns = sheet.columns[1:]
    return "\n".join(" | ".join("" if (v := _cell_out(c, getattr(p, c.key))) is None else str(v) for c in columns) for p in parts)


def parse_lines(sheet: Sheet, text: str) -> tuple[tuple, list[str]]:
    """The staff form's lines back into specs, with every problem named by its line."""
    columns, specs, errors = sheet.columns[1:], [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("|")]
        values, problems = {}, []
        for index, column in enumerate(columns):
            try:
                values[column.key] = _parse(column, cells[index] if index < len(cells) else None)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            errors.extend(f"{sheet.title}第{number}行：{p}" for p in problems)
        else:
            specs.append(_build(sheet.spec, values))
    return tuple(specs), errors
