"""Background work after an import: search index and reference index for the new pages."""

from __future__ import annotations

import logging

from django.apps import apps
from django.db import transaction
from django_tasks import task
from modelsearch.backends import get_search_backends
from wagtail.models import ReferenceIndex

logger = logging.getLogger("gongkai")


@task()
def index_imported_pages(model_label: str, page_ids: list[int]) -> int:
    """Add imported pages to every auto-updated search backend and to the reference index.

    Idempotent: indexing a page twice leaves one entry.  Pages deleted in the meantime are
    simply not found.
    """
    model = apps.get_model(model_label)
    pages = list(model.objects.filter(pk__in=page_ids))
    if not pages:
        return 0
    for backend in get_search_backends(with_auto_update=True):
        try:
            backend.add_bulk(model, pages)
        except Exception:
            logger.exception("导入条目写入搜索索引失败（%s 条）", len(pages))
            if not getattr(backend, "catch_indexing_errors", False):
                raise
    if ReferenceIndex.is_indexed(model):
        with transaction.atomic():
            for page in pages:
                ReferenceIndex.create_or_update_for_object(page)
    return len(pages)
