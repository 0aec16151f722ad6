"""Every change to a searchable object writes an outbox row in the same transaction.

- a page is published (an edit of a live page is a new publication) or unpublished;
- a page moves or its slug changes (its URL and its descendants' URLs change);
- a view restriction is added to or removed from a page (public or not, with descendants);
- an object is deleted;
- a non-page object of a registered type is saved;
- pages are bulk-imported (``items_written``, inside the import's transaction: imports send no
  ``post_save``).

Editors' changes to the user dictionary and synonyms bump the lexicon version.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import outbox, registry
from .models import Synonym, UserWord


def _page_types() -> dict[int, str]:
    """Content type id → search type key, for the registered page models."""
    from django.contrib.contenttypes.models import ContentType

    return {ContentType.objects.get_for_model(t.model).id: key for key, t in registry.types().items() if t.is_page}


def record_page_tree(page: Page, reason: str, *, include_self: bool = True) -> int:
    """Outbox rows for a page and its searchable descendants."""
    types = _page_types()
    if not types:
        return 0
    rows = (
        Page.objects.filter(path__startswith=page.path, depth__gte=page.depth + (0 if include_self else 1))
        .filter(content_type_id__in=list(types))
        .values_list("id", "content_type_id")
    )
    return outbox.record(((types[ct], pk) for pk, ct in rows), reason)


def _record_page(page: Page, reason: str) -> None:
    searchable = registry.for_model(type(page))
    if searchable is None:
        page = page.specific_deferred if type(page) is Page else page
        searchable = registry.for_model(type(page))
    if searchable is not None:
        outbox.record([(searchable.key, page.pk)], reason)


@receiver(page_published, dispatch_uid="search.page_published")
def on_page_published(sender, instance: Page, **kwargs) -> None:
    _record_page(instance, "publish")


@receiver(page_unpublished, dispatch_uid="search.page_unpublished")
def on_page_unpublished(sender, instance: Page, **kwargs) -> None:
    record_page_tree(instance, "unpublish")


@receiver(post_page_move, dispatch_uid="search.page_moved")
def on_page_moved(sender, instance: Page, **kwargs) -> None:
    if kwargs.get("url_path_before") != kwargs.get("url_path_after"):
        record_page_tree(Page.objects.get(pk=instance.pk), "move")


@receiver(page_slug_changed, dispatch_uid="search.page_slug_changed")
def on_slug_changed(sender, instance: Page, **kwargs) -> None:
    record_page_tree(instance, "move")


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="search.restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="search.restriction_deleted")
def on_restriction_changed(sender, instance: PageViewRestriction, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        record_page_tree(page, "restrict")


@receiver(post_delete, dispatch_uid="search.object_deleted")
def on_deleted(sender, instance, **kwargs) -> None:
    searchable = registry.for_model(sender)
    if searchable is not None:
        outbox.record([(searchable.key, instance.pk)], "delete")


@receiver(post_save, dispatch_uid="search.object_saved")
def on_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    searchable = registry.for_model(sender)
    if searchable is not None and not searchable.is_page:
        outbox.record([(searchable.key, instance.pk)], "edit")


def _connect_imports() -> None:
    try:
        from cms.disclosure.importing.signals import items_written
    except ImportError:  # pragma: no cover - the disclosure app is part of every build
        return

    @receiver(items_written, dispatch_uid="search.items_imported")
    def on_items_imported(sender, page_ids: list[int], **kwargs) -> None:
        searchable = registry.for_model(sender)
        if searchable is not None:
            outbox.record(((searchable.key, pk) for pk in page_ids), "import")


_connect_imports()


@receiver(post_save, sender=UserWord, dispatch_uid="search.userword_saved")
@receiver(post_delete, sender=UserWord, dispatch_uid="search.userword_deleted")
@receiver(post_save, sender=Synonym, dispatch_uid="search.synonym_saved")
@receiver(post_delete, sender=Synonym, dispatch_uid="search.synonym_deleted")
def on_dictionary_changed(**kwargs) -> None:
    """After the commit, so no process reloads the old dictionaries under the new version."""
    from django.db import transaction

    from .lexicon import bump_version

    transaction.on_commit(bump_version)
