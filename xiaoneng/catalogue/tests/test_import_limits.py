"""A spreadsheet is read only by someone allowed to import it, and only within limits on
size, expansion, rows and cells (issue 13, item 3: an 840 KB workbook whose shared strings
expand to 205 MB held a worker for 30 s)."""

from __future__ import annotations

import io
import time
import zipfile
from unittest import mock

import pytest
from openpyxl import Workbook

from xiaoneng.catalogue import excel
from xiaoneng.core.errors import InvalidInput
from xiaoneng.org.services import apikey_create


def _bomb(expanded_mb: int) -> bytes:
    """A workbook whose shared strings expand to ``expanded_mb`` MB (a few hundred KB sent)."""
    book = Workbook()
    book.active.title = "事项"
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for entry in src.infolist():
            dst.writestr(entry, src.read(entry))
        filler = b"<si><t>" + b"A" * 1000 + b"</t></si>"
        dst.writestr("xl/sharedStrings.xml", b"<sst>" + filler * (expanded_mb * 1024) + b"</sst>")
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return _bomb(64)


def _upload(content: bytes):
    f = io.BytesIO(content)
    f.name = "catalogue.xlsx"
    return {"file": f}


def test_the_bomb_is_small_on_the_wire(bomb):
    assert len(bomb) < 1024 * 1024


def test_a_handler_is_refused_before_the_file_is_read(client, api, city, bomb):
    with mock.patch.object(excel, "read_workbook") as read:
        response = client.post("/api/v1/catalogue/import", _upload(bomb), headers=api("handler").headers)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    read.assert_not_called()


def test_an_api_key_is_refused_before_the_file_is_read(client, city, bomb):
    _, raw = apikey_create(by=city.user("admin"), name="微信", channel="wechat")
    with mock.patch.object(excel, "read_workbook") as read:
        response = client.post("/api/v1/catalogue/import", _upload(bomb), headers={"X-Api-Key": raw})
    assert response.status_code == 401
    read.assert_not_called()


def test_an_administrator_s_bomb_is_refused_quickly_without_inflating_it(client, api, city, bomb):
    with mock.patch("openpyxl.load_workbook") as load:
        started = time.perf_counter()
        response = client.post("/api/v1/catalogue/import", _upload(bomb), headers=api("admin").headers)
        elapsed = time.perf_counter() - started
    assert response.status_code == 400 and response.json()["code"] == "too_large"
    assert "解压后过大" in response.json()["message"]
    load.assert_not_called()
    assert elapsed < 2, elapsed


def test_rows_and_cells_are_bounded(monkeypatch):
    book = Workbook()
    sheet = book.active
    sheet.title = "事项"
    sheet.append([c.header for c in excel.ITEMS.columns])
    for row in range(30):
        sheet.append([f"v{row}-{c}" for c in range(len(excel.ITEMS.columns))])
    out = io.BytesIO()
    book.save(out)
    monkeypatch.setattr(excel, "MAX_CELLS", 200)
    _, errors = excel.read_workbook(out.getvalue())
    assert any("单元格超过 200 个" in e for e in errors)


def test_too_many_archive_entries_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(excel.MAX_ENTRIES + 1):
            archive.writestr(f"x/{i}.xml", b"")
    with pytest.raises(InvalidInput) as refused:
        excel.read_workbook(out.getvalue())
    assert refused.value.code == "too_large"
