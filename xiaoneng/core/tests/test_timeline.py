"""A case's timeline is its audit records and those of the rows that belong to it, oldest
first, each named from the vocabularies."""

from xiaoneng.core import audit
from xiaoneng.core.codes import Action
from xiaoneng.core.timeline import of, timeline
from xiaoneng.org.models import Department


def test_a_timeline_gathers_a_case_and_its_parts(city, frozen):
    market, housing, west = city.dept("market"), city.dept("housing"), city.dept("west")
    with frozen(2026, 3, 2, 9):
        audit.record(actor=None, action=Action.ADMIN_CHANGE, subject=market, note="主体")
    with frozen(2026, 3, 2, 10):
        audit.record(actor=city.user("admin"), action=Action.ADMIN_CREATE, subject=housing, note="附属")
        audit.record(actor=None, action=Action.ADMIN_DELETE, subject=west, note="无关")
    with frozen(2026, 3, 2, 8):
        audit.record(actor=None, action="retired.action", subject=market, note="旧版本")
    entries = timeline(market, of(Department, [housing.pk]))
    assert [(e.note, e.label) for e in entries] == [
        ("旧版本", "retired.action"),
        ("主体", "后台修改"),
        ("附属", "后台新增"),
        ("", "新增部门"),
        ("", "新增部门"),
    ]
    assert [e.note for e in timeline(market, of(Department, [housing.pk]), actions=[Action.ADMIN_CREATE])] == ["附属"]
    assert timeline(of(Department, [])) == []
