import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from xiaoneng.core import audit
from xiaoneng.core.context import Channel, via
from xiaoneng.core.models import AuditChainHead, AuditRecord


def _records(n, user=None):
    for i in range(n):
        audit.record(actor=user, action="test.change", subject="test.thing", subject_id=i, before={"n": i}, after={"n": i + 1})


def test_record_captures_who_what_when_and_channel(city, frozen):
    handler = city.user("handler")
    with frozen(2026, 3, 2, 9, 30), via(Channel.HOTLINE):
        rec = audit.record(actor=handler, action="thing.change", subject=city.dept("market"), before={"a": 1}, after={"a": 2}, note="测试")
    assert rec.actor == handler and rec.actor_name == "测试handler"
    assert rec.channel == "hotline"
    assert rec.subject_type == "org.department" and rec.subject_id == str(city.dept("market").pk)
    assert rec.at == dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)
    assert list(audit.history(city.dept("market")).filter(action="thing.change")) == [rec]


def test_records_cannot_be_changed_or_deleted_through_the_orm(db):
    _records(1)
    rec = AuditRecord.objects.last()
    rec.note = "改过"
    with pytest.raises(PermissionError):
        rec.save()
    with pytest.raises(PermissionError):
        rec.delete()
    with pytest.raises(PermissionError):
        AuditRecord.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditRecord.objects.update(note="x")


def test_seal_then_verify(db):
    _records(7)
    sealed = audit.seal_pending(batch_size=3)
    assert sealed == AuditRecord.objects.count()
    assert not AuditRecord.objects.filter(seq__isnull=True).exists()
    result = audit.verify_chain()
    assert result["ok"] and result["checked"] == sealed
    _records(2)
    assert audit.seal_pending() == 2
    assert audit.verify_chain()["checked"] == sealed + 2
    assert AuditChainHead.objects.get(pk=1).last_seq == sealed + 2


def _tamper(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # switches the append-only trigger off
        cursor.execute(sql, params)


def test_verify_finds_a_changed_record(db):
    _records(5)
    audit.seal_pending()
    victim = AuditRecord.objects.order_by("seq")[2]
    _tamper("UPDATE core_auditrecord SET note = %s WHERE id = %s", ["改写", victim.pk])
    result = audit.verify_chain()
    assert result == {"ok": False, "checked": 2, "broken_at_seq": 3, "record_id": victim.pk, "reason": "记录内容与封存值不符"}


def test_verify_finds_a_deleted_record(db):
    _records(5)
    audit.seal_pending()
    victim = AuditRecord.objects.order_by("seq")[1]
    _tamper("DELETE FROM core_auditrecord WHERE id = %s", [victim.pk])
    assert audit.verify_chain()["broken_at_seq"] == 2


def test_verify_finds_a_removed_tail(db):
    _records(3)
    audit.seal_pending()
    _tamper("DELETE FROM core_auditrecord WHERE seq = (SELECT MAX(seq) FROM core_auditrecord)", [])
    assert not audit.verify_chain()["ok"]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the database trigger exists on PostgreSQL only")
def test_postgresql_refuses_to_change_a_record(db):
    from django.db import DatabaseError, transaction

    _records(1)
    audit.seal_pending()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditrecord SET note = 'x'")


def test_verify_command(db, capsys):
    _records(2)
    call_command("audit_verify")
    assert '"ok": true' in capsys.readouterr().out
    _tamper("UPDATE core_auditrecord SET action = 'x' WHERE seq = 1", [])
    with pytest.raises(CommandError):
        call_command("audit_verify")
