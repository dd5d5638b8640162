"""A service's refusal ends a management command with its Chinese message, not a traceback."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xiaoneng.core.commands import command_errors
from xiaoneng.core.errors import Conflict, outcome


def test_a_refusal_becomes_the_commands_error():
    with pytest.raises(CommandError, match="^已办结$"), command_errors():
        raise Conflict("已办结")
    with pytest.raises(CommandError, match="^样本不足$"), command_errors(ValueError):
        raise ValueError("样本不足")
    with pytest.raises(KeyError), command_errors():
        raise KeyError("a bug stays a bug")


def refuse():
    raise Conflict("已办结", code="closed")


def test_outcome_gives_the_result_or_the_refusal():
    assert outcome(lambda: 7) == (7, None)
    result, error = outcome(refuse)
    assert result is None and (error.code, error.message, error.status) == ("closed", "已办结", 409)


def test_commands_refuse_bad_dates_in_chinese(db):
    with pytest.raises(CommandError, match="--date 应为日期"):
        call_command("applications_sweep", "--date", "2026-13-01")
    with pytest.raises(CommandError, match="--as-of"):
        call_command("supervise", "--as-of", "yesterday")
