"""Window staff register an application with a material missing, hand over the one-time
notice (一次性告知书), take the missing material and the application is accepted."""

import pytest

from xiaoneng.core.validators import uscc_check_char
from xiaoneng.e2e.steps import expect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FIRST17 = "91370102MA3C8K2P4"
USCC = FIRST17 + uscc_check_char(FIRST17)


def test_window_staff_register_an_application_with_a_one_time_notice_and_accept_it(visit):
    page = visit(user="window")
    page.goto("/staff/applications/new/")
    item = page.locator("select[name=item] option", has_text="食品经营许可").first.get_attribute("value")
    page.get_by_label("申请事项").select_option(item)
    materials = page.locator("input[name=materials]")
    expect(materials.first).to_be_visible()
    required = page.locator("ul.checks li", has=page.locator(".badge", has_text="必需"))
    missing = required.first.locator("input[name=materials]").get_attribute("value")
    for box in materials.all():
        if box.get_attribute("value") != missing:
            box.check()
    page.get_by_label("申请人姓名或单位名称").fill("济南泉清商贸有限公司")
    page.get_by_label("证件类型").select_option(label="统一社会信用代码")
    page.get_by_label("证件号码").fill(USCC)
    page.get_by_label("联系电话").first.fill("13905310002")
    page.get_by_role("button", name="登记").click()

    expect(page.locator("h1 .badge").first).to_have_text("待补正")
    number = page.locator(".muted", has_text="办件编号").first.inner_text().split("办件编号")[1].split("·")[0].strip()
    notice = page.get_by_role("link", name="一次性告知书").first
    expect(notice).to_be_visible()
    with page.context.expect_page() as opened:
        notice.click()
    letter = opened.value
    expect(letter.locator("body")).to_contain_text(number)
    letter.close()

    form = page.locator("form", has=page.get_by_role("button", name="登记补正（补齐之日受理）"))
    for box in form.locator("input[name=materials]").all():
        box.check()
    form.get_by_role("button").click()
    expect(page.locator("h1 .badge").first).to_have_text("已受理（审查中）")
    expect(page.locator(".kv")).not_to_contain_text("受理日期—")
