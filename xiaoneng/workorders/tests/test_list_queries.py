"""The work-order list answers in a fixed number of queries, however many cases it lists."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiaoneng.workorders import services
from xiaoneng.workorders.services import Requester


def _intake(city, n):
    for i in range(n):
        services.workorder_create(
            by=city.user("dispatcher"), channel="hotline", type="help", content=f"路灯不亮 {i}", requester=Requester(name="甲", phone="13700000000")
        )


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_workorder_list_has_no_query_per_row(api, city, django_assert_max_num_queries):
    client = api("dispatcher")
    _intake(city, 2)
    few = _queries(client, "/api/v1/workorders")
    _intake(city, 8)
    assert client.get("/api/v1/workorders").json()["count"] == 10
    assert _queries(client, "/api/v1/workorders") == few
    with django_assert_max_num_queries(8):
        client.get("/api/v1/workorders")
