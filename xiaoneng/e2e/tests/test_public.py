"""A citizen reads the public statistics (charts with their tables) and downloads the open
data: every dataset as CSV and as JSON, each with its schema and licence, and nothing in it
that identifies a requester."""

import csv
import io
import json
import re

import pytest

from xiaoneng.e2e.browser import DESKTOP, PHONE
from xiaoneng.e2e.steps import downloaded, expect, follow_nav

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PHONE_NUMBER = re.compile(r"1[3-9]\d{9}")


def test_public_statistics_with_charts_and_their_tables(visit):
    page = visit(viewport=PHONE)
    page.goto("/")
    follow_nav(page, "公开统计")
    expect(page.get_by_role("heading", level=1)).to_contain_text("公开统计")
    charts = page.locator("figure svg.chart:visible")  # the phone drawing of each chart
    expect(charts.first).to_be_visible()
    assert charts.count() >= 2
    page.locator("summary", has_text="以表格查看本图数据").first.click()
    expect(page.locator("details[open] table tbody tr").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "公开统计在手机上出现横向滚动"


@pytest.mark.parametrize("width", [PHONE["width"], 360])
def test_phone_statistics_charts_fit_the_screen_with_readable_labels(visit, width):
    viewport = {"width": width, "height": 800} if width != PHONE["width"] else PHONE
    page = visit(viewport=viewport)
    page.goto("/stats/")
    charts = page.locator("figure svg.chart:visible")
    expect(charts.first).to_be_visible()
    shown = charts.all()
    assert len(shown) == 3  # the trend and the two comparisons, one drawing each
    for chart in shown:
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"图表超出屏幕：{box}"
        drawn_width = float(chart.get_attribute("viewBox").split()[2])
        label = chart.locator("text").first
        size = float(label.get_attribute("font-size")) * box["width"] / drawn_width
        assert size >= 10, f"图中文字缩到 {size:.1f} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_public_menu_is_one_line_on_a_laptop_and_folds_on_a_phone(visit):
    page = visit(viewport=DESKTOP)
    page.goto("/")
    nav = page.locator("nav.mainnav")
    assert nav.bounding_box()["height"] <= 48, "公开门户导航在 1366 px 下折成两行"
    more = page.get_by_role("button", name="更多")
    more.focus()
    page.keyboard.press("Enter")
    expect(more).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="高压线")).to_be_visible()
    page.keyboard.press("Escape")
    expect(nav.get_by_role("link", name="高压线")).to_be_hidden()
    follow_nav(page, "开放数据")
    expect(page.get_by_role("heading", level=1)).to_have_text("开放数据")
    phone = visit(viewport=PHONE)
    phone.goto("/")
    follow_nav(phone, "高压线")  # the folded menu lists every entry, "更多" ones included
    expect(phone).to_have_url(re.compile(r"/accountability/"))


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
