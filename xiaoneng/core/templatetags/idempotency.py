"""``{% idempotency_field %}``: the hidden field that makes an HTML form's POST idempotent.

Each rendering carries a fresh key, so a double click or a browser resubmit of the same page
replays the first answer (see :mod:`xiaoneng.core.idempotency`), while a form shown again
after an error gets a new key for the corrected submission."""

import uuid

from django import template
from django.utils.html import format_html

from xiaoneng.core.idempotency import FORM_FIELD

register = template.Library()


@register.simple_tag
def idempotency_field():
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_FIELD, uuid.uuid4().hex)
