"""Periodic work of evaluation; thin wrappers around the services."""

from celery import shared_task

from . import services


@shared_task(name="xiaoneng.evaluation.tasks.default_ratings")
def default_ratings() -> int:
    """The configured default rating for cases whose rating window closed unrated (safe to rerun)."""
    return services.ratings_default(by=None)
