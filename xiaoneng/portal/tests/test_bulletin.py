"""The monthly bulletin draws the public statistics page's figure, from the same data, in a
PDF that carries its own Chinese font."""

import datetime as dt
import re

from xiaoneng.supervision import bulletins
from xiaoneng.web.charts import Chart
from xiaoneng.workorders import charts, stats

from .conftest import AS_OF


def test_the_bulletin_stores_and_draws_the_statistics_figure(small_city):
    data = bulletins.figures(dt.date(2026, 3, 1), AS_OF)
    report = stats.public_report(dt.date(2026, 3, 1), as_of=AS_OF)
    on_page = charts.comparison(report["departments"], "answered_on_time_rate", title=charts.COMPARISON_TITLE.format(month="2026年3月"))
    stored = Chart.from_dict(data["charts"][0])
    assert stored.series == on_page.series and stored.categories == on_page.categories and stored.title == on_page.title
    assert stored.categories == ["市市场监督管理局", "市住房和城乡建设局"] and stored.series[0].notes == ["样本不足", "无办件"]
    pdf = bulletins.as_pdf(data, number="效监通〔2026〕3号")
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf and b"NotoSansSC" in pdf
    assert b"STSong" not in pdf  # no font left for the reader's machine to supply
    assert len(re.findall(rb"/Subtype /Image", pdf)) == 0  # the charts are vector drawings, not pictures
