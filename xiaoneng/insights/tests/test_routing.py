"""Routing suggestions from a model trained on the city's closed cases or on a labelled
file, stored in the database, versioned, and served to the dispatcher."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command

from xiaoneng.core.errors import Forbidden
from xiaoneng.core.models import AuditRecord
from xiaoneng.insights import selectors, suggester
from xiaoneng.insights.models import RoutingModel
from xiaoneng.insights.services import category_department_set, routing_model_activate
from xiaoneng.workorders.suggestions import suggestions_for

from .conftest import HOUSING, MARKET, at, closed_case, hotline, labelled_corpus


def run(*args) -> dict:
    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def closed_cases(city):
    for i, (m, h) in enumerate(zip(MARKET, HOUSING, strict=True)):
        closed_case(city, at(2026, 3, 2, 9 + i % 8, 10), title=m[:10], content=m, department="market")
        closed_case(city, at(2026, 3, 3, 9 + i % 8, 10), title=h[:10], content=h, department="housing")


def write_csv(path, rows, header=("label", "title", "text", "seg_text")):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return str(path)


def test_too_few_closed_cases_is_a_message_not_a_crash(city):
    result = run("routing_train")
    assert result["trained"] is False and "训练样本不足" in result["message"]
    assert not RoutingModel.objects.exists()


def test_train_from_closed_cases_then_suggest(api, city, closed_cases):
    result = run("routing_train")
    assert result["trained"] and result["version"] == 1 and result["active"] and result["samples"] == 16
    assert sorted(result["labels"]) == ["housing", "market"]
    wo = hotline(city, at(2026, 3, 9, 10), title="超市卖过期食品", content="超市出售过期面包，店员拒绝退货")
    body = api("dispatcher").get(f"/api/v1/workorders/{wo.pk}/routing-suggestions").json()
    assert body["suggestions"][0]["department"] == "market" and body["suggestions"][0]["confidence"] >= 0.5
    assert body["suggestions"][0]["department_name"] == "市市场监督管理局"
    assert AuditRecord.objects.filter(action="routing_model.train").count() == 1
    assert AuditRecord.objects.filter(action="routing_model.activate").count() == 1


def test_training_reads_the_most_recent_closed_cases_up_to_the_limit(city, closed_cases, settings):
    assert run("routing_train", "--limit", "10")["samples"] == 10
    settings.XIAONENG = settings.XIAONENG | {"ROUTING_TRAINING_LIMIT": 12}
    assert run("routing_train")["samples"] == 12
    texts, labels = selectors.training_cases(4)
    assert labels == ["housing", "market", "housing", "market"]  # newest first: the fixture closes a market case, then a housing case, in turn
    assert texts[0] == f"{HOUSING[-1][:10]}\n{HOUSING[-1]}"


def test_retraining_activates_a_new_version_and_serving_follows(city, closed_cases):
    run("routing_train")
    first = suggester.active_model()
    assert run("routing_train")["version"] == 2
    assert RoutingModel.objects.get(is_active=True).version == 2
    assert suggester.active_model() is not first  # the process reloaded the new active version
    old = RoutingModel.objects.get(version=1)
    routing_model_activate(by=city.user("admin"), model=old)
    assert list(RoutingModel.objects.filter(is_active=True).values_list("version", flat=True)) == [1]
    with pytest.raises(Forbidden):
        routing_model_activate(by=city.user("dispatcher"), model=old)


def test_a_labelled_file_and_the_category_table(tmp_path, city):
    texts, labels = labelled_corpus()
    names = {"market": "商贸", "housing": "城乡建设", "education": "教育文体"}
    path = write_csv(tmp_path / "train.csv", [(names[label], "", text, "") for text, label in zip(texts, labels, strict=True)])
    assert run("routing_train", "--csv", path)["trained"]
    wo = hotline(city, at(2026, 3, 9, 10), title="物业乱收费", content="小区物业费上涨没有经过业主大会")
    assert suggestions_for(wo) == []  # categories nobody mapped to a department suggest nothing
    category_department_set(by=city.user("admin"), label="城乡建设", department=city.dept("housing"))
    assert [s["department"] for s in suggestions_for(wo)][:1] == ["housing"]
    assert suggestions_for(wo)[0]["label"] == "城乡建设"


def test_low_confidence_is_no_suggestion(city, closed_cases, settings):
    run("routing_train")
    settings.XIAONENG = settings.XIAONENG | {"ROUTING_MIN_CONFIDENCE": 0.999}
    wo = hotline(city, at(2026, 3, 9, 10), title="咨询", content="请问办事大厅几点上班")
    assert suggestions_for(wo) == []


def test_routing_eval_on_files(tmp_path):
    texts, labels = labelled_corpus()
    train = write_csv(tmp_path / "train.csv", [(label, "", text, "") for text, label in zip(texts, labels, strict=True)])
    test = write_csv(tmp_path / "test.csv", [("超市卖过期酸奶", "market"), ("学校强制买校服", "education")], header=("text", "label"))
    result = run("routing_eval", "--train", train, "--test", test)
    assert {"accuracy", "macro_f1", "per_class", "train_seconds", "predict_ms_per_message"} <= set(result)
    assert result["test_samples"] == 2 and result["per_class"]["market"]["recall"] == 1.0
    cv = run("routing_eval", "--csv", train, "--cv", "3")
    assert cv["folds"] == 3 and cv["samples"] == 24


def test_routing_models_api_is_for_administrators(api, city, closed_cases):
    run("routing_train")
    assert api("admin").get("/api/v1/insights/routing-models").json()[0]["version"] == 1
    assert api("dispatcher").get("/api/v1/insights/routing-models").status_code == 403
