"""Writing validated items into a column as published pages."""

from __future__ import annotations

from collections.abc import Sequence

from cms.disclosure.models import InterpretationPage, PolicyDocumentPage

from .progress import progress_bar
from .validation import ItemData, is_interpretation_column


def write_items(column, items: Sequence[ItemData], *, user=None, progress: bool = False, source: str = "",
                skipped: int = 0) -> list[int]:
    """Create and publish one page per item under ``column``; return the new page ids."""
    model = InterpretationPage if is_interpretation_column(column) else PolicyDocumentPage
    ids: list[int] = []
    for item in progress_bar(items, enabled=progress, desc="写入", unit="条"):
        fields = dict(
            title=item.title, publish_date=item.publish_date, written_date=item.written_date, body=item.body,
            summary=item.summary, document_number=item.document_number, topic_id=item.topic_id,
            genre=item.genre, validity=item.validity, validity_changed_on=item.validity_changed_on,
            keywords=item.keywords, issuing_agency=item.issuing_agency, owner=user,
        )
        if model is InterpretationPage:
            fields["policy_id"] = item.policy_id
        page = model(**fields, live=False)
        column.add_child(instance=page)
        page.save_revision(user=user).publish(user=user)
        ids.append(page.pk)
    return ids
