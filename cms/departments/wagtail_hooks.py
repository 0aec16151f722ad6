"""Admin for departments: a snippet viewset; creating one provisions its subtree."""

from __future__ import annotations

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Department
from .provisioning import provision_department


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = "部门和乡镇"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "short_name", "kind", "credit_code", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    ordering = ["order", "name"]
    list_per_page = 50


register_snippet(DepartmentViewSet)


@hooks.register("after_create_snippet")
def provision_new_department(request, instance) -> None:
    """A department created in the admin gets its columns, groups and workflow at once."""
    if isinstance(instance, Department):
        provision_department(instance)


@hooks.register("after_edit_snippet")
def reprovision_department(request, instance) -> None:
    """Editing re-runs the idempotent provisioning, restoring anything that went missing."""
    if isinstance(instance, Department):
        provision_department(instance)
