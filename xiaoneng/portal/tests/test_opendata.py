"""Open data: each file follows its schema, carries the licence, and tells nothing about a
requester; small counts are withheld."""

import csv
import io
import json

from xiaoneng.catalogue.models import EnterpriseFeeKind
from xiaoneng.catalogue.services import enterprise_fee_save
from xiaoneng.core import clock
from xiaoneng.portal import opendata

from .conftest import AS_OF


def test_the_page_lists_every_dataset_with_its_schema_and_licence(client, db):
    page = client.get("/opendata/").content.decode()
    for dataset in opendata.datasets().values():
        assert dataset.title in page and f"/opendata/{dataset.name}.csv" in page and f"/opendata/{dataset.name}.json" in page
        for field, _, _ in dataset.schema:
            assert f"<code>{field}</code>" in page
    assert "CC BY 4.0" in page and "不予公布" in page


def test_statistics_json_and_csv_follow_the_schema(small_city, client):
    with clock.frozen(AS_OF):
        body = json.loads(client.get("/opendata/workorder-statistics.json").content)
        text = client.get("/opendata/workorder-statistics.csv").content.decode("utf-8-sig")
    fields = [f["field"] for f in body["schema"]]
    assert body["licence"].startswith("本数据依据") and all(f["type"] and f["meaning"] for f in body["schema"])
    march = [r for r in body["records"] if r["month"] == "2026-03"]
    assert {r["department"] for r in march} == {"市市场监督管理局", "市住房和城乡建设局"}
    market = next(r for r in march if r["department"] == "市市场监督管理局")
    assert set(market) == set(fields)
    assert (market["received"], market["return_rate_numerator"], market["return_rate_denominator"], market["return_rate"]) == (5, 1, 6, 16.7)
    assert market["answered_on_time_rate_status"] == "few" and market["answered_on_time_rate"] is None
    housing = next(r for r in march if r["department"] == "市住房和城乡建设局")
    assert housing["received"] is None and housing["signed_on_time_rate_status"] == "none"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == fields and len(rows) == len(body["records"])
    everything = json.dumps(body, ensure_ascii=False) + text
    assert "市民" not in everything and "1370000000" not in everything and "油烟" not in everything


def test_fee_list_and_catalogue(client, city, db):
    admin = city.user("admin")
    with clock.frozen(AS_OF):
        common = {"by": admin, "kind": EnterpriseFeeKind.ADMINISTRATIVE, "department": "market", "legal_basis": "《特种设备安全法》第五十条"}
        enterprise_fee_save(code="SF-001", name="特种设备检验检测费", standard="按国家标准", **common)
        enterprise_fee_save(code="SF-002", name="已取消的收费", standard="无", active=False, **common)
        fees = json.loads(client.get("/opendata/enterprise-fees.json").content)
    assert [r["code"] for r in fees["records"]] == ["SF-001"] and fees["records"][0]["department"] == "市市场监督管理局"
    assert fees["records"][0]["kind"] == "行政事业性收费"
    assert fees["records"][0]["updated_on"] == "2026-03-31"
    response = client.get("/opendata/catalogue.csv")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode()) and b"legal_limit_days" in response.content


def test_an_unknown_dataset_or_format_is_a_404(client, db):
    assert client.get("/opendata/people.json").status_code == 404
    assert client.get("/opendata/catalogue.xml").status_code == 404
