"""Admin integration of the column check: the 栏目检查 menu, its URLs, the rule snippets and the
home-page panel.

Rules:
- the menu is shown to portal editors and department people: 检查批次, 问题清单 and 得分排名 to
  both; 月度通报 and the rules (检查规则, 栏目更新周期, 栏目例外) to editors only;
- the rules (``Rule``) and the kind intervals (``KindInterval``) are made by the defaults and
  only edited (severity, points, cap, enabled; days, basis), never added, copied or deleted, even
  by a superuser; column overrides (``ColumnOverride``) are added, edited and deleted, always with
  a reason, and their column chooser offers columns (栏目) only;
- 栏目检查设置 is a site setting (设置 → 栏目检查设置), edited with ``change_inspectionsettings``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminPageChooser
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.columns.models import ColumnPage

from . import admin_urls
from .models import ColumnOverride, KindInterval, Rule
from .views.access import viewer_for
from .views.dashboard import InspectionPanel


class EditOnlyPermissionPolicy(ModelPermissionPolicy):
    """Rows created by the defaults: they may be viewed and changed, never added or deleted."""

    FIXED_ACTIONS = frozenset({"add", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.FIXED_ACTIONS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.FIXED_ACTIONS]
        return super().users_with_any_permission(allowed) if allowed else get_user_model().objects.none()


# Registered before the viewsets are, so Wagtail uses them instead of its default policy.
register_permission_policy(Rule, EditOnlyPermissionPolicy(Rule))
register_permission_policy(KindInterval, EditOnlyPermissionPolicy(KindInterval))


@hooks.register("register_admin_urls")
def register_inspection_urls():
    return [path("inspection/", include((admin_urls.urlpatterns, "inspection"), namespace="inspection"))]


class InspectionMenuItem(MenuItem):
    """Shown to editors and department people (``editors_only``: to editors)."""

    def __init__(self, *args, editors_only: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.editors_only = editors_only

    def is_shown(self, request) -> bool:
        viewer = viewer_for(request)
        return viewer.is_editor if self.editors_only else viewer.allowed


class InspectionLink(ViewSet):
    """A menu entry for one of the views of ``admin_urls`` (the URLs themselves are mounted above)."""

    url_name = ""
    editors_only = False

    def get_urlpatterns(self):
        return []

    @property
    def menu_url(self) -> str:
        return reverse(self.url_name)

    def get_menu_item(self, order=None):
        return InspectionMenuItem(self.menu_label, self.menu_url, name=self.menu_name, icon_name=self.menu_icon,
                                  order=self.get_menu_item_order(order), editors_only=self.editors_only)


class RunsLink(InspectionLink):
    name = "inspection_runs_link"
    url_name = "inspection:runs"
    menu_label = "检查批次"
    menu_name = "inspection-runs"
    icon = "list-ul"


class FindingsLink(InspectionLink):
    name = "inspection_findings_link"
    url_name = "inspection:findings"
    menu_label = "问题清单"
    menu_name = "inspection-findings"
    icon = "warning"


class RankingLink(InspectionLink):
    name = "inspection_ranking_link"
    url_name = "inspection:ranking"
    menu_label = "得分排名"
    menu_name = "inspection-ranking"
    icon = "order"


class ReportsLink(InspectionLink):
    name = "inspection_reports_link"
    url_name = "inspection:reports"
    editors_only = True
    menu_label = "月度通报"
    menu_name = "inspection-reports"
    icon = "doc-full"


class RuleViewSet(SnippetViewSet):
    """检查规则: each kind of finding, its severity and deduction."""

    model = Rule
    icon = "cog"
    menu_label = "检查规则"
    menu_name = "inspection-rules"
    copy_view_enabled = False
    list_display = ["code", "severity", "points", "cap", BooleanColumn("enabled", label="启用")]
    list_filter = ["severity", "enabled"]
    ordering = ["code"]
    list_per_page = 50
    panels = [FieldPanel("code", read_only=True), FieldPanel("severity"),
              FieldRowPanel([FieldPanel("points"), FieldPanel("cap")]), FieldPanel("enabled")]


class KindIntervalViewSet(SnippetViewSet):
    """栏目更新周期: the update interval of each column kind."""

    model = KindInterval
    icon = "time"
    menu_label = "栏目更新周期"
    menu_name = "inspection-intervals"
    copy_view_enabled = False
    list_display = ["kind", "days", "note"]
    ordering = ["kind"]
    panels = [FieldPanel("kind", read_only=True), FieldPanel("days"), FieldPanel("note")]


def _override_department(override: ColumnOverride) -> str:
    department = override.column.department
    return department.name if department else "县政府"


class ColumnOverrideViewSet(SnippetViewSet):
    """栏目例外: a column's own interval or exemption, with its reason."""

    model = ColumnOverride
    icon = "pick"
    menu_label = "栏目例外"
    menu_name = "inspection-overrides"
    copy_view_enabled = False
    list_display = ["column", Column("department", label="部门", accessor=_override_department), "days",
                    BooleanColumn("no_update_required", label="不要求定期更新"),
                    BooleanColumn("blank_allowed", label="允许为空"), "reason", "updated_at"]
    list_filter = ["no_update_required", "blank_allowed"]
    ordering = ["-updated_at"]
    panels = [
        FieldPanel("column", widget=AdminPageChooser(target_models=[ColumnPage], can_choose_root=False)),
        FieldRowPanel([FieldPanel("days"), FieldPanel("no_update_required")]),
        FieldPanel("blank_allowed"), FieldPanel("reason"),
    ]

    def get_queryset(self, request):
        return ColumnOverride.objects.select_related("column", "column__department")


class InspectionGroup(SnippetViewSetGroup):
    """The 栏目检查 menu; hidden when none of its entries is shown to the user."""

    menu_label = "栏目检查"
    menu_icon = "tasks"
    menu_name = "inspection"
    menu_order = 245
    items = (RunsLink, FindingsLink, RankingLink, ReportsLink, RuleViewSet, KindIntervalViewSet, ColumnOverrideViewSet)


register_snippet(InspectionGroup)


@hooks.register("construct_homepage_panels")
def add_inspection_panel(request, panels) -> None:
    viewer = viewer_for(request)
    if viewer.allowed:
        panels.append(InspectionPanel(request, viewer))
