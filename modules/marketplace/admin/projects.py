"""项目管理: the owners' list of projects, the notice form with its merit criteria, and deletion of drafts.

Rules:
- the list shows a department's staff their own department's projects only; portal editors and
  the operator see all (``permissions.projects_for``); any other project answers 404 everywhere,
  even when its address is typed in;
- a project is created for one of the user's own departments and edited or deleted only while it
  is a draft (草稿), by its own department; after publication the notice is fixed;
- 择优选取 publishes its criteria with the notice (entered inline, at least one); other methods
  have none;
- the list and its export show the notice fields only: never a sign-up's quote.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cms.departments.models import Department

from ..models import Project, ProjectState, SelectionMethod, ServiceCategory
from ..services.audit import record
from . import actions, detail
from .forms import CriterionFormSet, ProjectForm
from .links import PROJECTS, project_url
from .permissions import forbidden, may_edit_project, projects_for

STATE_COLOURS = {
    ProjectState.DRAFT: "#5c5c5c", ProjectState.SIGNUP: "#007d7e", ProjectState.SELECTING: "#b35900",
    ProjectState.SELECTED: "#1d7a1d", ProjectState.VOID: "#cd4444", ProjectState.IN_SERVICE: "#1f5fa8",
    ProjectState.COMPLETED: "#333", ProjectState.TERMINATED: "#cd4444",
}


def state_badge(project: Project) -> str:
    return format_html('<span style="color:{};font-weight:bold">{}</span>', STATE_COLOURS.get(project.state, "#333"),
                       project.get_state_display())


class ProjectFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=ProjectState.choices, empty_label="全部")
    method = django_filters.ChoiceFilter(label="选取方式", choices=SelectionMethod.choices, empty_label="全部")
    category = django_filters.ModelChoiceFilter(label="服务类型", queryset=ServiceCategory.objects.all(),
                                                empty_label="全部")
    owner = django_filters.ModelChoiceFilter(label="业主单位", queryset=Department.objects.order_by("order", "name"),
                                             empty_label="全部")
    signup_deadline = django_filters.DateFromToRangeFilter(label="报名截止", widget=DateRangePickerWidget)

    class Meta:
        model = Project
        fields: list[str] = []


class ProjectIndexView(generic.IndexView):
    def get_base_queryset(self):
        return projects_for(self.request.user)

    @cached_property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)(
            "title", label="项目名称", get_url=lambda project: project_url("detail", project),
            sort_key="title")
        return [
            Column("number", label="项目编号", sort_key="number", accessor=lambda p: p.number or "（未发布）"),
            title,
            Column("owner", label="业主单位", accessor=lambda p: p.owner.short_name),
            Column("category", label="服务类型", accessor="category"),
            Column("method", label="选取方式", accessor="get_method_display"),
            Column("budget", label="预算（元）", accessor="budget", sort_key="budget"),
            DateColumn("signup_deadline", label="报名截止", sort_key="signup_deadline"),
            Column("state", label="状态", accessor=state_badge, sort_key="state"),
        ]

    def get_edit_url(self, instance):
        if may_edit_project(self.request.user, instance):
            return reverse(self.edit_url_name, args=[instance.pk])
        return None

    def get_delete_url(self, instance):
        if may_edit_project(self.request.user, instance):
            return reverse(self.delete_url_name, args=[instance.pk])
        return None


class CriteriaMixin:
    """The inline formset of the merit criteria, validated and saved with the notice."""

    template_name = "marketplace/admin/project_form.html"
    criteria_error = ""

    @cached_property
    def criteria(self) -> CriterionFormSet:
        instance = getattr(self, "object", None) or Project()
        data = self.request.POST if self.request.method == "POST" else None
        return CriterionFormSet(data, instance=instance, prefix="criteria")

    def is_valid(self, form) -> bool:
        valid = super().is_valid(form)
        criteria_valid = self.criteria.is_valid()
        method = form.cleaned_data.get("method") if valid else form.data.get("method")
        if criteria_valid:
            kept = self.criteria.kept_forms()
            if method == SelectionMethod.MERIT and not kept:
                self.criteria_error = "择优选取须至少公布一项评分标准（评分项、评分标准和分值）。"
            elif method and method != SelectionMethod.MERIT and kept:
                self.criteria_error = "只有择优选取的项目设置评分标准：请删除评分项，或把选取方式改为择优选取。"
        if valid and (not criteria_valid or self.criteria_error):
            self.produced_error_message = self.criteria_error or "评分标准填写有误，请检查。"
            return False
        return valid

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(criteria=self.criteria, criteria_error=self.criteria_error, form_is_multipart=False)
        return context

    def save_criteria(self, project: Project) -> None:
        self.criteria.instance = project
        self.criteria.save()


class ProjectCreateView(CriteriaMixin, generic.CreateView):
    page_title = "新建项目"

    def get_page_subtitle(self) -> str:
        return "新建中介服务项目"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": project_url("index"), "label": "项目管理"}, {"url": "", "label": "新建项目"}]

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        self.form.instance.state = ProjectState.DRAFT
        project = super().save_instance()
        self.save_criteria(project)
        record(project, "create", f"{project.owner.short_name}新建项目草稿“{project.title}”", user=self.request.user)
        return project

    def get_success_url(self):
        return project_url("detail", self.object)

    def get_success_message(self, instance):
        return f"已保存项目草稿“{instance.title}”。核对无误后，在项目页面点击“发布公告”。"


class DraftOnlyMixin:
    """Another department's project is a 404; a published one cannot be changed (back to its page)."""

    def dispatch(self, request, *args, **kwargs):
        project = get_object_or_404(projects_for(request.user), pk=kwargs.get("pk"))
        if not may_edit_project(request.user, project):
            if project.state != ProjectState.DRAFT:
                messages.warning(request, f"项目已{project.get_state_display()}，公告内容不能再修改或删除。")
                return redirect(project_url("detail", project))
            return forbidden("只有业主单位的工作人员可以修改本单位的项目草稿。")
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not may_edit_project(self.request.user, obj):
            raise Http404
        return obj


class ProjectEditView(DraftOnlyMixin, CriteriaMixin, generic.EditView):
    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": project_url("index"), "label": "项目管理"},
                {"url": project_url("detail", self.object), "label": self.object.title}, {"url": "", "label": "编辑草稿"}]
    def save_instance(self):
        project = super().save_instance()
        self.save_criteria(project)
        return project

    def get_success_url(self):
        return project_url("detail", self.object)

    def get_success_message(self):
        return f"已保存项目草稿“{self.object.title}”。"


class ProjectDeleteView(DraftOnlyMixin, generic.DeleteView):
    def delete_action(self):
        with transaction.atomic():
            record(self.object, "delete", f"删除项目草稿“{self.object.title}”", user=self.request.user)
            super().delete_action()


class ScopedHistoryView(generic.history.HistoryView):
    def get_object(self, queryset=None):
        return get_object_or_404(projects_for(self.request.user), pk=self.kwargs["pk"])


class ScopedUsageView(generic.usage.UsageView):
    def get_object(self):
        return get_object_or_404(projects_for(self.request.user), pk=self.kwargs["pk"])


class ProjectViewSet(ModelViewSet):
    """项目管理 (``/admin/marketplace/projects/``)."""

    model = Project
    name = PROJECTS
    url_prefix = "marketplace/projects"
    icon = "doc-full"
    menu_label = "项目管理"
    menu_name = "marketplace-projects"
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = ProjectIndexView
    add_view_class = ProjectCreateView
    edit_view_class = ProjectEditView
    delete_view_class = ProjectDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    filterset_class = ProjectFilterSet
    search_fields = ["title", "number", "content"]
    ordering = ["-created_at"]
    list_per_page = 30
    list_export = ["number", "title", "owner.name", "category.name", "get_method_display",
                   "get_quote_method_display", "budget", "max_price", "signup_deadline", "selection_at",
                   "get_state_display", "published_at"]
    export_headings = {"number": "项目编号", "title": "项目名称", "owner.name": "业主单位", "category.name": "服务类型",
                       "get_method_display": "选取方式", "get_quote_method_display": "报价方式",
                       "budget": "预算金额（元）", "max_price": "最高限价（元）", "signup_deadline": "报名截止时间",
                       "selection_at": "选取时间", "get_state_display": "状态", "published_at": "发布时间"}
    export_filename = "中介服务项目"
    edit_handler = ObjectList(
        [
            MultiFieldPanel([FieldPanel("title"), FieldRowPanel([FieldPanel("owner"), FieldPanel("category")]),
                             FieldPanel("content"), FieldPanel("service_period")], heading="项目概况"),
            MultiFieldPanel([FieldRowPanel([FieldPanel("budget"), FieldPanel("max_price")]),
                             FieldPanel("quote_method")], heading="预算和报价"),
            MultiFieldPanel([FieldPanel("qualification_requirement"), FieldPanel("required_level"),
                             FieldPanel("avoidance")], heading="资质和回避要求"),
            MultiFieldPanel([FieldRowPanel([FieldPanel("signup_deadline"), FieldPanel("selection_at")]),
                             FieldPanel("method"), FieldPanel("publicity_days")], heading="报名和选取"),
            MultiFieldPanel([FieldRowPanel([FieldPanel("contact"), FieldPanel("complaint_phone")])],
                            heading="联系和监督"),
        ],
        base_form_class=ProjectForm,
    )

    def get_urlpatterns(self) -> list[Any]:
        return super().get_urlpatterns() + detail.urlpatterns() + actions.urlpatterns()
