import datetime as dt

import pytest

from xiaoneng.core import clock, sql
from xiaoneng.core.models import AuditRecord, TaskIntent

AT = dt.datetime(2026, 12, 3, 14, 5, tzinfo=clock.LOCAL_TZ)


def columns(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields if not f.primary_key}


@pytest.mark.django_db
def test_insert_writes_the_row_save_would_write_and_gives_the_object_its_id():
    by_save = TaskIntent(task="xiaoneng.t", key="a", args=[1, "二"], created_at=AT)
    by_save.save()
    by_insert = TaskIntent(task="xiaoneng.t", key="b", args=[1, "二"], created_at=AT)
    sql.insert(by_insert)
    assert by_insert.pk is not None and by_insert.pk != by_save.pk and not by_insert._state.adding
    stored = {pk: columns(row) for pk, row in TaskIntent.objects.in_bulk([by_save.pk, by_insert.pk]).items()}
    assert stored[by_insert.pk] == stored[by_save.pk] | {"key": "b"}  # the defaults (attempts 0, no error) too
    assert stored[by_insert.pk]["created_at"] == AT


@pytest.mark.django_db
def test_insert_writes_many_rows_in_order_past_the_parameter_limit():
    records = [AuditRecord(at=AT, actor_name="测试", channel="api", action=f"a{i}", subject_type="t", subject_id=str(i), after={"i": i}) for i in range(300)]
    sql.insert(*records)  # 300 × 12 parameters: more than one statement on SQLite
    stored = AuditRecord.objects.in_bulk([r.pk for r in records])
    assert [stored[r.pk].action for r in records] == [f"a{i}" for i in range(300)]
    assert [stored[r.pk].after for r in records] == [{"i": i} for i in range(300)]
    assert sorted(r.pk for r in records) == [r.pk for r in records]


@pytest.mark.django_db
def test_insert_refuses_a_row_already_stored():
    intent = TaskIntent(task="xiaoneng.t", key="c", created_at=AT)
    sql.insert(intent)
    with pytest.raises(ValueError):
        sql.insert(intent)
    assert TaskIntent.objects.filter(key="c").count() == 1
