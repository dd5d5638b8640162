"""Batch actions as a department handler takes them: in the department's inbox, tick the cases
waiting to be signed for (and one already in hand) with the keyboard, sign for them in one go,
and read what happened to each."""

import re

import pytest

from xiaoneng.e2e.steps import expect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TO_SIGN = re.compile(r"^(重办)?待签收$")
STATUS = 4  # the column: check box, 受理编号, 标题, 类型, 状态


def status(row) -> str:
    return row.locator("td").nth(STATUS).inner_text().strip()


def test_batch_sign_for_in_the_department_inbox(visit):
    page = visit(user="handler")
    page.goto("/staff/workorders/inbox/")
    expect(page.get_by_role("heading", name="部门工单")).to_be_visible()
    rows = page.locator("main table tbody tr")
    waiting = [row for row in rows.all() if TO_SIGN.match(status(row))]
    in_hand = [row for row in rows.all() if status(row) == "办理中"]
    assert waiting and in_hand, "演示数据中应有待签收和办理中的工单"
    numbers = [row.locator("td a").first.inner_text().strip() for row in waiting]
    refused = in_hand[0].locator("td a").first.inner_text().strip()
    for row in [*waiting, in_hand[0]]:  # with the keyboard: Tab to the box, Space ticks it
        box = row.get_by_role("checkbox")
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    expect(page.locator("[data-batch-count]")).to_have_text(f"已选 {len(waiting) + 1} 条")
    page.get_by_role("button", name="批量签收").click()
    message = page.locator(".messages li").first
    expect(message).to_contain_text(f"成功 {len(waiting)} 条，失败 1 条（{refused}：只有待签收的工单可以签收）")
    for number in numbers:
        row = page.locator("main table tbody tr", has=page.get_by_role("link", name=number, exact=True))
        expect(row.locator("td").nth(STATUS)).to_have_text("办理中")
    # select-all ticks every row of the page and says so
    everything = page.get_by_label("全选本页")
    everything.check()
    expect(page.locator("[data-batch-count]")).to_have_text(f"已选 {page.locator('main table tbody input[name=ids]').count()} 条")
