"""The commitment letters of a guide's matter, linked from the guide page (``GUIDE_RELATED_PROVIDERS``)."""

from __future__ import annotations

from cms.guides.related import RelatedLink

from .models import CommitmentItem


def links_for_guide(guide) -> list[RelatedLink]:
    """Published commitment items of ``guide``: the applicant may commit instead of proving."""
    items = CommitmentItem.objects.published().filter(guide=guide).only("pk", "name").order_by("name")
    return [RelatedLink(f"告知承诺制：{item.name}（告知承诺书）", item.get_absolute_url()) for item in items]
