"""Reusing what an unchanged content item showed at its last check (like a crawler's conditional GET).

Rules:
- only content items (articles, disclosure items, interpretations) are reused; listing pages,
  guides and the site chrome are rendered at every check;
- an item's snapshot is reused while its key is the same: the key digests its published revision
  and publication time, its path (which moves with its ancestors), the files of its attachments and
  cover image, the interpretations shown on it (or the policy it interprets), and ``FORMAT``
  (raised whenever the public templates change what an item shows); ``INSPECTION_SNAPSHOTS=False``
  turns reuse off;
- a reused snapshot is only trusted while it is clean: when one of its site links no longer
  resolves (the target moved or went away), the item is rendered again and judged on what it shows
  now, so reuse can never invent a broken link.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings

from cms.core.models import ContentItemPage

from .models import PageSnapshot

#: Raise when the templates of content items change what their ``<main>`` shows.
FORMAT = "1"


@dataclass
class Snapshot:
    url: str
    links: list[tuple[str, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    images_without_alt: list[str] = field(default_factory=list)
    text: str = ""
    key: str = ""
    reused: bool = False


def enabled() -> bool:
    return bool(getattr(settings, "INSPECTION_SNAPSHOTS", True))


def cacheable(page) -> bool:
    return isinstance(page, ContentItemPage)


def keys_for(pages: list) -> dict[int, str]:
    """The snapshot key of each cacheable page (a constant number of queries per batch)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from cms.disclosure.models import InterpretationPage, PolicyDocumentPage

    items = [p for p in pages if cacheable(p)]
    if not items:
        return {}
    document_ids = {block["value"] for p in items for block in p.attachments.raw_data
                    if block.get("type") == "document" and block.get("value")}
    documents = {pk: f"{name}:{digest}" for pk, name, digest in get_document_model().objects.filter(
        pk__in=document_ids).values_list("pk", "file", "file_hash")}
    image_ids = {p.cover_image_id for p in items if getattr(p, "cover_image_id", None)}
    images = {pk: f"{name}:{digest}" for pk, name, digest in get_image_model().objects.filter(
        pk__in=image_ids).values_list("pk", "file", "file_hash")}
    policy_ids = [p.pk for p in items if isinstance(p, PolicyDocumentPage)]
    shown: dict[int, list] = {}
    for policy_id, pk, title, path, published in InterpretationPage.objects.live().filter(
            policy_id__in=policy_ids).values_list("policy_id", "pk", "title", "url_path", "last_published_at"):
        shown.setdefault(policy_id, []).append((pk, title, path, str(published)))
    interpreted = [p.policy_id for p in items if isinstance(p, InterpretationPage) and p.policy_id]
    policies = {pk: (title, path, live) for pk, title, path, live in PolicyDocumentPage.objects.filter(
        pk__in=interpreted).values_list("pk", "title", "url_path", "live")}
    keys = {}
    for page in items:
        parts = [FORMAT, str(page.last_published_at), str(page.latest_revision_id), page.url_path,
                 str(sorted(documents.get(b["value"], "?") for b in page.attachments.raw_data
                            if b.get("type") == "document")),
                 images.get(getattr(page, "cover_image_id", None), ""),
                 str(sorted(shown.get(page.pk, []))),
                 str(policies.get(getattr(page, "policy_id", None), ""))]
        keys[page.pk] = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()
    return keys


def stored(page_ids: list[int]) -> dict[int, PageSnapshot]:
    return {s.page_id: s for s in PageSnapshot.objects.filter(page_id__in=page_ids)}


def from_row(row: PageSnapshot) -> Snapshot:
    return Snapshot(url=row.url, links=[tuple(link) for link in row.links], ids=set(row.ids),
                    images_without_alt=list(row.images_without_alt), text=row.text, key=row.key, reused=True)


def save(snapshots: dict[int, Snapshot]) -> None:
    """Store fresh snapshots (called in the chunk's write transaction)."""
    rows = [PageSnapshot(page_id=pk, key=s.key, url=s.url[:500], links=[list(link) for link in s.links],
                         ids=sorted(s.ids), images_without_alt=s.images_without_alt, text=s.text)
            for pk, s in snapshots.items() if s.key and not s.reused]
    if rows:
        PageSnapshot.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["page"],
            update_fields=["key", "url", "links", "ids", "images_without_alt", "text", "scanned_at"],
        )
