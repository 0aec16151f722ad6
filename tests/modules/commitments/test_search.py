"""Published commitment items are found by the site search; drafts and stopped items are not."""

from __future__ import annotations

from modules.commitments.choices import ItemStatus
from search.outbox import drain
from search.registry import types
from search.service import SearchRequest, search

from .conftest import make_item


def test_items_are_registered_in_the_service_group():
    searchable = types()["commitment"]
    assert searchable.group == "办事服务" and searchable.label == "告知承诺事项"


def test_published_items_are_found_and_unpublished_ones_leave_the_index(dept_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = make_item(dept_a, "公共场所卫生许可（告知承诺）", replaced="室内空气质量检测报告")
        make_item(dept_a, "药品零售企业许可", status=ItemStatus.DRAFT)
    drain()
    results = search(SearchRequest(q="空气质量检测报告")).results
    assert [r.title for r in results] == [item.name]
    assert results[0].url == item.get_absolute_url() and results[0].department == dept_a.name
    assert search(SearchRequest(q="药品零售")).results == []

    with django_capture_on_commit_callbacks(execute=True):
        item.status = ItemStatus.STOPPED
        item.save()
    drain()
    assert search(SearchRequest(q="空气质量检测报告")).results == []
