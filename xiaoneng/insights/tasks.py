from celery import shared_task

from xiaoneng.core.context import Channel, via

from .services import hot_issues_recompute


@shared_task(name="xiaoneng.insights.tasks.recompute_hot_issues")
def recompute_hot_issues() -> int:
    """热点问题 over the moving window (periodic).  Safe to rerun: it replaces the previous
    results, keeping those on the problem register."""
    with via(Channel.SYSTEM):
        return len(hot_issues_recompute(by=None))
