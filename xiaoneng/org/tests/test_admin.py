from xiaoneng.core.models import AuditRecord
from xiaoneng.org.models import ApiKey, Department, Role
from xiaoneng.org.services import staff_create


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
    client.post(
        "/admin/org/department/add/",
        {"code": "new-bureau", "name": "新局", "kind": "bureau", "parent": city.dept("city").pk, "sort_order": 0, "is_active": "on"},
    )
    dept = Department.objects.get(code="new-bureau")
    assert dept.path == f"{city.dept('city').path}{dept.pk}/"
    assert AuditRecord.objects.filter(action="admin.create", subject_type="org.department", subject_id=str(dept.pk)).exists()


def test_non_admin_staff_cannot_open_the_admin(client, city):
    client.force_login(city.user("head"))
    assert client.get("/admin/").status_code == 302


def test_admin_api_key_form_offers_integration_channels_only(client, city):
    client.force_login(city.user("admin"))
    response = client.post("/admin/org/apikey/add/", {"name": "内部", "channel": "system", "is_active": "on"})
    assert response.status_code == 200 and response.context["adminform"].form.errors["channel"]
    assert not ApiKey.objects.exists()


def _staff_form(staff, roles):
    return {
        "user": staff.user_id,
        "name": staff.name,
        "department": staff.department_id,
        "position": staff.position,
        "phone": staff.phone,
        "badge_no": staff.badge_no,
        "is_active": "on",
        **({"is_leader": "on"} if staff.is_leader else {}),
        "roles": roles,
    }


def test_roles_are_not_edited_in_the_admin_but_by_the_security_administrator(client, api, city):
    """三员分立: the system administrator cannot grant roles (not even to themself); the
    security administrator revokes the administrator role, which removes admin access."""
    client.force_login(city.user("admin"))
    second = city["staff"]["head"]
    client.post(f"/admin/org/staff/{second.pk}/change/", _staff_form(second, ["head", "admin"]))
    second.user.refresh_from_db()
    assert not second.user.is_superuser and set(second.role_grants.values_list("role", flat=True)) == {"head"}
    staff_create(by=None, username="secadmin", password="secadmin", name="安全员", department=city.dept("city"), roles=[Role.SECURITY_ADMIN])
    assert api("secadmin").put(f"/api/v1/staff/{second.user.username}/roles", {"roles": ["head", "admin"]}).status_code == 200
    second.user.refresh_from_db()
    assert second.user.is_superuser and second.user.is_staff
    assert api("secadmin").put(f"/api/v1/staff/{second.user.username}/roles", {"roles": ["head"]}).status_code == 200
    second.user.refresh_from_db()
    assert not second.user.is_superuser and not second.user.is_staff
    revoked = AuditRecord.objects.filter(action="staff.set_roles", subject_id=str(second.pk)).order_by("id").last()
    assert revoked.before == {"roles": ["admin", "head"]} and revoked.after == {"roles": ["head"]}
    assert revoked.actor.username == "secadmin"
    client.force_login(second.user)
    assert client.get("/admin/").status_code == 302


def test_account_admin_cannot_grant_superuser_directly(client, city):
    client.force_login(city.user("admin"))
    page = client.get(f"/admin/auth/user/{city.user('handler').pk}/change/")
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
