"""Admin forms of items and cases: department staff pick only from their own department.

Rule: department staff edit only their own department's items and cases, so the department
and item choices they are offered are limited to their departments, and an item guide must
belong to the item's department.
"""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm

from cms.departments.access import departments_of
from cms.departments.models import Department

from .permissions import scope_items, sees_all_departments


class CrossItemForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get("department")
        if field is not None and user is not None and not sees_all_departments(user):
            field.queryset = departments_of(user)
        guide = self.fields.get("guide")
        if guide is not None:
            guide.queryset = guide.queryset.model.objects.live().order_by("title")
            if user is not None and not sees_all_departments(user):
                guide.queryset = guide.queryset.filter(department__in=departments_of(user))
        if "batch" in self.fields:
            self.fields["batch"].queryset = self.fields["batch"].queryset.select_related("agreement__partner")


class ProxyCaseForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("item")
        if field is not None:
            from .models import CrossItem, Mode

            items = CrossItem.objects.filter(mode=Mode.PROXY).select_related("batch__agreement__partner")
            if self.for_user is not None:
                items = scope_items(items, self.for_user)
            field.queryset = items
            field.label_from_instance = lambda item: f"{item.batch.agreement.partner.county} · {item.name}"
        if self.instance.pk and self.instance.checked_at is not None and "received_at" in self.fields:
            self.fields["received_at"].disabled = True
            self.fields["received_at"].help_text = "已初审的办件不能再修改收件日期。"


def department_choices(user):
    """Departments ``user`` may assign items to."""
    return Department.objects.all() if sees_all_departments(user) else departments_of(user)
