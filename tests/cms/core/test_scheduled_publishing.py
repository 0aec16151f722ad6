"""Scheduled publishing (go_live_at / expire_at) runs from the django-q2 schedule's task."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cms.core.tasks import publish_scheduled
from cms.disclosure.models import PolicyDocumentPage
from tests.conftest import column_of, make_policy

pytestmark = pytest.mark.django_db


def test_due_page_is_published_with_index_number_and_expired_page_unpublished(dept_a):
    page = make_policy(column_of(dept_a), "定时发布的文件", publish=False)
    revision = page.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    assert revision.approved_go_live_at
    expiring = make_policy(column_of(dept_a), "到期下线的文件")
    PolicyDocumentPage.objects.filter(pk=expiring.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))

    publish_scheduled()
    publish_scheduled()  # idempotent: a re-delivered run changes nothing more

    page.refresh_from_db()
    expiring.refresh_from_db()
    assert page.live and page.index_number
    assert not expiring.live and expiring.expired
    assert expiring.index_number  # a number, once given, stays with the item


def test_future_page_waits(dept_a):
    page = make_policy(column_of(dept_a), "明天发布的文件", publish=False)
    page.save_revision(approved_go_live_at=timezone.now() + datetime.timedelta(days=1))
    publish_scheduled()
    page.refresh_from_db()
    assert not page.live
