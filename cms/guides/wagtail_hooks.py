"""Admin integration of the service guides: the 办事指南 menu, spreadsheet import and export,
the theme snippets and the report of guides lacking elements."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.departments.access import departments_of, in_group
from cms.workflows.roles import PORTAL_EDITORS, SERVICE_CENTRE

from . import admin_views
from .models import ServiceTheme
from .spreadsheet import hooks as spreadsheet_hooks  # noqa: F401  (the 批量导入 log label)


def _may_see_guides(request) -> bool:
    """Service centre, portal editors and department staff; computed once per request."""
    cached = getattr(request, "_gongkai_may_see_guides", None)
    if cached is None:
        user = request.user
        cached = in_group(user, SERVICE_CENTRE) or in_group(user, PORTAL_EDITORS) or departments_of(user).exists()
        request._gongkai_may_see_guides = cached
    return cached


@hooks.register("register_admin_urls")
def register_guide_urls():
    from .spreadsheet import views as sheet_views

    return [
        path("guides/export.xlsx", sheet_views.export_guides, name="guides_export"),
        path("guides/import/", sheet_views.ImportGuidesView.as_view(), name="guides_import"),
        path("guides/incomplete/", admin_views.incomplete_guides_report, name="guides_incomplete"),
    ]


class GuideMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return _may_see_guides(request)


@hooks.register("register_admin_menu_item")
def register_guide_menu():
    from wagtail.admin.menu import Menu, SubmenuMenuItem

    items = [
        GuideMenuItem("要素检查", reverse("guides_incomplete"), icon_name="warning", order=10),
        GuideMenuItem("导入指南", reverse("guides_import"), icon_name="upload", order=20),
        GuideMenuItem("导出指南", reverse("guides_export"), icon_name="download", order=30),
    ]
    return SubmenuMenuItem("办事指南", Menu(items=items), icon_name="list-ul", order=250,
                           name="service-guides")


class ServiceThemeViewSet(SnippetViewSet):
    model = ServiceTheme
    icon = "tag"
    menu_label = "办事主题"
    add_to_settings_menu = True
    list_display = ["name", "audience", "order"]
    list_filter = ["audience"]
    ordering = ["audience", "order"]


register_snippet(ServiceThemeViewSet)
