"""The routing-suggestion slot (another package registers the model) and the routing rules."""

import pytest

from xiaoneng.core import clock, hooks
from xiaoneng.workorders.models import RoutingRule
from xiaoneng.workorders.suggestions import BATCH_SUGGESTERS, SUGGESTERS, suggestions_for, suggestions_for_all

from .conftest import at, hotline


@pytest.fixture
def suggester():
    seen = []

    def model(text, *, limit=3):
        seen.append(text)
        return [
            {"department": "housing", "label": "住建", "confidence": 0.4},
            {"department": "market", "label": "市场监管", "confidence": 0.9},
            {"department": "market", "label": "市场监管", "confidence": 0.5},  # a duplicate, lower
            {"department": "nowhere", "label": "不存在", "confidence": 0.99},  # unknown department
            {"label": "缺部门"},  # malformed
        ]

    with hooks.isolated(SUGGESTERS), hooks.register_temporarily(SUGGESTERS, model):
        yield seen


def test_no_model_means_no_suggestions(api, city):
    wo = hotline(city, at(2026, 3, 2, 10))
    assert suggestions_for(wo) == []
    r = api("dispatcher").get(f"/api/v1/workorders/{wo.pk}/routing-suggestions")
    assert r.status_code == 200 and r.json() == {"suggestions": [], "rules": []}


def test_a_registered_model_suggests_known_departments_best_first(api, city, suggester):
    wo = hotline(city, at(2026, 3, 2, 10), title="油烟", content="楼下餐馆油烟直排")
    body = api("dispatcher").get(f"/api/v1/workorders/{wo.pk}/routing-suggestions").json()
    assert [(s["department"], s["confidence"]) for s in body["suggestions"]] == [("market", 0.9), ("housing", 0.4)]
    assert body["suggestions"][0]["department_name"] == "市市场监督管理局"
    assert suggester == ["油烟\n楼下餐馆油烟直排"]  # the text only, never the requester
    assert "李四" not in suggester[0] and "13912345678" not in suggester[0]


def test_a_failing_model_does_not_stop_dispatch(api, city):
    def broken(text, *, limit=3):
        raise RuntimeError("model not loaded")

    with hooks.isolated(SUGGESTERS), hooks.register_temporarily(SUGGESTERS, broken):
        wo = hotline(city, at(2026, 3, 2, 10))
        assert api("dispatcher").get(f"/api/v1/workorders/{wo.pk}/routing-suggestions").json()["suggestions"] == []


def test_rules_suggest_too_and_the_page_shows_both(client, api, city, suggester):
    RoutingRule.objects.create(name="油烟归住建（测试）", priority=5, keywords="油烟", department=city.dept("housing"), updated_at=clock.now())
    RoutingRule.objects.create(name="停用的规则", priority=1, keywords="油烟", department=city.dept("west"), is_active=False, updated_at=clock.now())
    wo = hotline(city, at(2026, 3, 2, 10), content="楼下餐馆油烟直排")
    rules = api("dispatcher").get(f"/api/v1/workorders/{wo.pk}/routing-suggestions").json()["rules"]
    assert rules == [
        {"department": "housing", "label": "市住房和城乡建设局", "rule": "油烟归住建（测试）", "reason": "命中关键词“油烟”", "auto_dispatch": False}
    ]
    client.force_login(city.user("dispatcher"))
    html = client.get(f"/staff/workorders/{wo.pk}/suggestions/").content.decode()
    assert "市市场监督管理局" in html and "模型 90%" in html and "规则：油烟归住建（测试）" in html


@pytest.mark.parametrize("username", ["handler", "head", "leader", "window"])
def test_suggestions_are_for_the_office(api, city, username):
    wo = hotline(city, at(2026, 3, 2, 10))
    assert api(username).get(f"/api/v1/workorders/{wo.pk}/routing-suggestions").status_code in (403, 404)


def _queue_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as seen:
        html = client.get("/staff/workorders/queue/").content.decode()
    assert "正在获取派单建议" not in html  # nothing left to fetch card by card
    return len(seen.captured_queries)


def test_the_queue_asks_the_model_once_for_the_whole_page(client, city):
    calls = []

    def batch(texts, *, limit=3):
        calls.append(list(texts))
        return [[{"department": "market" if "油烟" in t else "housing", "confidence": 0.8}] for t in texts]

    with hooks.isolated(SUGGESTERS), hooks.isolated(BATCH_SUGGESTERS), hooks.register_temporarily(BATCH_SUGGESTERS, batch):
        for minute in range(2):
            hotline(city, at(2026, 3, 2, 10, minute), title="油烟", content="餐馆油烟直排")
        client.force_login(city.user("dispatcher"))
        client.get("/staff/workorders/queue/")  # the session settles on the first page
        calls.clear()
        few = _queue_queries(client)
        assert len(calls) == 1 and len(calls[0]) == 2
        for minute in range(2, 7):
            hotline(city, at(2026, 3, 2, 10, minute), title="楼道漏水", content="楼顶漏水无人修")
        calls.clear()
        many = _queue_queries(client)
        assert len(calls) == 1 and len(calls[0]) == 7  # one call of the model for the seven cards
        html = client.get("/staff/workorders/queue/").content.decode()
    assert many == few  # and no query per card
    assert html.count('data-pick-department="market"') >= 2 and html.count('data-pick-department="housing"') >= 5


def test_a_batch_model_with_the_wrong_number_of_answers_is_skipped(city):
    wo = hotline(city, at(2026, 3, 2, 10))
    with hooks.isolated(SUGGESTERS), hooks.isolated(BATCH_SUGGESTERS), hooks.register_temporarily(BATCH_SUGGESTERS, lambda texts, limit=3: []):
        assert suggestions_for_all([wo]) == {wo.pk: []}
