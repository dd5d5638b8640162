"""Public statistics on the small city of conftest.py: every figure worked out by hand."""

import datetime as dt

import pytest

from xiaoneng.api.main import api as ninja_api
from xiaoneng.core import clock
from xiaoneng.workorders import stats

from .conftest import AS_OF

MARCH = dt.date(2026, 3, 1)


def row(report, name):
    return next(r for r in report["departments"] if r["department"] == name)


def test_rates_numerators_denominators_and_intervals(small_city):
    report = stats.public_report(MARCH, as_of=AS_OF)
    m = row(report, "市市场监督管理局")
    assert m["received"] == 5
    rates = m["rates"]
    # Sign-for: four signed on time; the reopened case owed a new sign-for since 3月12日 and never signed.
    assert (rates["signed_on_time_rate"]["numerator"], rates["signed_on_time_rate"]["denominator"], rates["signed_on_time_rate"]["value"]) == (4, 5, 80.0)
    # Answers: the four answered 3月10日 are on time; the reopened one's new deadline is in
    # April — four cases, under the threshold of five: withheld.
    assert rates["answered_on_time_rate"] | {"key": "", "label": ""} == {
        "key": "",
        "label": "",
        "numerator": None,
        "denominator": None,
        "value": None,
        "low": None,
        "high": None,
        "status": "few",
        "status_label": "样本不足",
    }
    # Five call-backs, all reached: four solved, four satisfied.
    assert (rates["resolution_rate"]["numerator"], rates["resolution_rate"]["denominator"], rates["resolution_rate"]["value"]) == (4, 5, 80.0)
    assert (rates["satisfaction_rate"]["numerator"], rates["satisfaction_rate"]["denominator"]) == (4, 5)
    # Wilson 95 % for 4 of 5: centre (0.8 + 1.96²/10) ± 1.96·√(0.032 + 1.96²/100), over 1 + 1.96²/5.
    assert (rates["satisfaction_rate"]["low"], rates["satisfaction_rate"]["high"]) == (37.6, 96.4)
    # One of five answered cases reopened; one return out of six dispatches to the department.
    assert (rates["reopen_rate"]["numerator"], rates["reopen_rate"]["denominator"], rates["reopen_rate"]["value"]) == (1, 5, 20.0)
    assert (rates["return_rate"]["numerator"], rates["return_rate"]["denominator"], rates["return_rate"]["value"]) == (1, 6, 16.7)
    assert [k for k, r in rates.items() if r["status"] != "ok"] == ["answered_on_time_rate"]


def test_nothing_due_is_no_case_and_a_few_cases_are_withheld(small_city):
    report = stats.public_report(MARCH, as_of=AS_OF)
    h = row(report, "市住房和城乡建设局")
    assert h["received"] is None  # one case: below the threshold of five
    sign = h["rates"]["signed_on_time_rate"]
    assert sign["status"] == "none" and sign["status_label"] == "无办件" and sign["value"] is None and sign["denominator"] == 0
    # The whole city: six received (five in 市场监管, one in 住建).
    assert report["total"]["received"] == 6 and report["threshold"] == 5


def test_a_lower_threshold_publishes_small_counts(small_city, settings):
    settings.XIAONENG = settings.XIAONENG | {"PUBLIC_MIN_COUNT": 1}
    report = stats.public_report(MARCH, as_of=AS_OF)
    h = row(report, "市住房和城乡建设局")
    assert h["received"] == 1 and h["rates"]["signed_on_time_rate"]["status"] == "none"
    answered = row(report, "市市场监督管理局")["rates"]["answered_on_time_rate"]
    assert (answered["numerator"], answered["denominator"], answered["value"], answered["status"]) == (4, 4, 100.0, "ok")


def test_a_rate_on_fewer_cases_than_the_threshold_is_withheld(small_city, settings):
    settings.XIAONENG = settings.XIAONENG | {"PUBLIC_MIN_COUNT": 6}
    m = row(stats.public_report(MARCH, as_of=AS_OF), "市市场监督管理局")
    assert m["received"] is None
    resolution = m["rates"]["resolution_rate"]
    assert resolution["status"] == "few" and resolution["status_label"] == "样本不足" and resolution["numerator"] is None and resolution["value"] is None
    assert m["rates"]["return_rate"]["status"] == "ok"  # six dispatches


def test_the_trend_counts_each_month_with_the_same_definitions(small_city):
    report = stats.public_report(dt.date(2026, 4, 1), as_of=dt.datetime(2026, 4, 30, 12, tzinfo=clock.LOCAL_TZ), months=3)
    assert [m["month"] for m in report["trend"]] == ["2026-02", "2026-03", "2026-04"]
    february, march, april = report["trend"]
    assert february["received"] == 0 and february["rates"]["satisfaction_rate"]["status"] == "none"
    assert march["received"] == 6 and march["rates"]["satisfaction_rate"]["value"] == 80.0
    assert april["received"] == 0


def test_the_page_shows_definitions_denominators_and_charts(small_city, client):
    with clock.frozen(AS_OF):
        page = client.get("/stats/?month=2026-03")
    assert page.status_code == 200
    html = page.content.decode()
    assert "市市场监督管理局" in html and "4/5" in html and "区间 37.6–96.4%" in html
    assert "无办件" in html and "样本不足" in html and "不足 5 件" in html
    for name, _ in stats.DEFINITIONS:
        assert f"<dt>{name}</dt>" in html
    assert "应签收数" in html and "派至该部门的次数" in html
    assert html.count("<figcaption>") == 3 and "<desc id=" in html
    # each chart drawn twice, for a wide screen and for a phone; the stylesheet shows one
    assert html.count('class="chart chart-wide" role="img"') == 3 and html.count('class="chart chart-phone" role="img"') == 3
    assert "以表格查看本图数据" in html
    assert "市民" not in html and "1370000000" not in html  # nothing about a requester


def test_a_wrong_month_is_a_chinese_404(client):
    page = client.get("/stats/?month=2026-13")
    assert page.status_code == 404 and "月份应为 YYYY-MM" in page.content.decode()


@pytest.mark.django_db
def test_the_public_api_needs_no_login_and_is_in_the_openapi(small_city, api):
    with clock.frozen(AS_OF):
        r = api().get("/api/v1/public/statistics?month=2026-03")
    assert r.status_code == 200
    body = r.json()
    market = next(d for d in body["departments"] if d["department"] == "市市场监督管理局")
    assert (market["rates"]["return_rate"]["numerator"], market["rates"]["return_rate"]["denominator"]) == (1, 6)
    assert [d["name"] for d in body["definitions"]][-2:] == ["重办率", "退单率"]
    operation = ninja_api.get_openapi_schema()["paths"]["/api/v1/public/statistics"]["get"]
    assert not operation.get("security") and "PublicStatsOut" in str(operation["responses"][200])


def test_the_public_figures_are_kept_for_a_while(small_city, settings, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.clear()
    settings.XIAONENG = settings.XIAONENG | {"PUBLIC_STATS_CACHE_SECONDS": 60}
    with clock.frozen(AS_OF):
        first = stats.public_report_now(MARCH)
        with django_assert_max_num_queries(0):
            assert stats.public_report_now(MARCH) == first
    cache.clear()
