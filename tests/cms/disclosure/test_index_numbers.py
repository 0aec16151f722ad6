"""索引号: assigned on first publication, unique, never reused or changed."""

from __future__ import annotations

import datetime
import re

import pytest

from cms.disclosure.models import IndexSerial, PolicyDocumentPage
from cms.disclosure.models.index_numbers import allocate_index_numbers, format_index_number
from tests.conftest import CODE_A, column_of, make_policy

pytestmark = pytest.mark.django_db


def test_format_pads_serial_to_five_digits():
    assert format_index_number("11441700007280420Y", 2021, 50) == "11441700007280420Y/2021-00050"
    assert format_index_number("X", 2026, 123456) == "X/2026-123456"


def test_draft_has_no_index_number(dept_a):
    page = make_policy(column_of(dept_a), "草稿文件", publish=False)
    assert PolicyDocumentPage.objects.get(pk=page.pk).index_number is None


def test_first_publication_assigns_number_from_issuer_and_year(dept_a):
    page = make_policy(column_of(dept_a), "关于印发学前教育三年行动计划的通知", publish_date=datetime.date(2026, 3, 1))
    assert page.index_number == f"{CODE_A}/2026-00001"
    second = make_policy(column_of(dept_a), "第二份文件", publish_date=datetime.date(2026, 3, 2))
    assert second.index_number == f"{CODE_A}/2026-00002"
    older = make_policy(column_of(dept_a), "往年文件", publish_date=datetime.date(2025, 12, 30))
    assert older.index_number == f"{CODE_A}/2025-00001"


def test_republishing_and_reverting_keep_the_number(dept_a):
    page = make_policy(column_of(dept_a), "原标题")
    number = page.index_number
    first_revision = page.latest_revision
    page.title = "修改后的标题"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.index_number == number
    # Publishing an old revision (saved before the number existed) must not clear or change it.
    first_revision.publish()
    page.refresh_from_db()
    assert page.index_number == number
    page.unpublish()
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.index_number == number
    assert IndexSerial.objects.get(issuer_code=CODE_A).last_serial == 1


def test_deleted_numbers_are_not_reused(dept_a):
    page = make_policy(column_of(dept_a), "将被删除的文件")
    assert page.index_number.endswith("-00001")
    page.delete()
    again = make_policy(column_of(dept_a), "新文件")
    assert again.index_number.endswith("-00002")


def test_copy_gets_its_own_number(dept_a):
    page = make_policy(column_of(dept_a), "被复制的文件")
    copy = page.copy(update_attrs={"slug": "copy-of-it", "title": "复制件"}, keep_live=False)
    assert copy.index_number is None
    copy.save_revision().publish()
    copy.refresh_from_db()
    assert copy.index_number and copy.index_number != page.index_number


def test_bulk_allocation_is_consecutive(dept_a):
    numbers = allocate_index_numbers(CODE_A, 2026, 3)
    assert [n.rsplit("-", 1)[1] for n in numbers] == ["00001", "00002", "00003"]
    assert re.fullmatch(r"[0-9A-Z]{18}/2026-\d{5}", numbers[0])
