"""The supervision office and the leader: the supervisor finds a red card on the electronic
supervision board, issues a 督办 on it and prints the order; the leader opens the city
overview and drills down to the cases behind a number."""

import pytest

from xiaoneng.e2e.steps import expect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_supervisor_issues_a_duban_on_a_red_card_and_prints_it(visit):
    page = visit(user="supervisor")
    page.get_by_role("link", name="电子监察").click()
    red = page.locator("tr", has=page.locator(".badge.red", has_text="红牌")).first
    expect(red).to_be_visible()
    department = red.locator("td").nth(3).inner_text()
    red.locator("td").nth(2).get_by_role("link").click()

    page.get_by_label("督办要求").fill("请于期限内办结，并书面说明超期原因和整改措施。")
    page.get_by_role("button", name="发出督办").click()
    expect(page.get_by_role("heading", name="督办单")).to_contain_text("督办单")
    number = page.get_by_role("heading").first.inner_text().split()[1]
    expect(page.locator("main")).to_contain_text(department)
    page.get_by_role("link", name="督办").first.click()
    expect(page.get_by_role("link", name=number)).to_be_visible()
