"""One interface to the cryptography that protects important data (GB/T 39786): a keyed
message authentication code over a hash function.

``XIAONENG["CRYPTO_PROVIDER"]`` names the provider: ``"sha256"`` (HMAC-SHA-256, the
default), ``"sm3"`` (HMAC-SM3 of GB/T 32905, through the ``gmssl`` package), or the dotted
path of a class with the same two methods, so that a certified cryptographic module can be
plugged in without touching the callers.  Keys come from the environment
(``XIAONENG_AUDIT_KEY``), never from the database whose rows they protect.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


class Provider:
    """``name`` is stored beside what it sealed, so a chain stays verifiable after the
    configured provider changes."""

    name: str = ""

    def digest(self, data: bytes) -> bytes:
        raise NotImplementedError

    def mac(self, key: bytes, data: bytes) -> str:
        raise NotImplementedError


class Sha256(Provider):
    name = "hmac-sha256"

    def digest(self, data: bytes) -> bytes:
        return hashlib.sha256(data).digest()

    def mac(self, key: bytes, data: bytes) -> str:
        return hmac.new(key, data, hashlib.sha256).hexdigest()


class Sm3(Provider):
    """HMAC (RFC 2104) over SM3; SM3 has SHA-256's block (64 bytes) and output (32 bytes)."""

    name = "hmac-sm3"
    BLOCK = 64

    def digest(self, data: bytes) -> bytes:
        from gmssl import func, sm3

        return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data)))

    def mac(self, key: bytes, data: bytes) -> str:
        if len(key) > self.BLOCK:
            key = self.digest(key)
        key = key.ljust(self.BLOCK, b"\0")
        inner = self.digest(bytes(b ^ 0x36 for b in key) + data)
        return self.digest(bytes(b ^ 0x5C for b in key) + inner).hex()


BUILT_IN = {"sha256": Sha256, "sm3": Sm3, Sha256.name: Sha256, Sm3.name: Sm3}


@cache
def _load(name: str) -> Provider:
    cls = BUILT_IN.get(name) or import_string(name)
    return cls()


def provider(name: str | None = None) -> Provider:
    """The configured provider, or the one a stored seal names."""
    return _load(name or settings.XIAONENG.get("CRYPTO_PROVIDER", "sha256"))


def audit_keys() -> list[bytes]:
    """The current audit key first, then retired ones (still needed to verify old seals).
    Without a configured key one is derived from SECRET_KEY (embedded use only: production
    settings require ``XIAONENG_AUDIT_KEY``)."""
    configured = [k for k in [settings.XIAONENG.get("AUDIT_KEY", ""), *settings.XIAONENG.get("AUDIT_OLD_KEYS", [])] if k]
    if not configured:
        return [hmac.new(settings.SECRET_KEY.encode(), b"xiaoneng audit chain", hashlib.sha256).digest()]
    return [k.encode() for k in configured]


def key_id(key: bytes) -> str:
    """A short public fingerprint of a key: which key sealed a record, without revealing it."""
    return hmac.new(key, b"xiaoneng key id", hashlib.sha256).hexdigest()[:12]


def key_by_id(kid: str) -> bytes | None:
    return next((k for k in audit_keys() if key_id(k) == kid), None)
