from celery import shared_task

from xiaoneng.core.context import Channel, via

from . import services


@shared_task(name="xiaoneng.accountability.tasks.finalise_sanctions")
def finalise_sanctions() -> int:
    """Decisions whose appeal period ran out become final (safe on several workers)."""
    with via(Channel.SYSTEM):
        return services.sanctions_finalise(by=None)
