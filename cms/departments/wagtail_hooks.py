"""Admin for departments: a snippet viewset whose create and edit views provision the department.

Rule: a department and its disclosure subtree, groups and workflow are written together or
not at all — provisioning runs inside the transaction that saves the department.
"""

from __future__ import annotations

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from .models import Department
from .provisioning import ProvisioningError, provision_department


class ProvisioningViewMixin:
    """Save the department and provision it in one transaction; show a provisioning failure on the form."""

    def save_instance(self):
        instance = super().save_instance()
        provision_department(instance)
        return instance

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProvisioningError as exc:
            form.add_error(None, str(exc))
            self.produced_error_message = str(exc)
            return self.form_invalid(form)


class DepartmentCreateView(ProvisioningViewMixin, CreateView):
    pass


class DepartmentEditView(ProvisioningViewMixin, EditView):
    pass


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = "部门和乡镇"
    menu_order = 210
    add_to_admin_menu = True
    add_view_class = DepartmentCreateView
    edit_view_class = DepartmentEditView
    list_display = ["name", "short_name", "kind", "credit_code", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    ordering = ["order", "name"]
    list_per_page = 50


register_snippet(DepartmentViewSet)
