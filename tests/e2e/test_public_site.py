"""A citizen finds a department's policy document from the home page and reads its catalogue data;
the 大字版 (large-font) toggle works with the mouse and the keyboard."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import column_of, make_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "关于公布2026年秋季学期义务教育招生结果的通知"
DOC_NUMBER = "云教发〔2026〕12号"


@pytest.fixture
def policy(dept_a):
    return make_policy(column_of(dept_a), TITLE, document_number=DOC_NUMBER, publish_date=datetime.date(2026, 9, 1))


def meta_value(page: Page, label: str):
    """The cell next to ``label`` in the item's catalogue table (目录信息)."""
    return page.locator(f"table.meta-table th:text-is('{label}') + td")


def follow(page: Page, name: str, *, within: str = "main") -> None:
    """Click the first link whose text contains ``name`` inside ``within``; wait for its page."""
    with page.expect_navigation():
        page.locator(within).get_by_role("link", name=name).first.click()
    expect(page.locator("main h1")).to_contain_text(name)


def test_citizen_finds_policy_document_from_home_page(page, policy, dept_a):
    response = page.goto("/")
    assert response.status == 200

    follow(page, "政务公开", within="header nav")  # the main navigation
    follow(page, "部门和乡镇信息公开")
    follow(page, dept_a.name)
    follow(page, "政策文件")
    follow(page, TITLE)

    assert page.url.endswith(policy.url)
    expect(page.locator("main")).to_contain_text("正文内容")
    expect(meta_value(page, "索引号")).to_have_text(policy.index_number)
    expect(meta_value(page, "发布机构")).to_have_text(dept_a.name)
    expect(meta_value(page, "文号")).to_have_text(DOC_NUMBER)
    expect(meta_value(page, "发布日期")).to_have_text("2026-09-01")
    expect(page.locator("nav.breadcrumbs")).to_contain_text("政策文件")


def font_size(page: Page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def test_large_font_toggle_by_mouse_and_keyboard(page, policy):
    page.goto(policy.url)
    toggle = page.locator("[data-font-toggle]")
    body_text = "main .rich-text p"
    normal = font_size(page, body_text)
    assert normal > 0

    # Mouse: bigger text, still bigger after a reload (remembered), back to normal on a second click.
    toggle.click()
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-font\b"))
    large = font_size(page, body_text)
    assert large >= normal * 1.2, (normal, large)
    page.reload()
    assert font_size(page, body_text) == large
    page.locator("[data-font-toggle]").click()
    assert font_size(page, body_text) == normal

    # Keyboard: the toggle is reached with Tab from the top of the page; Enter and Space switch it.
    page.reload()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-font-toggle')"):
            break
    else:
        pytest.fail("the 大字版 toggle cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    assert font_size(page, body_text) == large
    page.keyboard.press("Space")
    assert font_size(page, body_text) == normal
