"""Pickers: a case by its business number or title, a person within the chosen department,
departments as a tree; what a picker offers is scoped by the role; forms take numbers, not ids."""

from xiaoneng.supervision.models import ListEntry, SupervisionOrder

from .cases import complaint


def options(client, url):
    return client.get(url).content.decode()


def test_the_case_picker_finds_by_number_or_title_within_the_role(client, city, frozen):
    with frozen(2026, 12, 1, 10):
        noisy, leaking = complaint(city, "餐馆油烟扰民", "market"), complaint(city, "楼道水管漏水", "housing")
    client.force_login(city.user("supervisor"))
    assert noisy.tracking_no in options(client, f"/staff/pick/cases/?q={noisy.tracking_no}")
    found = options(client, "/staff/pick/cases/?q=漏水")
    assert leaking.tracking_no in found and noisy.tracking_no not in found and "诉求工单 · 楼道水管漏水" in found
    client.force_login(city.user("handler"))  # market: sees its own case only
    assert noisy.tracking_no in options(client, "/staff/pick/cases/?q=油烟")
    assert noisy.tracking_no in options(client, "/staff/pick/cases/?field=case&case=油烟")  # as htmx sends it
    assert options(client, "/staff/pick/cases/?q=漏水").strip() == ""
    assert options(client, f"/staff/pick/cases/?q={leaking.tracking_no}").strip() == ""


def test_the_people_picker_lists_names_of_the_chosen_department(client, city):
    client.force_login(city.user("supervisor"))
    market = options(client, "/staff/pick/people/?department=market")
    assert "测试handler" in market and "测试head" in market and "测试housing_handler" not in market
    assert 'value="handler"' in market  # the login name is the value, the person reads the name


def test_a_supervision_order_is_issued_on_the_picked_case(client, city, frozen):
    with frozen(2026, 12, 1, 10):
        wo = complaint(city, "餐馆油烟扰民", "market")
        client.force_login(city.user("supervisor"))
        form = client.get("/staff/supervision/orders/").content.decode()
        assert "workorders.workorder" not in form and 'name="subject_id"' not in form and "测试handler" in form
        assert ">　市市场监督管理局<" in form and ">　　东一街道<" in form  # the department tree, indented
        client.post(
            "/staff/supervision/orders/issue/",
            {"case": wo.tracking_no, "department": "market", "instructions": "限期办结", "working_days": "3", "responsible": "handler"},
        )
        order = SupervisionOrder.objects.get()
        assert (order.subject_type, order.subject_id, order.responsible) == ("workorders.workorder", wo.pk, city.user("handler"))
        page = client.get(f"/staff/supervision/orders/{order.pk}/").content.decode()
        assert f"诉求工单 {wo.tracking_no}" in page and f"#{wo.pk}" not in page
        refused = client.post(
            "/staff/supervision/orders/issue/", {"case": "20990101000001", "department": "market", "instructions": "x", "working_days": "3"}, follow=True
        )
        assert "未找到编号为“20990101000001”的督办对象" in refused.content.decode() and SupervisionOrder.objects.count() == 1


def test_a_list_draft_picks_its_case(client, city, frozen):
    with frozen(2026, 12, 1, 10):
        wo = complaint(city, "窗口服务热情", "market")
        client.force_login(city.user("supervisor"))
        client.post(
            "/staff/supervision/lists/draft/",
            {"kind": "honour", "target": "case", "department": "market", "title": "热情服务", "summary": "群众点赞", "case": wo.tracking_no},
        )
        entry = ListEntry.objects.get()
        assert (entry.subject_type, entry.subject_id) == ("workorders.workorder", wo.pk)
        page = client.get("/staff/supervision/lists/").content.decode()
    assert f"诉求工单 {wo.tracking_no}" in page and "applications.application" not in page


def test_print_views_of_a_work_order_and_a_supervision_order(client, city, frozen):
    with frozen(2026, 12, 1, 10):
        wo = complaint(city, "餐馆油烟扰民", "market")
        client.force_login(city.user("supervisor"))
        client.post(
            "/staff/supervision/orders/issue/",
            {"case": wo.tracking_no, "department": "market", "instructions": "限期办结", "working_days": "3", "responsible": "handler"},
        )
        order = SupervisionOrder.objects.get()
        sheet = client.get(f"/staff/supervision/orders/{order.pk}/?print=1").content.decode()
        printed = client.get(f"/staff/workorders/{wo.pk}/?print=1").content.decode()
    assert "效能督办单" in sheet and order.number in sheet and f"诉求工单 {wo.tracking_no}" in sheet and "2026年12月1日" in sheet
    assert "2026-12-04（周五）24:00 前" in sheet and "staff.css" in sheet and "sidenav" not in sheet
    assert f"受理编号 {wo.tracking_no}" in printed and "市市场监督管理局" in printed and f"#{wo.pk}" not in printed
