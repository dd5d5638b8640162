"""Due process on the pages: verify, decide, appeal, review — each by the right person."""

from xiaoneng.accountability.models import AppealStatus, Fault, FaultSource, SanctionStatus
from xiaoneng.accountability.services import fault_record
from xiaoneng.core import clock
from xiaoneng.org.models import Role
from xiaoneng.org.services import staff_create

from .conftest import at


def login(client, name):
    assert client.login(username=name, password=name)
    return client


def test_fault_to_appeal_on_the_pages(client, city):
    staff_create(
        by=None, username="office_head", password="office_head", name="主任", department=city.dept("office"), roles=[Role.SUPERVISOR, Role.HEAD], is_leader=True
    )
    fault = fault_record(by=None, source=FaultSource.COMPLAINT, department=city.dept("market"), person=city["staff"]["handler"], description="推诿企业办事")
    url = f"/staff/accountability/faults/{fault.pk}/"
    with clock.frozen(at(2026, 9, 28, 10)):
        page = login(client, "supervisor").get(url).content.decode()
        assert "认定过错" in page and "作出处理决定" not in page
        client.post(f"{url}verify/", {"basis": "调查属实", "conduct": "shirking"})
        assert "梯度建议" in client.get(url).content.decode()
        sanction = Fault.objects.get(pk=fault.pk).sanctions.get()
        login(client, "leader").post(f"/staff/accountability/sanctions/{sanction.pk}/decide/", {"basis": "一次查实待岗", "measure": "suspension"})
    with clock.frozen(at(2026, 10, 9, 10)):
        page = login(client, "handler").get(url).content.decode()
        assert "提出申诉" in page and "申诉截止</dt><dd>2026-10-23（周五）24:00 前" in page
        client.post(f"/staff/accountability/sanctions/{sanction.pk}/appeal/", {"grounds": "事出有因"})
        assert "作出复核决定" not in login(client, "leader").get(url).content.decode()  # the decider recuses
        assert "作出复核决定" in login(client, "office_head").get(url).content.decode()
        client.post(f"/staff/accountability/sanctions/{sanction.pk}/review/", {"outcome": "modified", "new_measure": "admonition", "basis": "情节较轻"})
    sanction.refresh_from_db()
    assert sanction.status == SanctionStatus.SUPERSEDED and sanction.appeal.status == AppealStatus.MODIFIED
    history = login(client, "handler").get(url).content.decode()
    assert "认定过错" in history and "作出处理决定并告知本人" in history and "复核：变更处理" in history


def test_a_refused_action_shows_why_and_changes_nothing(client, city):
    fault = fault_record(by=None, source=FaultSource.COMPLAINT, department=city.dept("market"), person=city["staff"]["handler"], description="x")
    response = login(client, "supervisor").post(f"/staff/accountability/faults/{fault.pk}/dismiss/", {"reasons": ""}, follow=True)
    assert "请填写不予认定的理由" in response.content.decode() and Fault.objects.get(pk=fault.pk).status == "reported"
    response = login(client, "supervisor").post(
        "/staff/accountability/faults/report/",
        {"source": "complaint", "department": "market", "description": "窗口人员不佩戴胸牌", "person": "nobody"},
        follow=True,
    )
    assert "未知的工作人员" in response.content.decode() and Fault.objects.count() == 1


def test_staff_see_only_their_own_faults(client, city):
    fault_record(by=None, source=FaultSource.COMPLAINT, department=city.dept("market"), person=city["staff"]["handler"], description="甲的过错")
    fault_record(by=None, source=FaultSource.COMPLAINT, department=city.dept("housing"), person=city["staff"]["housing_handler"], description="乙的过错")
    assert "乙的过错" not in login(client, "handler").get("/staff/accountability/").content.decode()
    both = login(client, "supervisor").get("/staff/accountability/").content.decode()
    assert "甲的过错" in both and "乙的过错" in both and "登记过错线索" in both
