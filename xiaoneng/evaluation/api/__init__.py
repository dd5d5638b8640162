"""Evaluation API: 好差评, 万人评议, commitments and policy delivery (mounted under /api/v1/)."""

from ninja import Router

from . import appraisals, delivery, ratings

router = Router(tags=["评议考核"])
router.add_router("", ratings.router)
router.add_router("", appraisals.router)
router.add_router("", delivery.router)
