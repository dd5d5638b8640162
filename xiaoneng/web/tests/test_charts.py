"""Bar and line charts: one layout, drawn as SVG for pages and as a ReportLab drawing for
PDFs; named and described for screen readers; "无办件" never drawn as a value."""

import re

from reportlab.graphics.shapes import Group

from xiaoneng.web.charts import PHONE_WIDTH, Chart, Series, drawing, svg
from xiaoneng.web.fonts import cjk_font

BAR = Chart(
    title="按期办结率",
    description="三个部门的按期办结率",
    categories=["市场监管局", "住建局", "城管局"],
    series=[Series("按期办结率", [80.0, None, 100.0], [(37.6, 96.4), (None, None), (51.0, 100.0)], ["", "样本不足", ""])],
    unit="%",
    y_max=100,
    ident="c1",
)
LINE = Chart(
    title="趋势",
    description="各月满意率",
    categories=["2026-01", "2026-02", "2026-03", "2026-04"],
    series=[Series("满意率", [90.0, 92.0, None, 88.0]), Series("解决率", [70.0, 75.0, 80.0, 85.0])],
    unit="%",
    y_max=100,
    kind="line",
    ident="c2",
)


def _drawings(chart) -> tuple[str, str]:
    wide, phone, rest = str(svg(chart)).split("</svg>")
    assert rest == ""
    return wide + "</svg>", phone + "</svg>"


def test_bar_svg_is_named_described_and_says_why_a_bar_is_missing():
    out = _drawings(BAR)[0]
    assert out.startswith("<svg") and 'role="img"' in out and 'aria-labelledby="c1-title c1-desc"' in out
    assert '<title id="c1-title">按期办结率</title><desc id="c1-desc">三个部门的按期办结率</desc>' in out
    assert out.count("<rect") == 2  # two bars: the department with too few cases has none
    assert "样本不足" in out and "95% 区间 37.6–96.4%" in out
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', out)]
    assert widths[1] / widths[0] == 100 / 80  # bars proportional to the rate


def test_a_line_breaks_where_a_month_has_nothing_to_count():
    out = _drawings(LINE)[0]
    assert out.count("<polyline") == 2  # 满意率: January–February joined, April alone; 解决率: one line
    assert out.count("<circle") == 7
    assert "2026-03 满意率" not in out and "2026-04 满意率：88%" in out


def test_the_phone_drawing_is_narrow_with_names_above_the_bars():
    wide, phone = _drawings(BAR)
    assert 'class="chart chart-wide"' in wide and 'class="chart chart-phone"' in phone
    assert f'viewBox="0 0 {PHONE_WIDTH} ' in phone and 'aria-labelledby="c1-phone-title c1-phone-desc"' in phone
    assert phone.count("<rect") == 2 and "样本不足" in phone
    # every department name starts at the left edge, on its own line, and nothing is drawn past the right edge
    names = re.findall(r'<text x="([\d.]+)" y="[\d.]+" font-size="12" text-anchor="start" fill="#222222">', phone)
    assert names and {float(x) for x in names} == {8.0}
    xs = [float(x) + float(w) for x, w in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', phone)]
    assert max(xs) <= PHONE_WIDTH


def test_a_long_trend_shows_fewer_month_labels_on_a_phone():
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    chart = Chart("趋势", "一年", months, [Series("满意率", [80.0] * 12)], unit="%", y_max=100, kind="line")
    wide, phone = (re.findall(r'text-anchor="middle" fill="#555555">(2026-\d\d)<', out) for out in _drawings(chart))
    assert wide == ["2026-01", "2026-03", "2026-05", "2026-07", "2026-09", "2026-12"]
    assert phone == ["2026-01", "2026-04", "2026-07", "2026-12"]  # not 2026-10 right beside the last


def test_the_pdf_drawing_holds_the_same_shapes():
    for chart in (BAR, LINE):
        layout = chart.layout()
        drawn = drawing(chart, font=cjk_font(), width=400)
        group = drawn.contents[0]
        assert isinstance(group, Group) and len(group.contents) == len(layout.shapes)
        assert abs(drawn.width - 400) < 1e-6 and abs(drawn.height - layout.height * 400 / layout.width) < 1e-6


def test_a_chart_survives_being_stored():
    assert Chart.from_dict(BAR.as_dict()) == BAR
    assert BAR.table() == [
        ("市场监管局", [("按期办结率", "80%")]),
        ("住建局", [("按期办结率", "样本不足")]),
        ("城管局", [("按期办结率", "100%")]),
    ]
