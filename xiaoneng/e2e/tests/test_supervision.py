"""The supervision office and the leader: the supervisor finds a red card on the electronic
supervision board, issues a 督办 on it to a person picked by name and prints the order; the
leader opens the cockpit and drills down from a number to the cases behind it."""

import re

import pytest

from xiaoneng.e2e.steps import expect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_supervisor_issues_a_duban_on_a_red_card_with_the_picker_and_prints_it(visit):
    page = visit(user="supervisor")
    page.get_by_role("link", name="电子监察").click()
    red = page.locator("tr", has=page.locator(".badge.red", has_text="红牌")).first
    expect(red).to_be_visible()
    case = red.locator("td").nth(1).inner_text().strip()
    department = red.locator("td").nth(3).inner_text().strip()
    assert not re.search(r"#\d+", case), f"红牌事项显示了数据库编号：{case}"
    red.locator("td").nth(2).get_by_role("link").click()

    page.get_by_label("督办要求").fill("请于期限内办结，并书面说明超期原因和整改措施。")
    picker = page.get_by_label("承办人")
    person = picker.locator("option:not([value=''])").first
    name = person.inner_text().strip()
    picker.select_option(person.get_attribute("value"))
    page.get_by_role("button", name="发出督办").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("督办单")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="打印督办单（A4）").click()
    sheet = opened.value
    sheet.wait_for_load_state()
    number = sheet.locator(".doc-number").inner_text().strip()
    assert number and number in heading.inner_text()
    for text in (case, department, name.split("（")[0], "请于期限内办结"):
        expect(sheet.locator(".sheet")).to_contain_text(text)
    sheet.emulate_media(media="print")
    expect(sheet.locator(".no-print")).to_be_hidden()
    assert sheet.pdf(format="A4").startswith(b"%PDF")

    page.get_by_role("link", name="督办", exact=True).click()
    expect(page.get_by_role("link", name=number)).to_be_visible()


def listed(page) -> int:
    """The count a work-order list states ("共 N 条")."""
    expect(page.locator("main")).to_contain_text(re.compile(r"共 \d+ 条"))
    return int(re.search(r"共 (\d+) 条", page.locator("main").inner_text()).group(1))


def test_the_leader_opens_the_cockpit_and_drills_down(visit):
    page = visit(user="leader")
    page.get_by_role("link", name="领导驾驶舱").click()
    overdue = page.locator("a.figure", has_text="当前超期")
    total = int(overdue.locator(".stat").inner_text())
    assert total > 0
    overdue.click()
    assert listed(page) == total
    page.go_back()

    card = page.locator(".dept-card").filter(has=page.locator("a", has_text=re.compile(r"超期 [1-9]"))).first
    department = card.locator("h3").inner_text().strip()
    count = int(re.search(r"超期 (\d+) 件", card.inner_text()).group(1))
    card.get_by_role("link", name=re.compile("超期")).click()
    assert listed(page) == count
    column = [c.strip() for c in page.locator("main table tbody tr td:nth-child(6)").all_inner_texts()]  # after the check box
    assert column and set(column) == {department}
