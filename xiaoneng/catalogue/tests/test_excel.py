"""The catalogue workbook: export, import back unchanged, and refuse a file with errors."""

import dataclasses
import io

import pytest
from openpyxl import Workbook, load_workbook

from xiaoneng.catalogue import excel, selectors
from xiaoneng.catalogue.models import ServiceItem
from xiaoneng.catalogue.services import catalogue_import, item_create
from xiaoneng.core.errors import InvalidInput


def test_round_trip(city, spec, joint_spec):
    item_create(by=None, spec=spec)
    item_create(by=None, spec=joint_spec)
    content = excel.export_workbook(selectors.current_specs())
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["事项", "材料", "收费", "协办部门"]
    assert [c.value for c in book["材料"][1]][:3] == ["事项编码", "材料编码", "材料名称"]
    assert book["材料"]["E3"].value == "复印件" and book["事项"]["K2"].value == "否"
    rows, errors = excel.read_workbook(content)
    assert errors == []
    assert catalogue_import(by=city.user("admin"), rows=rows) == {"created": [], "revised": [], "unchanged": [spec.code, joint_spec.code]}


def test_import_creates_and_revises(city, spec):
    item_create(by=None, spec=spec)
    changed = dataclasses.replace(spec, committed_limit_days=7)
    new = dataclasses.replace(spec, code="370100-SCJG-002", name="食品生产许可")
    rows, errors = excel.read_workbook(excel.export_workbook([changed, new]))
    result = catalogue_import(by=city.user("admin"), rows=rows, read_errors=errors)
    assert result == {"created": ["370100-SCJG-002"], "revised": [spec.code], "unchanged": []}
    assert ServiceItem.objects.get(code=spec.code).current.number == 2


def _book(items, materials=(), fees=()):
    book = Workbook()
    ws = book.active
    ws.title = "事项"
    ws.append(["事项编码", "事项名称", "实施部门编码", "事项类型", "法定时限（工作日）", "承诺时限（工作日）", "超时默认"])
    for row in items:
        ws.append(row)
    m = book.create_sheet("材料")
    m.append(["事项编码", "材料编码", "材料名称", "份数", "材料形式", "是否必需"])
    for row in materials:
        m.append(row)
    f = book.create_sheet("收费")
    f.append(["事项编码", "收费编码", "收费项目", "金额（元）", "收费标准", "收费依据"])
    for row in fees:
        f.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_errors_name_sheet_and_row_and_nothing_is_imported(city):
    content = _book(
        items=[
            ["A1", "排污许可", "market", "行政许可", 20, 15, "否"],
            ["A2", "", "nowhere", "许可证", "二十", 10, "也许"],
            ["A1", "重复", "market", "备案", 20, 10, "否"],
            ["A3", "道路运输经营许可", "housing", "行政许可", 20, 30, "是"],
        ],
        materials=[["A1", "M1", "申请书", 1, "原件", "是"], ["A1", "M2", "排污口图", "两份", "原件", "是"], ["ZZ", "M1", "孤儿材料", 1, "原件", "是"]],
        fees=[["A1", "F1", "工本费", "", "", "依据"]],
    )
    rows, errors = excel.read_workbook(content)
    with pytest.raises(InvalidInput) as exc:
        catalogue_import(by=city.user("admin"), rows=rows, read_errors=errors)
    found = exc.value.details["errors"]
    expected = [
        "「事项」表第3行：“事项名称”不能为空",
        "「事项」表第3行：“事项类型”应为",
        "「事项」表第3行：“法定时限（工作日）”应为非负整数",
        "「事项」表第3行：“超时默认”应填“是”或“否”",
        "「材料」表第3行：“份数”应为非负整数",
        "「材料」表第4行：事项编码 ZZ 不在「事项」表中",
        "「事项」表第5行（A3）：承诺时限不能长于法定时限",
        "「事项」表第2行（A1）：收费项目“工本费”应填写金额或收费标准",
        "「事项」表第2行（A1）：事项编码 A1 在文件中重复",
    ]
    for message in expected:
        assert any(e.startswith(message) for e in found), (message, found)
    assert "未导入任何事项" in exc.value.message and not ServiceItem.objects.exists()


@pytest.mark.parametrize("content,code", [(b"not a workbook", "invalid_file"), (b"x" * (excel.MAX_BYTES + 1), "file_too_large")])
def test_unreadable_files(content, code):
    with pytest.raises(InvalidInput) as exc:
        excel.read_workbook(content)
    assert exc.value.code == code


def test_missing_item_sheet_or_column(city):
    book = Workbook()
    book.active.title = "材料"
    out = io.BytesIO()
    book.save(out)
    assert excel.read_workbook(out.getvalue())[1] == [
        "缺少「事项」工作表",
        "「材料」表缺少“事项编码”列",
        "「材料」表缺少“材料编码”列",
        "「材料」表缺少“材料名称”列",
    ]
    rows, errors = excel.read_workbook(_book([]))
    assert rows == [] and errors == []
    with pytest.raises(InvalidInput) as exc:
        catalogue_import(by=city.user("admin"), rows=rows, read_errors=errors)
    assert "没有事项" in exc.value.message


def test_form_lines_use_the_same_columns(spec):
    text = excel.format_lines(excel.MATERIALS, spec.materials)
    assert text.splitlines()[1] == "M2 | 营业执照复印件 | 1 | 复印件 | 是 |  | "
    parsed, errors = excel.parse_lines(excel.MATERIALS, text)
    assert errors == [] and parsed == spec.materials
    _, errors = excel.parse_lines(excel.MATERIALS, "M9 | 名称 | x")
    assert errors == ["材料第1行：“份数”应为非负整数"]
