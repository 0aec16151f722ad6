"""The 跨省通办 partners that handle a guide's matter, linked from the guide page."""

from __future__ import annotations

from cms.guides.related import RelatedLink

from .models import PartnerRegion


def links_for_guide(guide) -> list[RelatedLink]:
    """One link per partner region whose agreement covers ``guide``'s matter."""
    partners = PartnerRegion.objects.filter(agreements__batches__items__guide=guide).distinct().order_by("pk")
    return [RelatedLink(f"跨省通办：{partner.full_name}", partner.get_absolute_url()) for partner in partners]
