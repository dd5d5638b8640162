"""The audit log nobody can rewrite unnoticed (issue 13, item 5): a keyed chain, SM3
selectable through one crypto interface, anchors outside the database, and old chains
sealed with plain SHA-256 still verifying."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xiaoneng.core import anchors, audit, crypto
from xiaoneng.core.models import AuditChainHead, AuditRecord
from xiaoneng.core.tests.test_audit import _records, _tamper


def _rewrite_with(seal, victim_seq: int, note: str):
    """What an attacker with the database (and ``seal``) does: change one record, then
    recompute every later seal and the head so the chain is consistent again."""
    _tamper("UPDATE core_auditrecord SET note = %s WHERE seq = %s", [note, victim_seq])
    prev = AuditRecord.objects.get(seq=victim_seq).prev_hash
    for rec in AuditRecord.objects.filter(seq__gte=victim_seq).order_by("seq"):
        new = seal(prev, rec, rec.seq)
        _tamper("UPDATE core_auditrecord SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new, rec.pk])
        prev = new
    _tamper("UPDATE core_auditchainhead SET last_hash = %s WHERE id = 1", [prev])


def test_seals_are_keyed_macs_not_plain_hashes(db):
    _records(3)
    audit.seal_pending()
    rec = AuditRecord.objects.get(seq=1)
    plain = hashlib.sha256(rec.prev_hash.encode() + audit._canonical(rec, 1)).hexdigest()
    keyed = hmac.new(b"test-audit-key-not-secret", rec.prev_hash.encode() + audit._canonical(rec, 1), hashlib.sha256).hexdigest()
    assert rec.hash == keyed != plain
    assert AuditChainHead.objects.get(pk=1).epochs == [{"from_seq": 1, "algorithm": "hmac-sha256", "key_id": crypto.key_id(b"test-audit-key-not-secret")}]


def test_a_chain_recomputed_without_the_key_is_detected(db):
    _records(5)
    audit.seal_pending()
    _rewrite_with(lambda prev, rec, seq: hashlib.sha256(prev.encode() + audit._canonical(rec, seq)).hexdigest(), 2, "改写")
    result = audit.verify_chain()
    assert not result["ok"] and result["broken_at_seq"] == 2 and result["reason"] == "记录内容与封存值不符"


def test_a_chain_recomputed_with_the_apps_own_code_is_caught_by_the_anchor(db):
    _records(5)
    audit.seal_pending()
    last = AuditChainHead.objects.get(pk=1).last_seq
    assert anchors.write(force=True)["payload"]["seq"] == last
    _rewrite_with(audit.chain_hash, 2, "改写")
    result = audit.verify_chain(anchors=False)
    assert result["ok"]  # consistent in itself: only the anchor outside the database knows
    result = audit.verify_chain()
    assert not result["ok"] and result["broken_at_seq"] == last and "锚点" in result["reason"]


def test_truncating_the_table_with_its_head_is_caught_by_the_anchor(db):
    _records(4)
    audit.seal_pending()
    anchors.write(force=True)
    _tamper("DELETE FROM core_auditrecord", [])
    _tamper("UPDATE core_auditchainhead SET last_seq = 0, last_hash = %s, epochs = %s WHERE id = 1", ["0" * 64, "[]"])
    result = audit.verify_chain()
    assert not result["ok"] and "截断" in result["reason"]


def test_a_forged_anchor_line_is_refused(db):
    _records(2)
    audit.seal_pending()
    anchors.write(force=True)
    path = next(anchors.directory().glob("anchors-*.jsonl"))
    line = json.loads(path.read_text())
    line["payload"]["seq"] = 1
    path.write_text(json.dumps(line) + "\n")
    result = audit.verify_chain()
    assert not result["ok"] and "签名无效" in result["reason"]


def test_anchors_are_written_when_the_head_moves_and_not_too_often(db, frozen):
    with frozen(2026, 12, 3, 9):
        _records(2)
        audit.seal_pending()
        assert anchors.write() is not None
        assert anchors.write() is None  # head unchanged
        _records(1)
        audit.seal_pending()
        assert anchors.write() is None  # younger than AUDIT_ANCHOR_MINUTES
    last = AuditChainHead.objects.get(pk=1).last_seq
    with frozen(2026, 12, 3, 9, 11):
        assert anchors.write()["payload"]["seq"] == last
    assert sorted(anchors.read()[0]) == [last - 1, last]


def test_a_legacy_sha256_chain_keeps_verifying_and_is_then_sealed_with_the_key(db):
    """Records sealed by the previous release (plain SHA-256, no epochs) stay valid; the
    migration marks them as the first epoch and the next seal starts a keyed one."""
    _records(3)
    head, _ = AuditChainHead.objects.get_or_create(pk=1)  # a transactional test may have emptied the table
    prev = head.last_hash
    for seq, rec in enumerate(AuditRecord.objects.filter(seq__isnull=True).order_by("id"), start=1):
        seal = hashlib.sha256(prev.encode() + audit._canonical(rec, seq)).hexdigest()
        AuditRecord.objects.filter(pk=rec.pk).update(seq=seq, prev_hash=prev, hash=seal)
        prev = seal
    legacy = seq
    AuditChainHead.objects.filter(pk=1).update(last_seq=legacy, last_hash=prev, epochs=[])
    from importlib import import_module

    from django.apps import apps

    import_module("xiaoneng.core.migrations.0003_audit_chain_epochs").mark_legacy(apps, None)
    _records(2)
    audit.seal_pending()
    epochs = AuditChainHead.objects.get(pk=1).epochs
    assert [(e["from_seq"], e["algorithm"]) for e in epochs] == [(1, "sha256"), (legacy + 1, "hmac-sha256")]
    assert audit.verify_chain()["ok"] and audit.verify_chain()["checked"] == legacy + 2
    # Claiming the keyed records were legacy too (to recompute them without the key) is refused.
    _tamper("UPDATE core_auditchainhead SET epochs = %s WHERE id = 1", [json.dumps([epochs[0], epochs[1] | {"algorithm": "sha256"}])])
    assert audit.verify_chain()["reason"] == "旧式（无密钥）封存只能是第一段"


def test_sm3_is_selectable_and_a_switch_starts_a_new_epoch(db, settings):
    _records(2)
    audit.seal_pending()
    first = AuditChainHead.objects.get(pk=1).last_seq + 1
    settings.XIAONENG = settings.XIAONENG | {"CRYPTO_PROVIDER": "sm3"}
    _records(2)
    audit.seal_pending()
    head = AuditChainHead.objects.get(pk=1)
    assert [(e["from_seq"], e["algorithm"]) for e in head.epochs] == [(1, "hmac-sha256"), (first, "hmac-sm3")]
    rec = AuditRecord.objects.get(seq=first)
    assert rec.hash == crypto.Sm3().mac(b"test-audit-key-not-secret", rec.prev_hash.encode() + audit._canonical(rec, first))
    assert audit.verify_chain()["ok"]


def test_sm3_and_the_hmac_construction():
    assert crypto.Sm3().digest(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"  # GB/T 32905 example 1

    class Sha256ThroughTheSm3Construction(crypto.Sm3):
        def digest(self, data):
            return hashlib.sha256(data).digest()

    for key in (b"Jefe", b"k" * 100):
        assert (
            Sha256ThroughTheSm3Construction().mac(key, b"what do ya want for nothing?")
            == hmac.new(key, b"what do ya want for nothing?", hashlib.sha256).hexdigest()
        )


def test_a_certified_provider_plugs_in_by_dotted_path(db, settings):
    settings.XIAONENG = settings.XIAONENG | {"CRYPTO_PROVIDER": "xiaoneng.core.crypto.Sm3"}
    assert crypto.provider().name == "hmac-sm3"


def test_without_the_key_nothing_verifies(db, settings):
    _records(2)
    audit.seal_pending()
    settings.XIAONENG = settings.XIAONENG | {"AUDIT_KEY": "another-key"}
    result = audit.verify_chain()
    assert not result["ok"] and "缺少密钥" in result["reason"]
    settings.XIAONENG = settings.XIAONENG | {"AUDIT_OLD_KEYS": ["test-audit-key-not-secret"]}
    assert audit.verify_chain()["ok"]


def test_audit_verify_anchors_on_request(db, capsys):
    _records(2)
    call_command("audit_verify", "--anchor")
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["anchored"] is True
    _tamper("UPDATE core_auditrecord SET note = 'x' WHERE seq = 1", [])
    with pytest.raises(CommandError, match="记录内容与封存值不符"):
        call_command("audit_verify")
