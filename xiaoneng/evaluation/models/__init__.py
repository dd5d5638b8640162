"""Evaluation (评议考核): 好差评 ratings and their rectification, public appraisal campaigns,
commitments and policy delivery."""

from .appraisals import (
    Appraisal,
    AppraisalIndicator,
    AppraisalInstrument,
    AppraisalResult,
    AppraisalUnit,
    InstrumentKind,
    SampleDraw,
    UnitScore,
    Veto,
    Vote,
    VoteChannel,
)
from .delivery import BenefitClaim, Commitment, CommitmentReview, Policy, PolicyBenefit
from .ratings import Appeal, AppealGrounds, Channel, Rating, RatingPolicy, Rectification, SubjectType

__all__ = [
    "Appeal",
    "AppealGrounds",
    "Appraisal",
    "AppraisalIndicator",
    "AppraisalInstrument",
    "AppraisalResult",
    "AppraisalUnit",
    "BenefitClaim",
    "Channel",
    "Commitment",
    "CommitmentReview",
    "InstrumentKind",
    "Policy",
    "PolicyBenefit",
    "Rating",
    "RatingPolicy",
    "Rectification",
    "SampleDraw",
    "SubjectType",
    "UnitScore",
    "Veto",
    "Vote",
    "VoteChannel",
]
