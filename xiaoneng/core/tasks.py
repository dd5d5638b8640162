from celery import shared_task

from . import anchors, audit


@shared_task(name="xiaoneng.core.tasks.seal_audit_log")
def seal_audit_log() -> int:
    """Seal new audit records into the keyed chain and, every few minutes, anchor its head
    outside the database (periodic, safe to rerun)."""
    sealed = audit.seal_pending()
    anchors.write()
    return sealed
