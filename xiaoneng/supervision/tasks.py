from celery import shared_task

from xiaoneng.core.context import Channel, via


@shared_task(name="xiaoneng.supervision.tasks.sweep")
def sweep() -> dict:
    """The periodic electronic-supervision pass (safe on several workers at once)."""
    from .sweep import warnings_sweep

    with via(Channel.SYSTEM):
        return warnings_sweep(by=None).counts
