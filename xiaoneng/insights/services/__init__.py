"""Every write of the analysis package: one function per mutation, keyword-only, ``by=`` the
acting user (None for the system), each audited."""

from .issues import duplicate_check, hot_issues_recompute, problem_register, problem_solve
from .replies import reply_assess, reply_review_accept
from .routing import category_department_set, routing_model_activate, routing_model_train

__all__ = [
    "category_department_set",
    "duplicate_check",
    "hot_issues_recompute",
    "problem_register",
    "problem_solve",
    "reply_assess",
    "reply_review_accept",
    "routing_model_activate",
    "routing_model_train",
]
