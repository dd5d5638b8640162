"""The shared batch machinery of the lists: what was ticked, one transaction per row, and the
sentence that reports it."""

import pytest
from django.test import RequestFactory

from xiaoneng.core.codes import Error
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.org.models import Department
from xiaoneng.web import lists


def posted(**data):
    return RequestFactory().post("/", data)


def test_the_ticked_ids_each_once_in_order():
    assert lists.selected(posted(ids=["3", "1", "3", "2"])) == [3, 1, 2]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({}, Error.NOTHING_SELECTED),
        ({"ids": ["1", "abc"]}, Error.INVALID_NUMBER),
        ({"ids": ["0"]}, Error.NUMBER_OUT_OF_RANGE),
        ({"ids": [str(n) for n in range(1, lists.BATCH_LIMIT + 2)]}, Error.TOO_MANY_SELECTED),
    ],
)
def test_what_cannot_be_a_selection_is_refused_with_a_code(data, code):
    with pytest.raises(InvalidInput) as refused:
        lists.selected(posted(**data))
    assert refused.value.code == code


def test_only_the_offered_actions_can_be_chosen():
    batch = lists.Batch([("sign", "批量签收"), (lists.EXPORT, "导出所选（Excel）")])
    assert batch.chosen(posted(batch="sign")) == "sign"
    with pytest.raises(InvalidInput) as refused:
        batch.chosen(posted(batch="delete"))
    assert refused.value.code == Error.UNKNOWN_BATCH_ACTION


@pytest.mark.parametrize(
    ("done", "failed", "text"),
    [
        (3, [], "成功 3 条，失败 0 条"),
        (1, [("A1", "已办结")], "成功 1 条，失败 1 条（A1：已办结）"),
        (
            0,
            [("A1", "已办结"), ("A2", "无权签收"), ("A3", "已办结"), ("A4", "已办结"), ("A5", "已办结")],
            "成功 0 条，失败 5 条（A1、A3、A4等 4 条：已办结；A2：无权签收）",
        ),
    ],
)
def test_the_report_counts_and_groups_reasons(done, failed, text):
    assert lists.BatchResult(done=[object()] * done, failed=failed).message() == text


def test_each_row_in_its_own_transaction_a_refusal_undoes_only_its_row(city):
    rows = Department.objects.filter(code__in=["market", "housing", "west"])
    ids = [city.dept("market").pk, city.dept("housing").pk, 999999, city.dept("west").pk]

    def rename(department):
        department.short_name = "改过"
        department.save(update_fields=["short_name"])  # written before the refusal below …
        if department.code == "housing":
            raise Conflict("不能改名", code=Error.CONFLICT)  # … and undone with it
        return department

    result = lists.run_batch(ids, rows, rename, name=lambda d: d.name)
    assert [d.code for d in result.done] == ["market", "west"]
    assert result.failed == [(city.dept("housing").name, "不能改名"), ("所选第 3 行", lists.UNAVAILABLE)]
    names = dict(Department.objects.filter(code__in=["market", "housing", "west"]).values_list("code", "short_name"))
    assert names["market"] == names["west"] == "改过" and names["housing"] != "改过"
