"""``{{ user|person_name }}``: a person as others read them (:func:`core.people.display_name`)."""

from django import template

from xiaoneng.core.people import display_name

register = template.Library()


@register.filter
def person_name(user, default: str = "系统") -> str:
    return display_name(user, default)
