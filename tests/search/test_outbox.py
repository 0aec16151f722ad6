"""Index sync that loses nothing: outbox rows in the changing transaction, drained idempotently,
waiting while the worker is down and applied when it returns."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django_q.conf import Conf
from wagtail.models import Page, PageViewRestriction

from search.models import OutboxEntry
from search.outbox import drain
from search.service import SearchRequest, search
from tests.conftest import column_of, make_policy

ROOT = Path(__file__).resolve().parents[2]


def found(q: str) -> list[str]:
    return [r.title for r in search(SearchRequest(q=q)).results]


def test_publishing_writes_an_outbox_row_in_the_same_transaction(portal, dept_a):
    with transaction.atomic():
        page = make_policy(column_of(dept_a), "关于公布跨省通办事项清单的通知")
        assert OutboxEntry.objects.filter(type_key="policy", object_id=str(page.pk), reason="publish").exists()
    assert found("跨省通办") == [], "nothing reaches the index before the drain"
    drain()
    assert found("跨省通办") == ["关于公布跨省通办事项清单的通知"]
    assert not OutboxEntry.objects.exists()


def test_a_rolled_back_change_leaves_no_outbox_row(portal, dept_a):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_policy(column_of(dept_a), "回滚的文件")
        raise RuntimeError
    assert not OutboxEntry.objects.filter(type_key="policy").exists()


def test_draining_twice_changes_nothing(portal, dept_a, indexed):
    with indexed():
        page = make_policy(column_of(dept_a), "关于好差评制度的通知")
    OutboxEntry.objects.create(type_key="policy", object_id=str(page.pk), reason="publish")
    OutboxEntry.objects.create(type_key="policy", object_id=str(page.pk), reason="publish")
    assert drain() == 2
    assert drain() == 0
    assert found("好差评") == ["关于好差评制度的通知"]


def test_unpublish_delete_move_and_restriction_reach_the_index(portal, dept_a, dept_b, indexed):
    with indexed():
        one = make_policy(column_of(dept_a), "一网通办实施方案")
        two = make_policy(column_of(dept_a), "一网通办考核办法")
    assert len(found("一网通办")) == 2
    with indexed():
        one.unpublish()
    assert found("一网通办") == ["一网通办考核办法"]
    with indexed():
        two.move(column_of(dept_b), pos="last-child")
    result = search(SearchRequest(q="一网通办")).results
    assert result[0].url.startswith(column_of(dept_b).url) and result[0].department == dept_b.name
    with indexed():
        PageViewRestriction.objects.create(page=Page.objects.get(pk=two.pk), restriction_type="password",
                                           password="secret")
    assert found("一网通办") == []
    with indexed():
        PageViewRestriction.objects.filter(page_id=two.pk).delete()
    assert found("一网通办") == ["一网通办考核办法"]
    with indexed():
        Page.objects.get(pk=two.pk).delete()
    assert found("一网通办") == []


def test_a_draft_never_reaches_the_index(portal, dept_a, indexed):
    with indexed():
        make_policy(column_of(dept_a), "尚未发布的草稿文件", publish=False)
    assert "尚未发布的草稿文件" not in found("尚未发布的草稿文件")
    assert search(SearchRequest(q="草稿")).total == 0


def test_unpublishing_a_column_removes_its_items(portal, dept_a, editor, indexed):
    with indexed():
        make_policy(column_of(dept_a), "栏目下线前的文件")
    from wagtail.actions.unpublish_page import UnpublishPageAction

    with indexed():
        UnpublishPageAction(column_of(dept_a), include_descendants=True, user=editor).execute()
    assert found("栏目下线前") == []


def test_rebuild_applies_pending_rows_and_reports_status(portal, dept_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        make_policy(column_of(dept_a), "等待同步的文件")
    assert OutboxEntry.objects.count() >= 1
    from io import StringIO

    out = StringIO()
    call_command("search_index_status", stdout=out)
    assert "待同步：" in out.getvalue()
    call_command("rebuild_search_index", "--no-progress", stdout=StringIO())
    assert found("等待同步") == ["等待同步的文件"]
    assert not OutboxEntry.objects.exists()
    out = StringIO()
    call_command("search_index_status", "--json", stdout=out)
    import json

    status = json.loads(out.getvalue())
    assert status["pending"] == 0
    assert status["types"]["policy"]["indexed"] == status["types"]["policy"]["public"] >= 1


@pytest.mark.django_db(transaction=True)
def test_changes_wait_while_the_worker_is_down_and_apply_when_it_returns(monkeypatch):
    """No worker: the drain task waits in the ORM broker with the outbox rows.  A real
    ``qcluster`` started afterwards applies them."""
    from cms.home.setup import setup_portal
    from tests.conftest import _departments

    setup_portal()
    department, _ = _departments()
    monkeypatch.setattr(Conf, "SYNC", False)
    page = make_policy(column_of(department), "关于一件事一次办的实施意见")
    assert OutboxEntry.objects.filter(object_id=str(page.pk)).exists()
    assert found("一件事一次办") == []

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test_worker",
           "WORKER_DATABASE_NAME": str(connection.settings_dict["NAME"])}
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not found("一件事一次办"):
            assert worker.poll() is None, worker.stderr.read().decode(errors="replace")
            time.sleep(0.5)
        assert found("一件事一次办") == ["关于一件事一次办的实施意见"]
        assert not OutboxEntry.objects.filter(object_id=str(page.pk)).exists()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_the_vocabulary_follows_the_index(portal, dept_a, indexed):
    """Words of an unpublished title are taken back: autocomplete never offers them."""
    from search.models import VocabularyTerm

    with indexed():
        page = make_policy(column_of(dept_a), "关于龙脊梯田保护的通知")
        make_policy(column_of(dept_a), "梯田灌溉补贴发放办法")
    assert VocabularyTerm.objects.get(term="梯田").doc_count == 2
    assert VocabularyTerm.objects.filter(term="龙脊").exists()
    with indexed():
        page.unpublish()
    assert VocabularyTerm.objects.get(term="梯田").doc_count == 1
    assert not VocabularyTerm.objects.filter(term="龙脊").exists()
