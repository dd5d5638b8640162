"""A citizen reads the public statistics (charts with their tables) and downloads the open
data: every dataset as CSV and as JSON, each with its schema and licence, and nothing in it
that identifies a requester."""

import csv
import io
import json
import re

import pytest

from xiaoneng.e2e.browser import PHONE
from xiaoneng.e2e.steps import downloaded, expect, follow_nav

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PHONE_NUMBER = re.compile(r"1[3-9]\d{9}")


def test_public_statistics_with_charts_and_their_tables(visit):
    page = visit(viewport=PHONE)
    page.goto("/")
    follow_nav(page, "公开统计")
    expect(page.get_by_role("heading", level=1)).to_contain_text("公开统计")
    charts = page.locator("figure svg")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 2
    page.locator("summary", has_text="以表格查看本图数据").first.click()
    expect(page.locator("details[open] table tbody tr").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "公开统计在手机上出现横向滚动"


def test_open_data_downloads_with_schema_and_licence(visit):
    page = visit()
    page.goto("/opendata/")
    expect(page.get_by_role("heading", level=1)).to_have_text("开放数据")
    sections = page.locator("section[id]")
    assert sections.count() >= 2
    for section in sections.all():
        as_json = json.loads(downloaded(page, section.get_by_role("link", name="下载 JSON").click).read_text(encoding="utf-8"))
        assert as_json["licence"] and as_json["schema"], section.get_attribute("id")
        rows = list(csv.DictReader(io.StringIO(downloaded(page, section.get_by_role("link", name="下载 CSV").click).read_text(encoding="utf-8-sig"))))
        fields = [f["field"] for f in as_json["schema"]]
        assert rows and list(rows[0]) == fields
        assert len(rows) == len(as_json["records"])
        assert not PHONE_NUMBER.search(json.dumps(as_json["records"], ensure_ascii=False))
