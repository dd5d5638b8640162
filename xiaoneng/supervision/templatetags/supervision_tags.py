import datetime as dt

from django import template

from xiaoneng.core import clock

register = template.Library()


@register.filter
def deadline(moment: dt.datetime | None) -> str:
    """A deadline as people write it: the midnight that ends 12 Oct is "2026年10月12日24时",
    an hour-based one "2026年2月13日10:00"."""
    if not moment:
        return "—"
    local = clock.local(moment)
    if local.time() == dt.time(0):
        return f"{clock.format_cn(local.date() - dt.timedelta(days=1))}24时"
    return f"{clock.format_cn(local.date())}{local:%H:%M}"
