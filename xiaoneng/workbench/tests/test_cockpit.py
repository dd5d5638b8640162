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
