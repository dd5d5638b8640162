"""Who may change the service catalogue.

The catalogue is what the city promises the public (行政许可法 第三十条), so only system
administrators publish or change it (usually by importing the office's spreadsheet).
Supervisors audit the catalogue and the clocks built on it; letting them edit what they
supervise would mix the two jobs, so they read it like everybody else."""

from __future__ import annotations

from xiaoneng.org.access import has_role, is_staff_member
from xiaoneng.org.models import Role


def access_manage_catalogue(user) -> bool:
    return has_role(user, Role.ADMIN)


def access_approve_off_list_fee(user) -> bool:
    """The supervision office (软环境办) approves a fee off the city's 涉企收费清单."""
    return has_role(user, Role.SUPERVISOR)


def access_see_withdrawn_items(user) -> bool:
    """Staff see items that are no longer offered (old applications still point at them)."""
    return is_staff_member(user)
