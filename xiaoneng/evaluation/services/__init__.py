"""Every write of evaluation, one function per mutation (``<entity>_<verb>``)."""

from .appraisals import (
    appraisal_apply_veto_rules,
    appraisal_close,
    appraisal_create,
    appraisal_draw_sample,
    appraisal_publish,
    appraisal_unit_score,
    appraisal_veto,
    appraisal_vote,
    voter_hash,
)
from .delivery import (
    claim_approve,
    claim_pay,
    claim_reject,
    claim_submit,
    commitment_create,
    commitment_fulfil,
    commitment_review,
    policy_create,
    policy_publish_guide,
)
from .follow_ups import rating_follow_up
from .ratings import appeal_decide, appeal_file, rating_policy_set, rating_submit, ratings_default, ratings_import
from .rectifications import rectification_callback, rectification_rectify, rectification_verify

__all__ = [
    "appeal_decide",
    "appeal_file",
    "appraisal_apply_veto_rules",
    "appraisal_close",
    "appraisal_create",
    "appraisal_draw_sample",
    "appraisal_publish",
    "appraisal_unit_score",
    "appraisal_veto",
    "appraisal_vote",
    "claim_approve",
    "claim_pay",
    "claim_reject",
    "claim_submit",
    "commitment_create",
    "commitment_fulfil",
    "commitment_review",
    "policy_create",
    "policy_publish_guide",
    "rating_follow_up",
    "rating_policy_set",
    "rating_submit",
    "ratings_default",
    "ratings_import",
    "rectification_callback",
    "rectification_rectify",
    "rectification_verify",
    "voter_hash",
]
