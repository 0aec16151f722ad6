"""Admin integration of the marketplace: the 「中介服务超市」 menu (``admin.viewsets``) and the
home-page panel of what waits for the operator or for a department (``admin.panel``)."""

from __future__ import annotations

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin.panel import panel_for
from .admin.viewsets import MarketplaceGroup, register_policies

register_policies()
register_snippet(MarketplaceGroup)


@hooks.register("construct_homepage_panels")
def add_marketplace_panel(request, panels) -> None:
    panel = panel_for(request)
    if panel is not None:
        panels.append(panel)
