import pytest

from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.org.models import DepartmentKind, Role
from xiaoneng.org.selectors import department_subtree
from xiaoneng.org.services import department_create, staff_create, staff_set_roles


def test_department_paths_make_subtrees(city):
    assert set(department_subtree(city.dept("east")).values_list("code", flat=True)) == {"east", "east-1"}
    assert city.dept("east-1").path == f"{city.dept('city').path}{city.dept('east').pk}/{city.dept('east-1').pk}/"


def test_department_create_is_audited_and_validated(city):
    with pytest.raises(InvalidInput) as exc:
        department_create(by=None, code="market", name="重复", kind=DepartmentKind.BUREAU)
    assert exc.value.code == "duplicate_department"
    with pytest.raises(InvalidInput):
        department_create(by=None, code="x", name="错码", kind=DepartmentKind.DISTRICT, division_code="37A1")
    assert AuditRecord.objects.filter(action="department.create", subject_id=str(city.dept("east").pk)).exists()


def test_staff_roles(city):
    staff = staff_create(by=city.user("admin"), username="newbie", password="x", name="新人", department=city.dept("market"), roles=[Role.HANDLER])
    security = staff_create(by=None, username="secadmin", password="x", name="安全员", department=city.dept("city"), roles=[Role.SECURITY_ADMIN])
    staff_set_roles(by=security.user, staff=staff, roles=[Role.HANDLER, Role.HEAD])
    assert set(staff.role_grants.values_list("role", flat=True)) == {"handler", "head"}
    rec = AuditRecord.objects.filter(action="staff.set_roles").get()
    assert rec.before == {"roles": ["handler"]} and rec.after == {"roles": ["handler", "head"]}
    with pytest.raises(InvalidInput):
        staff_set_roles(by=None, staff=staff, roles=["king"])


def test_only_admin_role_reaches_the_django_admin(city):
    assert city.user("admin").is_staff
    assert not city.user("head").is_staff
    staff_set_roles(by=None, staff=city["staff"]["head"], roles=[Role.HEAD, Role.ADMIN])
    assert city.user("head").is_staff and city.user("head").is_superuser
    staff_set_roles(by=None, staff=city["staff"]["head"], roles=[Role.HEAD])
    assert not city.user("head").is_staff
