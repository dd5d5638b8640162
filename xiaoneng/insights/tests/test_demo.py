"""The demo city's analysis: a routing model from its own closed cases, hot issues, one on
the problem register."""

from django.core.management import call_command

from xiaoneng.insights.models import CategoryDepartment, HotIssue, ProblemEntry, RoutingModel


def test_demo_has_a_model_hot_issues_and_a_registered_problem(db):
    call_command("demo_city")
    assert CategoryDepartment.objects.count() == 7
    model = RoutingModel.objects.get(is_active=True)
    assert model.samples >= 20 and len(model.labels) >= 3
    assert HotIssue.objects.filter(title__contains="地铁", size__gte=6).exists()
    assert ProblemEntry.objects.get().hot_issue.title.startswith("历城区山大路地铁")
