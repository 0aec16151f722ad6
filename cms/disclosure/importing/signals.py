"""``items_imported``: sent after an import's transaction commits.

Bulk-written pages send no ``post_save`` signals, so the search index and Wagtail's
reference index do not see them by themselves.  The receiver here queues background tasks
that index the new pages in chunks; other apps (search) may connect their own receivers.

Arguments: ``sender`` (the page model), ``column``, ``page_ids`` (list of int), ``user``.
"""

from __future__ import annotations

from django.dispatch import Signal, receiver

items_imported = Signal()

#: Sent inside the import's transaction, after the pages are written and before the commit:
#: receivers that must not lose an import (the search index outbox) write their rows here, in
#: the same transaction.  Same arguments as ``items_imported``.
items_written = Signal()

INDEX_CHUNK_SIZE = 500


@receiver(items_imported, dispatch_uid="disclosure.importing.queue_indexing")
def queue_indexing(sender, page_ids: list[int], **kwargs) -> None:
    from .tasks import index_imported_pages

    label = sender._meta.label
    for start in range(0, len(page_ids), INDEX_CHUNK_SIZE):
        index_imported_pages.enqueue(label, page_ids[start:start + INDEX_CHUNK_SIZE])
