"""Who acts and how people are named: one check, one name, in Python and in templates."""

from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from xiaoneng.core import audit
from xiaoneng.core.people import display_name, person


def test_only_a_signed_in_user_is_a_person(city):
    handler = city.user("handler")
    assert person(handler) == handler
    assert person(None) is None and person(AnonymousUser()) is None


def test_people_are_named_by_their_staff_name(city, public_user):
    assert display_name(city.user("handler")) == city["staff"]["handler"].name
    assert display_name(public_user) == "citizen"  # no staff profile, no full name: the login name
    assert display_name(None) == "系统" and display_name(AnonymousUser(), default="") == ""


def test_templates_and_the_audit_log_use_the_same_name(city):
    handler = city.user("handler")
    html = Template("{% load people %}{{ u|person_name }}/{{ nobody|person_name }}/{{ nobody|person_name:'未指定' }}").render(
        Context({"u": handler, "nobody": None})
    )
    assert html == f"{city['staff']['handler'].name}/系统/未指定"
    rec = audit.record(actor=handler, action="admin.change", subject=city.dept("market"))
    assert (rec.actor, rec.actor_name) == (handler, display_name(handler))
    rec = audit.record(actor=AnonymousUser(), action="admin.change", subject=city.dept("market"))
    assert (rec.actor, rec.actor_name) == (None, "系统")
