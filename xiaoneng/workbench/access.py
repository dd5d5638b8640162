"""Who may open the workbench's city-wide pages."""

from xiaoneng.org.access import has_role
from xiaoneng.org.models import Role


def access_cockpit(user) -> bool:
    """领导驾驶舱: leaders, and the supervision office and administrators who prepare for them."""
    return has_role(user, Role.LEADER, Role.SUPERVISOR, Role.ADMIN)
