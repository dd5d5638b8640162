"""Near-duplicates linked after intake, hot issues over a moving window, and the problem
register (难题库)."""

import csv
import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from xiaoneng.core import clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.insights.models import HotIssue, ProblemEntry
from xiaoneng.insights.services import hot_issues_recompute, problem_register, problem_solve
from xiaoneng.insights.tasks import recompute_hot_issues
from xiaoneng.workorders.models import LinkKind, WorkOrderLink
from xiaoneng.workorders.services import Location

from .conftest import at, hotline

FUMES = "东风路88号一楼烧烤店油烟直排，熏得楼上住户没法开窗"


def report(city, moment, content, address="东风路88号", area="east", django_capture_on_commit_callbacks=None, **kwargs):
    if django_capture_on_commit_callbacks is None:
        return hotline(city, moment, title=content[:12], content=content, location=Location(address=address, area=area), **kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        return hotline(city, moment, title=content[:12], content=content, location=Location(address=address, area=area), **kwargs)


def test_a_repeat_report_is_linked_as_a_duplicate_after_intake(city, django_capture_on_commit_callbacks):
    first = report(city, at(2026, 3, 2, 9), FUMES, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    again = report(
        city, at(2026, 3, 4, 9), "东风路88号一楼的烧烤店油烟直排，熏得楼上住户不能开窗", django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    link = WorkOrderLink.objects.get(source=again)
    assert link.target == first and link.kind == LinkKind.DUPLICATE and link.created_by is None
    assert "系统识别的疑似重复件" in link.note
    assert AuditRecord.objects.filter(action="workorder.link", subject_id=str(again.pk)).exists()


@pytest.mark.parametrize(
    "content,address,area,when",
    [
        ("东风路88号小区电梯坏了一周没人修", "东风路88号", "east", at(2026, 3, 4, 9)),  # another problem
        ("东风路88号一楼的烧烤店油烟直排，熏得楼上住户不能开窗", "东风路88号", "west", at(2026, 3, 4, 9)),  # another district
        ("东风路88号一楼的烧烤店油烟直排，熏得楼上住户不能开窗", "东风路88号", "east", at(2026, 5, 4, 9)),  # long after
    ],
)
def test_other_problems_places_and_times_are_not_duplicates(city, django_capture_on_commit_callbacks, content, address, area, when):
    report(city, at(2026, 3, 2, 9), FUMES, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    other = report(city, when, content, address=address, area=area, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert not WorkOrderLink.objects.filter(source=other).exists()


@pytest.fixture
def wave(city):
    """Five reports of one problem (three in the last week) and two unrelated cases."""
    for day in (1, 3, 9, 10, 11):
        report(city, at(2026, 3, day, 10), f"东风路88号烧烤店油烟直排扰民，第{day}次反映")
    report(city, at(2026, 3, 5, 10), "西区解放路路灯不亮", address="解放路", area="west")
    report(city, at(2026, 3, 6, 10), "学校门口早高峰拥堵", address="实验小学", area="west")


def test_hot_issues_rank_clusters_in_the_window(api, city, wave):
    with clock.frozen(at(2026, 3, 12, 8)):
        issues = recompute_hot_issues.delay().get()
    assert issues == 1
    issue = HotIssue.objects.get()
    assert issue.size == 5 and issue.recent == 3 and issue.earlier == 2 and issue.place == "东风路88号"
    assert "烧烤店油烟" in issue.title and issue.rank == 1
    body = api("supervisor").get("/api/v1/insights/hot-issues").json()
    assert body[0]["size"] == 5 and len(body[0]["workorders"]) == 5 and body[0]["growth"] == pytest.approx(4 / 3, abs=0.01)
    assert api("handler").get("/api/v1/insights/hot-issues").status_code == 403
    assert AuditRecord.objects.filter(action="hot_issues.recompute").exists()


def test_recomputing_replaces_results_but_keeps_registered_issues(city, wave):
    with clock.frozen(at(2026, 3, 12, 8)):
        issue = hot_issues_recompute(by=None)[0]
        entry = problem_register(by=city.user("supervisor"), title="", leader=city["staff"]["leader"], due_on=dt.date(2026, 4, 30), hot_issue=issue)
        hot_issues_recompute(by=None)
    assert entry.title == issue.title and entry.workorders.count() == 5
    assert HotIssue.objects.count() == 2 and HotIssue.objects.filter(pk=issue.pk).exists()


def test_problem_register_rules(api, city, wave):
    with clock.frozen(at(2026, 3, 12, 8)):
        issue = hot_issues_recompute(by=None)[0]
        with pytest.raises(Forbidden):
            problem_register(by=city.user("dispatcher"), title="油烟", leader=city["staff"]["leader"], due_on=dt.date(2026, 4, 30))
        with pytest.raises(InvalidInput) as exc:
            problem_register(by=city.user("supervisor"), title="油烟", leader=city["staff"]["handler"], due_on=dt.date(2026, 4, 30))
        assert exc.value.code == "invalid_leader"
        with pytest.raises(InvalidInput):
            problem_register(by=city.user("supervisor"), title="油烟", leader=city["staff"]["leader"], due_on=dt.date(2026, 3, 1))
        r = api("supervisor").post("/api/v1/insights/problems", {"hot_issue": issue.pk, "leader": "leader", "department": "market", "due_on": "2026-04-30"})
        assert r.status_code == 201 and r.json()["leader"] == "测试leader" and len(r.json()["workorders"]) == 5
        again = api("supervisor").post("/api/v1/insights/problems", {"hot_issue": issue.pk, "leader": "leader", "due_on": "2026-04-30"})
        assert again.status_code == 409
        entry = ProblemEntry.objects.get()
        problem_solve(by=city.user("supervisor"), entry=entry, note="烧烤店已安装净化设施")
        with pytest.raises(Conflict):
            problem_solve(by=city.user("supervisor"), entry=entry, note="再次")
    assert api("leader").get("/api/v1/insights/problems").json()[0]["state"] == "solved"
    assert AuditRecord.objects.filter(action__in=["problem.register", "problem.solve"]).count() == 2


def test_pages(client, city, wave):
    with clock.frozen(at(2026, 3, 12, 8)):
        issue = hot_issues_recompute(by=None)[0]
    client.force_login(city.user("supervisor"))
    html = client.get("/staff/insights/").content.decode()
    assert "热点问题" in html and issue.title in html and "列入难题库" in html
    assert "烧烤店油烟" in client.get("/staff/insights/", HTTP_HX_REQUEST="true").content.decode()
    with clock.frozen(at(2026, 3, 12, 9)):
        form = {"leader": city["staff"]["leader"].pk, "department": "market", "due_on": "2026-04-30", "title": "东风路油烟"}
        r = client.post(f"/staff/insights/hot-issues/{issue.pk}/register/", form, follow=True)
    assert "东风路油烟" in r.content.decode() and ProblemEntry.objects.filter(title="东风路油烟").exists()
    client.force_login(city.user("handler"))
    assert client.get("/staff/insights/").status_code == 403


def test_hot_issues_command_on_a_votes_file(tmp_path):
    path = tmp_path / "votes.csv"
    rows = [
        ("1", "u1", "A1区东风路烧烤店油烟扰民", "2019/3/1 10:00:00", "东风路烧烤店油烟直排", "0", "3"),
        ("2", "u2", "A1区东风路烧烤店油烟太大", "2019/3/2 10:00:00", "东风路烧烤店油烟直排扰民", "0", "10"),
        ("3", "u3", "东风路烧烤店油烟扰民严重", "2019-03-09 10:00:00", "东风路烧烤店油烟直排，晚上更严重", "1", "0"),
        ("4", "u4", "解放路路灯不亮", "2019/3/5 10:00:00", "解放路路灯坏了", "0", "0"),
    ]
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "反对数", "点赞数"), *rows])
    out = StringIO()
    call_command("hot_issues", "--csv", str(path), "--top", "5", stdout=out)
    result = json.loads(out.getvalue())
    assert result["messages"] == 4 and result["clusters"] == 1
    top = result["top"][0]
    assert top["members"] == ["1", "2", "3"] and top["support"] == 13 and top["size"] == 3 and "东风路" in top["place"]


def test_hot_issues_command_on_the_database(city, wave):
    out = StringIO()
    call_command("hot_issues", "--as-of", "2026-03-12T08:00:00+08:00", "--top", "3", stdout=out)
    result = json.loads(out.getvalue())
    assert result["issues"] == 1 and result["top"][0]["size"] == 5 and len(result["top"][0]["members"]) == 5
