"""Every write to applications and inquiries, one function per mutation."""

from .backfill import application_backfill_approve
from .clockwork import recompute, recompute_review
from .common import Applicant
from .handling import (
    application_decide,
    application_deliver_certificate,
    application_extend,
    application_resume,
    application_suspend,
    fee_charge,
    joint_review_answer,
)
from .inquiries import inquiry_answer, inquiry_close, inquiry_record
from .intake import application_assign, application_correct, application_review, application_submit, application_withdraw
from .statute import licence_validity_record, preliminary_review_assign, preliminary_review_send_up, renewal_link
from .sweepers import sweep_all, sweep_deemed_acceptance, sweep_deemed_approval, sweep_deemed_consent, sweep_deemed_renewal

__all__ = [
    "Applicant",
    "application_assign",
    "application_backfill_approve",
    "application_correct",
    "application_decide",
    "application_deliver_certificate",
    "application_extend",
    "application_resume",
    "application_review",
    "application_submit",
    "application_suspend",
    "application_withdraw",
    "fee_charge",
    "inquiry_answer",
    "inquiry_close",
    "inquiry_record",
    "joint_review_answer",
    "licence_validity_record",
    "preliminary_review_assign",
    "preliminary_review_send_up",
    "recompute",
    "recompute_review",
    "renewal_link",
    "sweep_all",
    "sweep_deemed_acceptance",
    "sweep_deemed_approval",
    "sweep_deemed_consent",
    "sweep_deemed_renewal",
]
