"""The 「中介服务超市」 menu of the admin and the permission policies of its models.

Menu items: 项目管理 (owners, editors and the operator), then the operator's 入驻审核, 中介机构,
服务类型, 信用惩戒, 信用评价, 异议和投诉 and 操作记录. Each item is shown only to those its views
let in; the group disappears when none is.
"""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import Agency, AuditEntry, CreditRating, Grievance, Project, Sanction, ServiceCategory
from .agencies import AgencyViewSet, ReviewViewSet
from .credit import AuditViewSet, GrievanceViewSet, RatingViewSet, SanctionViewSet
from .permissions import OperatorPermissionPolicy, ProjectPermissionPolicy
from .projects import ProjectViewSet


def register_policies() -> None:
    """Before the viewsets are registered, so Wagtail uses these instead of its default policy."""
    register_permission_policy(Project, ProjectPermissionPolicy(Project))
    register_permission_policy(Agency, OperatorPermissionPolicy(Agency, ("view",)))
    register_permission_policy(Sanction, OperatorPermissionPolicy(Sanction, ("view", "add")))
    register_permission_policy(CreditRating, OperatorPermissionPolicy(CreditRating, ("view", "add")))
    register_permission_policy(Grievance, OperatorPermissionPolicy(Grievance, ("view",)))
    register_permission_policy(AuditEntry, OperatorPermissionPolicy(AuditEntry, ("view",)))


class ServiceCategoryViewSet(SnippetViewSet):
    """服务类型: the catalogue of intermediary services (operator: add, change, delete)."""

    model = ServiceCategory
    icon = "list-ul"
    menu_label = "服务类型"
    menu_name = "marketplace-categories"
    list_display = ["name", "code", "order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]
    ordering = ["order", "name"]
    copy_view_enabled = False
    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("description"), FieldPanel("order"),
              FieldPanel("active")]


class MarketplaceGroup(SnippetViewSetGroup):
    menu_label = "中介服务超市"
    menu_icon = "site"
    menu_name = "marketplace"
    menu_order = 260
    items = (ProjectViewSet, ReviewViewSet, AgencyViewSet, ServiceCategoryViewSet, SanctionViewSet, RatingViewSet,
             GrievanceViewSet, AuditViewSet)
