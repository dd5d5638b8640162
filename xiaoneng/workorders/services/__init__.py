"""Every write to work orders: one function per mutation, keyword-only, ``by=`` the acting
user (None for the system).  Each checks permission through ``org.access``, locks the case,
changes it through the transition table, writes the audit record (which is the case's
timeline, so its ``note`` is what people read), and moves the case's clocks in the same
transaction."""

from .attachments import attachment_add
from .backfill import workorder_backfill_approve
from .closing import workorder_close, workorder_follow_up, workorder_group_close, workorder_group_reply, workorder_reopen
from .config import time_limit_set
from .deadlines import workorder_recompute
from .handling import (
    workorder_co_opinion,
    workorder_dispatch,
    workorder_extension_decide,
    workorder_extension_request,
    workorder_feedback,
    workorder_reply,
    workorder_return,
    workorder_return_review,
    workorder_sign,
)
from .intake import Location, Requester, Upload, workorder_answer, workorder_classify, workorder_create
from .links import workorder_link, workorder_unlink
from .mail import fetch_mailbox, workorder_import_email
from .roster import duty_shift_create, duty_shift_delete, duty_shift_update

__all__ = [
    "Location",
    "Requester",
    "Upload",
    "attachment_add",
    "duty_shift_create",
    "duty_shift_delete",
    "duty_shift_update",
    "workorder_backfill_approve",
    "fetch_mailbox",
    "time_limit_set",
    "workorder_answer",
    "workorder_classify",
    "workorder_close",
    "workorder_co_opinion",
    "workorder_create",
    "workorder_dispatch",
    "workorder_extension_decide",
    "workorder_extension_request",
    "workorder_feedback",
    "workorder_follow_up",
    "workorder_group_close",
    "workorder_group_reply",
    "workorder_import_email",
    "workorder_link",
    "workorder_recompute",
    "workorder_reopen",
    "workorder_reply",
    "workorder_return",
    "workorder_return_review",
    "workorder_sign",
    "workorder_unlink",
]
