"""Admin integration of the service guides: spreadsheet import and export URLs."""

from __future__ import annotations

from django.urls import path
from wagtail import hooks


@hooks.register("register_admin_urls")
def register_guide_urls():
    from .spreadsheet import views as sheet_views

    return [
        path("guides/export.xlsx", sheet_views.export_guides, name="guides_export"),
        path("guides/import/", sheet_views.ImportGuidesView.as_view(), name="guides_import"),
    ]
