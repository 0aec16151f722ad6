"""Steps in the Wagtail admin as staff take them, located by stable attributes (the admin is
in Chinese): form field names and ids, ``data-*`` attributes of Wagtail's controllers, URLs."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

FOOTER_MENU_TOGGLE = "footer .w-dropdown-button .w-dropdown__toggle"
APPROVE_IN_EDITOR = "footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"


def add_page_url(app_label: str, model: str, parent_id: int) -> str:
    return f"/admin/pages/add/{app_label}/{model}/{parent_id}/"


def type_rich_text(page: Page, field: str, text: str) -> None:
    """Type into the Draftail editor of ``field`` and wait until it has saved into its input.

    Draftail writes its hidden input a moment after the last keystroke; a form submitted
    before that would lose the text.
    """
    editor = page.locator(f"[data-contentpath={field}] .DraftEditor-root [contenteditable=true]")
    editor.click()
    page.keyboard.type(text)
    expect(page.locator(f"input[name={field}]")).to_have_value(re.compile(re.escape(text)))


def open_footer_menu(page: Page) -> None:
    """Open the footer action menu (the dropdown next to 保存草稿)."""
    toggle = page.locator(FOOTER_MENU_TOGGLE)
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def submit_for_review(page: Page) -> None:
    """提交审核: the footer menu's ``action-submit`` button; waits for the redirect."""
    open_footer_menu(page)
    with page.expect_navigation():
        page.locator("footer button[name=action-submit]").click()


def approve_in_editor(page: Page, page_id: int) -> None:
    """批准 from the page's edit view (the footer menu's workflow action, without a comment)."""
    page.goto(f"/admin/pages/{page_id}/edit/")
    open_footer_menu(page)
    with page.expect_navigation():
        page.locator(APPROVE_IN_EDITOR).click()


def review_queue_row(page: Page, page_id: int):
    """The row of ``page_id`` in the dashboard's 等待你的审查 panel."""
    return page.locator("#awaiting-review-section tr", has=page.locator(f"a[href='/admin/pages/{page_id}/edit/']"))


def approve_from_dashboard(page: Page, page_id: int) -> None:
    """批准 from the dashboard's review queue (the row's action menu, without a comment)."""
    page.goto("/admin/")
    row = review_queue_row(page, page_id)
    row.locator(".w-dropdown__toggle").click()
    with page.expect_navigation():
        row.locator("button[data-workflow-action-url*='/approve/']:not([data-launch-modal])").click()


def success_message(page: Page):
    return page.locator(".messages li.success")
