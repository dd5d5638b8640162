"""Who may do what with the analysis (智能分析): the office (dispatchers, the supervision
office), leaders and administrators see hot issues and the problem register; the supervision
office puts problems on the register and reviews flagged replies; administrators train and
activate routing models."""

from __future__ import annotations

from xiaoneng.org.access import has_role
from xiaoneng.org.models import Role


def access_hot_issues(user) -> bool:
    return has_role(user, Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)


def access_problem_register(user) -> bool:
    return has_role(user, Role.SUPERVISOR, Role.ADMIN)


def access_reply_review(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def access_routing_model(user) -> bool:
    return has_role(user, Role.ADMIN)
