"""Start-up checks of the security settings (``manage.py check``)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

MIN_AUDIT_RETENTION_DAYS = 180  # GB/T 22239-2019 level 3: audit records kept at least six months


@checks.register(checks.Tags.security)
def audit_retention(app_configs=None, **kwargs):
    days = settings.XIAONENG.get("AUDIT_RETENTION_DAYS", MIN_AUDIT_RETENTION_DAYS)
    if days < MIN_AUDIT_RETENTION_DAYS:
        return [
            checks.Error(
                f"审计记录保存期 AUDIT_RETENTION_DAYS={days} 天，少于等保三级要求的 {MIN_AUDIT_RETENTION_DAYS} 天",
                id="xiaoneng.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security)
def crypto_provider(app_configs=None, **kwargs):
    from .crypto import provider

    try:
        provider()
    except (ImportError, ValueError) as exc:
        return [checks.Error(f"密码服务 CRYPTO_PROVIDER 无法加载：{exc}", id="xiaoneng.E002")]
    return []
