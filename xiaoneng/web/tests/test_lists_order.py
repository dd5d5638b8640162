"""Sorting a list: blanks last where a column can be blank, plain order where it cannot (so
that PostgreSQL reads the first page from the column's index)."""

import pytest

from xiaoneng.web.lists import ordered
from xiaoneng.workorders.models import WorkOrder
from xiaoneng.workorders.views import LIST_COLUMNS


def _first(key: str):
    return ordered(WorkOrder.objects.all(), key, LIST_COLUMNS).query.order_by[0]


@pytest.mark.parametrize("key", ["received", "-received", "due", "status"])
def test_a_column_never_blank_is_ordered_plainly(key):
    assert not _first(key).nulls_last


@pytest.mark.parametrize("key", ["department", "-department"])  # department: through a relation that may be missing
def test_a_column_that_may_be_blank_puts_blanks_last(key):
    assert _first(key).nulls_last and _first(key).descending == key.startswith("-")
