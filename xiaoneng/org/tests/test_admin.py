from xiaoneng.core.models import AuditRecord
from xiaoneng.org.models import ApiKey, Department


def test_admin_creates_an_api_key_through_the_service(client, city):
    client.force_login(city.user("admin"))
    response = client.post("/admin/org/apikey/add/", {"name": "微博", "channel": "weibo", "is_active": "on"}, follow=True)
    assert response.status_code == 200
    key = ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    assert any(key.prefix in m for m in shown)
    assert AuditRecord.objects.filter(action="apikey.create").exists()


def test_admin_department_edit_is_audited_and_gets_a_path(client, city):
    client.force_login(city.user("admin"))
    client.post("/admin/org/department/add/", {"code": "new-bureau", "name": "新局", "kind": "bureau", "parent": city.dept("city").pk, "sort_order": 0, "is_active": "on"})
    dept = Department.objects.get(code="new-bureau")
    assert dept.path == f"{city.dept('city').path}{dept.pk}/"
    assert AuditRecord.objects.filter(action="department.admin_create", subject_id=str(dept.pk)).exists()


def test_non_admin_staff_cannot_open_the_admin(client, city):
    client.force_login(city.user("head"))
    assert client.get("/admin/").status_code == 302


def test_admin_api_key_form_offers_integration_channels_only(client, city):
    client.force_login(city.user("admin"))
    response = client.post("/admin/org/apikey/add/", {"name": "内部", "channel": "system", "is_active": "on"})
    assert response.status_code == 200 and response.context["adminform"].form.errors["channel"]
    assert not ApiKey.objects.exists()
