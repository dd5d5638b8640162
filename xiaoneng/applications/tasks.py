"""Periodic sweeps (listed in ``xiaoneng.schedule``); thin wrappers around the services."""

from celery import shared_task

from xiaoneng.core.context import Channel, via

from .services import sweepers


@shared_task(name="xiaoneng.applications.tasks.sweep_deadlines")
def sweep_deadlines() -> dict:
    """Deemed acceptance, deemed co-department consent and deemed approval, in that order."""
    with via(Channel.SYSTEM):
        return sweepers.sweep_all()
