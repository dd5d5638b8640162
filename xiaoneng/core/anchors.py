"""Anchors of the audit chain kept outside the database.

Every few minutes the sealer appends one line to a file under
``XIAONENG["AUDIT_ANCHOR_DIR"]``: the chain head (seq and seal) and the epochs, with a MAC
under the audit key.  ``audit_verify`` reads every line back: a table truncated together
with its head, or a chain recomputed after a record was changed, no longer matches what was
anchored.  The directory should be storage the database's administrators cannot rewrite (a
different machine, an append-only mount, WORM or object-lock storage); one file per month,
lines only ever appended.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from django.conf import settings

from . import clock, crypto
from .models import AuditChainHead


def directory() -> Path:
    return Path(settings.XIAONENG["AUDIT_ANCHOR_DIR"])


def _payload_bytes(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _files() -> list[Path]:
    folder = directory()
    return sorted(folder.glob("anchors-*.jsonl")) if folder.is_dir() else []


def _last_line() -> dict | None:
    for path in reversed(_files()):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if lines:
            return json.loads(lines[-1])
    return None


def write(*, force: bool = False) -> dict | None:
    """Append an anchor of the current chain head, unless the head has not moved or (without
    ``force``) the last anchor is younger than ``AUDIT_ANCHOR_MINUTES``.  Returns the line."""
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or not head.last_seq:
        return None
    now = clock.now()
    last = _last_line()
    if last is not None:
        if last["payload"]["seq"] == head.last_seq and last["payload"]["hash"] == head.last_hash:
            return None
        age = now - dt.datetime.fromisoformat(last["payload"]["at"])
        if not force and age < dt.timedelta(minutes=settings.XIAONENG.get("AUDIT_ANCHOR_MINUTES", 10)):
            return None
    key = crypto.audit_keys()[0]
    signer = crypto.provider()
    payload = {"seq": head.last_seq, "hash": head.last_hash, "epochs": head.epochs, "at": now.isoformat()}
    line = {"payload": payload, "algorithm": signer.name, "key_id": crypto.key_id(key), "mac": signer.mac(key, _payload_bytes(payload))}
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"anchors-{clock.local(now):%Y%m}.jsonl"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return line


def read() -> tuple[dict[int, str], list[dict], list[str]]:
    """({seq: seal} of every anchor, the epochs of the latest anchor, problems).  A line whose
    MAC does not verify is a problem, not an anchor."""
    anchored: dict[int, str] = {}
    epochs: list[dict] = []
    problems: list[str] = []
    for path in _files():
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
                payload = line["payload"]
                key = crypto.key_by_id(line["key_id"])
                good = key is not None and crypto.provider(line["algorithm"]).mac(key, _payload_bytes(payload)) == line["mac"]
            except (ValueError, KeyError, TypeError, ImportError):
                good = False
            if not good:
                problems.append(f"库外锚点 {path.name} 第 {number} 行签名无效")
                continue
            anchored[int(payload["seq"])] = payload["hash"]
            epochs = payload["epochs"]
    return anchored, epochs, problems
