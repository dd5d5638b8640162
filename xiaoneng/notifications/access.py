"""Who may see and resend the notifications that could not be delivered."""

from xiaoneng.org.access import has_role
from xiaoneng.org.models import Role

# The system administrators run the gateways; the supervision office answers for the notices.
DEAD_LETTER_ROLES = (Role.ADMIN, Role.SUPERVISOR)


def access_dead_letters(user) -> bool:
    return has_role(user, *DEAD_LETTER_ROLES)
