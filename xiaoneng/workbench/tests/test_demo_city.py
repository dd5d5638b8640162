from django.core.management import call_command

from xiaoneng.org.access import roles_of
from xiaoneng.org.models import Department, Role, Staff


def test_demo_city_loads_once_with_every_role(db, capsys):
    call_command("demo_city")
    out = capsys.readouterr().out
    assert "演示账号" in out and "dispatcher" in out
    assert Department.objects.filter(kind="bureau").count() >= 12
    assert Department.objects.filter(kind="district").count() >= 5
    assert Department.objects.filter(kind="street").exists() and Department.objects.filter(kind="township").exists()
    assert Department.objects.get(code="jinan").division_code == "370100"
    for username in ["admin", "window", "dispatcher", "handler", "head", "supervisor", "leader"]:
        staff = Staff.objects.get(user__username=username)
        assert staff.user.check_password(username)
        assert roles_of(staff.user) != {Role.PUBLIC}
    assert Staff.objects.get(user__username="handler").department == Staff.objects.get(user__username="head").department
    count = Department.objects.count()
    call_command("demo_city")
    assert "已存在" in capsys.readouterr().out
    assert Department.objects.count() == count
