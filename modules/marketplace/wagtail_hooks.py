"""Admin integration of the marketplace: the 「中介服务超市」 menu (``admin.viewsets``)."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet

from .admin.viewsets import MarketplaceGroup, register_policies

register_policies()
register_snippet(MarketplaceGroup)
