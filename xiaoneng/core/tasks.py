from celery import shared_task

from . import anchors, audit, clock, outbox


@shared_task(name="xiaoneng.core.tasks.seal_audit_log", **outbox.RETRY)
def seal_audit_log() -> int:
    """Seal new audit records into the keyed chain and, every few minutes, anchor its head
    outside the database (periodic, safe to rerun)."""
    sealed = audit.seal_pending()
    anchors.write()
    return sealed


@shared_task(name="xiaoneng.core.tasks.relay_outbox")
def relay_outbox() -> int:
    """Publish the outbox's intents that the fast path missed or no worker finished
    (periodic, every few seconds; several relays share the rows)."""
    return outbox.relay()


@shared_task(name="xiaoneng.core.tasks.purge_outbox", **outbox.RETRY)
def purge_outbox() -> int:
    """Forget outbox intents done more than a week ago (daily)."""
    return outbox.purge(clock.now())
