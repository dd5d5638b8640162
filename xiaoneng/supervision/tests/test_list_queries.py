"""The warnings list answers in a fixed number of queries, however many warnings it lists."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiaoneng.core import clock

from .conftest import at


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_warning_list_has_no_query_per_row(api, start, sweep, django_assert_max_num_queries):
    client = api("supervisor")
    path = "/api/v1/supervision/warnings"
    for n in range(2):
        start(n, started_on=dt.date(2026, 10, 9), days=1)
    sweep(2026, 10, 13, 9)
    with clock.frozen(at(2026, 10, 13, 10)):
        few = _queries(client, path)
        assert client.get(path).json()["count"] == 4  # a notice and a yellow card each
    for n in range(2, 8):
        start(n, started_on=dt.date(2026, 10, 9), days=1, who="head" if n % 2 else "handler")
    sweep(2026, 10, 13, 11, as_of=at(2026, 10, 13, 11))
    with clock.frozen(at(2026, 10, 13, 12)):
        assert client.get(path).json()["count"] == 16
        assert _queries(client, path) == few
        with django_assert_max_num_queries(8):
            client.get(path)
