"""Keep the catalogue's cached counts right: any change to a live disclosure item invalidates them."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .catalogue import bump_catalogue_version
from .importing.signals import items_imported
from .models import PolicyDocumentPage


def _bump_after_commit() -> None:
    """Bump now (a database cache changes with the transaction) and again after the commit
    (a Redis cache could otherwise be refilled from the state before the commit)."""
    bump_catalogue_version()
    transaction.on_commit(bump_catalogue_version)


# Saves that only touch a page's revision bookkeeping change nothing the catalogue shows.
_BOOKKEEPING = frozenset(
    {"latest_revision", "latest_revision_created_at", "draft_title", "has_unpublished_changes",
     "locked", "locked_by", "locked_at"}
)


@receiver(post_save, dispatch_uid="disclosure.catalogue.saved")
def item_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if not isinstance(instance, PolicyDocumentPage):
        return
    if update_fields and set(update_fields) <= _BOOKKEEPING:
        return
    _bump_after_commit()


@receiver(page_published, dispatch_uid="disclosure.catalogue.published")
@receiver(page_unpublished, dispatch_uid="disclosure.catalogue.unpublished")
def item_published_or_unpublished(sender, instance, **kwargs) -> None:
    if isinstance(instance, PolicyDocumentPage):
        _bump_after_commit()


@receiver(post_delete, dispatch_uid="disclosure.catalogue.deleted")
def item_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, PolicyDocumentPage):
        _bump_after_commit()


@receiver(post_page_move, dispatch_uid="disclosure.catalogue.moved")
def item_moved(sender, instance, **kwargs) -> None:
    if isinstance(instance.specific_deferred, PolicyDocumentPage):
        _bump_after_commit()


@receiver(items_imported, dispatch_uid="disclosure.catalogue.imported")
def items_were_imported(sender, **kwargs) -> None:
    bump_catalogue_version()
