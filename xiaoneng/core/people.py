"""Who acts and how people are named.  ``by`` in a service is a signed-in user, an anonymous
visitor, an integration (AnonymousUser) or None for the system; records keep a user only for
the first."""

from __future__ import annotations


def person(by):
    """``by`` when it is a signed-in user, else None (the system, a visitor, an integration)."""
    return by if getattr(by, "is_authenticated", False) else None


def display_name(user, default: str = "系统") -> str:
    """A person as others read them: the staff name, else the account's full name, else the
    login name; ``default`` for nobody."""
    if user is None or not getattr(user, "is_authenticated", True):
        return default
    staff = getattr(user, "staff", None)
    if staff is not None and staff.name:
        return staff.name
    return user.get_full_name() or user.get_username()
