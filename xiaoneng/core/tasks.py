from celery import shared_task

from . import audit


@shared_task(name="xiaoneng.core.tasks.seal_audit_log")
def seal_audit_log() -> int:
    """Seal new audit records into the hash chain (periodic, safe to rerun)."""
    return audit.seal_pending()
