"""``/api/v1/catalogue``."""

import io

from openpyxl import load_workbook

from xiaoneng.catalogue.models import ServiceItem

ITEM = {
    "code": "ZJJ-001",
    "name": "建筑工程施工许可证核发",
    "department": "housing",
    "legal_limit_days": 45,
    "committed_limit_days": 15,
    "legal_basis": "《中华人民共和国建筑法》第七条",
    "joint": True,
    "co_departments": ["market", {"department": "west", "limit_days": 5, "deemed_consent": False}],
    "materials": [
        {"code": "M1", "name": "施工许可申请表", "required": True},
        {"code": "M2", "name": "施工图审查合格书", "required": True, "copies": 2, "form": "original_copy"},
    ],
    "fees": [{"code": "F1", "name": "工本费", "amount": 0, "legal_basis": "不收费"}],
}


def test_create_read_revise(api, city):
    admin = api("admin")
    r = admin.post("/api/v1/catalogue/items", ITEM)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["version"], body["versions"], body["joint"], body["on_the_spot"]) == (1, 1, True, False)
    assert [(c["department"]["code"], c["limit_days"], c["deemed_consent"]) for c in body["co_departments"]] == [("market", 15, True), ("west", 5, False)]
    assert body["co_departments"][0] == {"department": {"code": "market", "name": "市市场监督管理局"}, "limit_days": 15, "deemed_consent": True}
    assert body["materials"][1]["form_label"] == "原件及复印件" and body["fees"][0]["amount"] == "0.00"
    assert admin.post("/api/v1/catalogue/items", ITEM).json()["code"] == "duplicate_item"
    r = admin.put("/api/v1/catalogue/items/ZJJ-001", ITEM | {"committed_limit_days": 12, "change_note": "承诺时限压缩"})
    assert (r.json()["version"], r.json()["changed"], r.json()["versions"]) == (2, True, 2)
    assert admin.put("/api/v1/catalogue/items/ZJJ-001", ITEM | {"committed_limit_days": 12}).json()["changed"] is False
    public = api()
    assert public.get("/api/v1/catalogue/items/ZJJ-001?version=1").json()["committed_limit_days"] == 15
    assert public.get("/api/v1/catalogue/items/ZJJ-001?version=9").status_code == 404
    assert public.get("/api/v1/catalogue/items/NOPE").status_code == 404


def test_bad_items(api, city):
    admin = api("admin")
    r = admin.post("/api/v1/catalogue/items", ITEM | {"department": "nowhere", "committed_limit_days": 50})
    assert r.status_code == 400 and r.json()["code"] == "invalid_item"
    assert {"承诺时限不能长于法定时限", "部门编码 nowhere 不存在或已停用"} <= set(r.json()["details"]["errors"])
    assert admin.post("/api/v1/catalogue/items", ITEM | {"legal_limit_days": "二十"}).status_code == 400
    assert not ServiceItem.objects.exists()


def test_search_withdraw_and_publish(api, city):
    admin = api("admin")
    admin.post("/api/v1/catalogue/items", ITEM)
    admin.post(
        "/api/v1/catalogue/items",
        ITEM
        | {
            "code": "SCJG-1",
            "name": "食品经营许可",
            "department": "market",
            "joint": False,
            "co_departments": [],
            "legal_basis": "《中华人民共和国食品安全法》第三十五条",
        },
    )
    public = api()
    assert [i["code"] for i in public.get("/api/v1/catalogue/items?q=食品").json()] == ["SCJG-1"]
    assert [i["code"] for i in public.get("/api/v1/catalogue/items?q=建筑法").json()] == ["ZJJ-001"]
    assert [i["code"] for i in public.get("/api/v1/catalogue/items?department=housing").json()] == ["ZJJ-001"]
    assert admin.post("/api/v1/catalogue/items/SCJG-1/withdraw", {"reason": "事项取消"}).json()["published"] is False
    assert [i["code"] for i in public.get("/api/v1/catalogue/items").json()] == ["ZJJ-001"]
    assert public.get("/api/v1/catalogue/items/SCJG-1").status_code == 404
    assert {i["code"] for i in admin.get("/api/v1/catalogue/items").json()} == {"ZJJ-001", "SCJG-1"}
    assert admin.post("/api/v1/catalogue/items/SCJG-1/publish", {"reason": "恢复"}).json()["published"] is True


def test_export_and_import_over_http(api, city, client):
    admin = api("admin")
    admin.post("/api/v1/catalogue/items", ITEM)
    exported = api().get("/api/v1/catalogue/export")
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(exported.content))
    book["事项"]["J2"] = 10  # 承诺时限
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "catalogue.xlsx"
    r = client.post("/api/v1/catalogue/import", {"file": out}, headers=admin.headers)
    assert r.status_code == 200 and r.json() == {"created": [], "revised": ["ZJJ-001"], "unchanged": []}
    bad = io.BytesIO(b"garbage")
    bad.name = "x.xlsx"
    assert client.post("/api/v1/catalogue/import", {"file": bad}, headers=admin.headers).json()["code"] == "invalid_file"
    assert client.post("/api/v1/catalogue/import", {"file": io.BytesIO(exported.content)}, headers=api("handler").headers).status_code == 403


def test_enterprise_fee_list(api, city):
    fee = {
        "code": "QF-1",
        "name": "特种设备检验检测费",
        "kind": "administrative",
        "department": "market",
        "standard": "按核定标准",
        "legal_basis": "《特种设备安全法》",
    }
    assert api("handler").post("/api/v1/catalogue/enterprise-fees", fee).status_code == 403
    assert api("admin").post("/api/v1/catalogue/enterprise-fees", fee).status_code == 201
    assert api().get("/api/v1/catalogue/enterprise-fees").json()[0]["kind_label"] == "行政事业性收费"
