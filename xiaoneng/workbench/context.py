from django.conf import settings
from django.urls import NoReverseMatch, reverse

from xiaoneng.org.access import is_staff_member, roles_of
from xiaoneng.org.models import Role
from xiaoneng.org.selectors import staff_of

from .nav import PUBLIC_NAV, STAFF_NAV


def _items(items, roles, path, user=None):
    out = []
    for item in items:
        if not roles & item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        badge = item.badge(user) if item.badge and user is not None else None
        out.append({"label": item.label, "url": url, "hint": item.hint, "group": item.group, "active": False, "badge": badge, "badge_label": item.badge_label})
    # The entry whose URL is the longest prefix of the current path is the active one.
    matches = [entry for entry in out if path == entry["url"] or (entry["url"] not in ("/", "/staff/") and path.startswith(entry["url"]))]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["active"] = True
    return out


def _grouped(entries):
    groups: dict[str, list] = {}
    for entry in entries:
        groups.setdefault(entry["group"], []).append(entry)
    return list(groups.items())


def navigation(request):
    user = getattr(request, "user", None)
    roles = roles_of(user)
    staff = is_staff_member(user)
    return {
        "city_name": settings.XIAONENG["CITY_NAME"],
        "is_staff_member": staff,
        "staff_profile": staff_of(user) if staff else None,
        "role_labels": [Role(r).label for r in sorted(roles)],
        "staff_nav": _grouped(_items(STAFF_NAV, roles, request.path, user)) if staff else [],
        "public_nav": _items(PUBLIC_NAV, roles | {Role.PUBLIC}, request.path),
    }
