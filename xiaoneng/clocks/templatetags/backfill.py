"""``{% load backfill %}{% if record.note|backfilled %}<span class="badge">补录</span>{% endif %}``:
the 补录 badge wherever a case's step is shown (its timeline, its deadlines)."""

from django import template

from xiaoneng.clocks import backfill

register = template.Library()


@register.filter
def backfilled(note) -> bool:
    return backfill.is_marked(str(note or ""))
