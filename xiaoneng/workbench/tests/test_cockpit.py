"""领导驾驶舱: each figure links to the list it counts, filtered the same way; department
cards link to their own department's list; the statistics page's 当前超期 agrees."""

import re

from .cases import complaint


def listed(client, url) -> set[str]:
    return set(re.findall(r"\d{14}", client.get(url).content.decode()))


def test_the_cockpit_links_every_figure_to_its_filtered_list(client, city, frozen):
    with frozen(2026, 10, 9, 10):  # complaints take 5 working days: due 2026-10-16 (Friday) 24:00
        late = complaint(city, department="market")
        also_late = complaint(city, "楼道水管漏水", "housing")
    with frozen(2026, 11, 30, 10):
        fresh = complaint(city, "路灯不亮", "market")
        client.force_login(city.user("leader"))
        html = client.get("/staff/cockpit/").content.decode()
        links = dict(re.findall(r'href="(/staff/workorders/search/\?[^"]+)"[^>]*>([^<]+)<', html.replace("&amp;", "&")))
        assert links["/staff/workorders/search/?department=market&open=1"] == "在办 2 件"
        assert links["/staff/workorders/search/?department=market&overdue=1"] == "超期 1 件"
        assert links["/staff/workorders/search/?department=housing&overdue=1"] == "超期 1 件"
        assert listed(client, "/staff/workorders/search/?department=market&overdue=1") == {late.tracking_no}
        assert listed(client, "/staff/workorders/search/?department=market&open=1") == {late.tracking_no, fresh.tracking_no}
        assert listed(client, "/staff/workorders/search/?overdue=1") == {late.tracking_no, also_late.tracking_no}
        assert re.search(r"当前超期</span><span class=\"stat red\">2<", html)
        # the statistics page defaults to the last 30 days, yet counts every overdue case
        stats = client.get("/staff/workorders/stats/").content.decode()
        assert "统计期 2026-11-01—2026-11-30" in stats
        assert re.search(r"合计</th>(?:\s*<th>[^<]*</th>){3}\s*<th>2</th>", stats)  # both, though received in October
        assert f"#{late.pk}" not in html


def test_only_leaders_and_the_office_open_the_cockpit(client, city):
    client.force_login(city.user("handler"))
    assert client.get("/staff/cockpit/").status_code == 403
    client.force_login(city.user("supervisor"))
    assert client.get("/staff/cockpit/").status_code == 200


def _direct(now):
    """在办 and 超期 per department code, counted from the cases."""
    from xiaoneng.workorders import stats
    from xiaoneng.workorders.models import OPEN_STATUSES, WorkOrder

    out = {}
    for wo in WorkOrder.objects.select_related("department"):
        key = wo.department.code if wo.department else None
        row = out.setdefault(key, [0, 0])
        row[0] += wo.status in OPEN_STATUSES
        row[1] += WorkOrder.objects.filter(stats.overdue_now(now), pk=wo.pk).exists()
    return {k: tuple(v) for k, v in out.items() if any(v)}


def _cockpit(city, now):
    from xiaoneng.org.models import Department
    from xiaoneng.workbench.cockpit import backlog

    codes = dict(Department.objects.values_list("pk", "code"))
    return {codes.get(r["department"]): (r["open"], r["overdue"]) for r in backlog(city.user("leader"), now) if r["open"] or r["overdue"]}


def test_the_cockpit_sums_the_kept_daily_figures_and_agrees_with_the_cases(city, frozen):
    from xiaoneng.core import clock
    from xiaoneng.workorders import daily
    from xiaoneng.workorders.services import workorder_reply, workorder_sign

    with frozen(2026, 10, 9, 10):
        late = complaint(city, department="market")  # due in 15 working days: 2026-10-29 24:00
        complaint(city, "楼道水管漏水", "housing")
        complaint(city, "井盖缺失")  # not dispatched yet
    with frozen(2026, 10, 12, 10):
        complaint(city, "路灯不亮", "market")
        daily.refresh()
        assert _cockpit(city, clock.now()) == _direct(clock.now()) == {"market": (2, 0), "housing": (1, 0), None: (1, 0)}
    with frozen(2026, 11, 2, 10):  # the October 9 day went stale when its deadlines passed
        assert _cockpit(city, clock.now()) == _direct(clock.now()) == {"market": (2, 1), "housing": (1, 1), None: (1, 1)}
        daily.refresh()
    with frozen(2026, 11, 2, 11):  # every day kept and unchanged since
        assert _cockpit(city, clock.now()) == _direct(clock.now())
        workorder_sign(by=city.user("handler"), workorder=late)
        workorder_reply(by=city.user("handler"), workorder=late, content="已督促餐馆安装油烟净化设备并复查达标。")
        complaint(city, "噪音扰民", "housing")
        assert _cockpit(city, clock.now()) == _direct(clock.now()) == {"market": (1, 0), "housing": (2, 1), None: (1, 1)}


def test_the_trend_shows_rates_without_counting_the_backlog_once_per_month(city, frozen, monkeypatch):
    from xiaoneng.core import clock
    from xiaoneng.workbench import cockpit
    from xiaoneng.workorders import daily, stats

    with frozen(2026, 10, 9, 10):
        complaint(city, department="market")
    with frozen(2026, 11, 2, 10):
        daily.refresh()
        expected = [
            stats.department_figures(start=m, end=min(stats.month_end(m), clock.today()))[1].received
            for m in stats.month_starts(clock.today(), cockpit.TREND_MONTHS)
        ]

        def counted(**kwargs):
            raise AssertionError("the trend counted the backlog")

        monkeypatch.setattr(daily, "_backlog", counted)
        monkeypatch.setattr(daily, "overdue_rows", counted)
        trend = cockpit.trend(city.user("leader"), clock.today())
    assert [m["received"] for m in trend] == expected and sum(expected) == 1
