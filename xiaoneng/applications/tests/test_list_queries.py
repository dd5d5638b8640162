"""The application list answers in a fixed number of queries, however many it lists."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import D


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_application_list_has_no_query_per_row(api, submit, today_is, django_assert_max_num_queries, settings):
    # The working-day calendar is kept in the process and rechecked every few seconds, as in production.
    settings.XIAONENG = settings.XIAONENG | {"CALENDAR_RECHECK_SECONDS": 60}
    client = api("handler")
    with today_is(D(2026, 3, 2)):
        for _ in range(2):
            submit(D(2026, 3, 2))
        few = _queries(client, "/api/v1/applications")
        for _ in range(6):
            submit(D(2026, 3, 2))
        assert len(client.get("/api/v1/applications").json()) == 8
        assert _queries(client, "/api/v1/applications") == few
        with django_assert_max_num_queries(8):
            client.get("/api/v1/applications")
