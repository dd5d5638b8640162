"""The slot for reply review (答复质量): another package registers one :class:`ReplyCheck`
at start-up (in its ``AppConfig.ready``)::

    from xiaoneng.workorders.replies import ReplyCheck, register_reply_check

    register_reply_check(ReplyCheck(
        name="insights.reply_quality",
        on_reply=assess,            # fn(workorder, by): runs in the reply's transaction
        blocks_close=close_blocker, # fn(workorder) -> str | None: why the case cannot close yet
    ))

``on_reply`` runs whenever an answer is recorded (a department's reply, a group reply, a
direct answer at intake), inside the same transaction, so an answer and its assessment are
committed together.  Closing asks every ``blocks_close`` and refuses with the first reason
given (``Conflict``, code ``reply_review_required``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xiaoneng.core import hooks


@dataclass(frozen=True)
class ReplyCheck:
    name: str
    on_reply: Callable
    blocks_close: Callable


REPLY_CHECKS = "workorders.reply_checks"  # keyed hook: the ReplyCheck for each name


def register_reply_check(check: ReplyCheck) -> None:
    hooks.register(REPLY_CHECKS, check, key=check.name)


def reply_recorded(workorder, *, by) -> None:
    for check in hooks.keyed(REPLY_CHECKS).values():
        check.on_reply(workorder, by=by)


def close_blocker(workorder) -> str | None:
    """The first reason a registered check gives for not closing ``workorder`` yet."""
    for check in hooks.keyed(REPLY_CHECKS).values():
        reason = check.blocks_close(workorder)
        if reason:
            return reason
    return None
