"""Public guide pages and the administrators' catalogue pages."""

import io

from xiaoneng.catalogue.models import ServiceItem
from xiaoneng.catalogue.services import enterprise_fee_save, item_create, item_set_published


def login(client, username):
    assert client.login(username=username, password=username)
    return client


def test_public_search_and_detail(client, city, spec, joint_spec):
    item_create(by=None, spec=spec)
    item_create(by=None, spec=joint_spec)
    html = client.get("/catalogue/").content.decode()
    assert "食品经营许可" in html and "建筑工程施工许可证核发" in html and "并联审批" in html
    partial = client.get("/catalogue/?q=建筑", HTTP_HX_REQUEST="true").content.decode()
    assert "建筑工程施工许可证核发" in partial and "食品经营许可" not in partial and "<html" not in partial
    html = client.get(f"/catalogue/items/{spec.code}/").content.decode()
    for text in (
        "《中华人民共和国食品安全法》第三十五条",
        "营业执照复印件",
        "复印件",
        "20 个工作日",
        "10 个工作日",
        "不收费（0元）",
        "《食品经营许可申请书》",
        "视情况",
    ):
        assert text in html, text
    html = client.get(f"/catalogue/items/{joint_spec.code}/").content.decode()
    assert "市市场监督管理局（10个工作日，逾期未反馈视为同意）" in html
    assert client.get("/catalogue/items/NOPE/").status_code == 404


def test_old_versions_stay_readable_and_withdrawn_items_leave_the_public_list(client, city, spec):
    import dataclasses

    from xiaoneng.catalogue.services import item_revise

    item = item_create(by=None, spec=spec).item
    item_revise(by=None, item=item, spec=dataclasses.replace(spec, name="食品经营许可（新）"))
    html = client.get(f"/catalogue/items/{spec.code}/?version=1").content.decode()
    assert "历史版本" in html and "第1版" in html
    item_set_published(by=None, item=item, published=False, reason="取消")
    assert "食品经营许可" not in client.get("/catalogue/").content.decode()
    assert client.get(f"/catalogue/items/{spec.code}/").status_code == 404
    login(client, "handler")
    assert "已停止" in client.get("/staff/catalogue/").content.decode()


def test_enterprise_fee_page(client, city):
    enterprise_fee_save(
        by=None, code="QF-1", name="特种设备检验检测费", kind="administrative", department="market", standard="按核定标准", legal_basis="《特种设备安全法》"
    )
    html = client.get("/catalogue/fees/").content.decode()
    assert "特种设备检验检测费" in html and "清单之外" in html


def test_staff_catalogue_for_every_role(client, city, spec):
    item_create(by=None, spec=spec)
    for name in ("window", "handler", "head", "supervisor", "leader", "dispatcher"):
        html = login(client, name).get("/staff/catalogue/").content.decode()
        assert "食品经营许可" in html and "新增事项" not in html
        assert client.get("/staff/catalogue/new/").status_code == 403
    html = login(client, "admin").get("/staff/catalogue/").content.decode()
    assert "新增事项" in html and "导入 Excel" in html
    partial = client.get("/staff/catalogue/?q=食品", HTTP_HX_REQUEST="true").content.decode()
    assert "食品经营许可" in partial and "<html" not in partial


def test_admin_form_creates_and_revises(client, city):
    login(client, "admin")
    assert "申请材料" in client.get("/staff/catalogue/new/").content.decode()
    data = {
        "code": "SW-01",
        "name": "排污许可",
        "department": "market",
        "kind": "licence",
        "legal_limit_days": "20",
        "committed_limit_days": "15",
        "legal_basis": "《排污许可管理条例》",
        "materials": "M1 | 排污许可证申请表 | 1 | 原件 | 是 | 申请人自备 | \nM2 | 监测方案 | 2 | 原件 | 否 |  | ",
        "fees": "",
        "co_departments": "",
    }
    bad = client.post("/staff/catalogue/new/", data | {"materials": "M1 | 申请表 | 两份"}).content.decode()
    assert "材料第1行：“份数”应为非负整数" in bad and not ServiceItem.objects.exists()
    response = client.post("/staff/catalogue/new/", data, follow=True)
    assert "已发布（第1版）" in response.content.decode()
    version = ServiceItem.objects.get(code="SW-01").current
    assert [(m.code, m.copies, m.required) for m in version.materials.all()] == [("M1", 1, True), ("M2", 2, False)]
    edit = client.get("/staff/catalogue/items/SW-01/edit/").content.decode()
    assert "M2 | 监测方案 | 2 | 原件 | 否" in edit
    response = client.post("/staff/catalogue/items/SW-01/edit/", data | {"committed_limit_days": "10", "change_note": "压缩时限"}, follow=True)
    assert "已发布第2版" in response.content.decode() and "压缩时限" in response.content.decode()
    response = client.post("/staff/catalogue/items/SW-01/publication/", {"publish": "0", "reason": "试点结束"}, follow=True)
    assert "已停止办理" in response.content.decode()


def test_import_page_reports_row_errors(client, city):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "事项"
    book.active.append(["事项编码", "事项名称", "实施部门编码", "法定时限（工作日）", "承诺时限（工作日）"])
    book.active.append(["X1", "某事项", "market", 20, "十"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "c.xlsx"
    html = login(client, "admin").post("/staff/catalogue/import/", {"file": out}, follow=True).content.decode()
    assert "「事项」表第2行：“承诺时限（工作日）”应为非负整数" in html and not ServiceItem.objects.exists()
    export = client.get("/staff/catalogue/export/")
    assert export.status_code == 200 and export.content[:2] == b"PK"
