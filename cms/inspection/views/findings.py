"""问题清单: the findings list with its filters, a finding's page, and the rectification actions.

Rules:
- department people see only their own departments' findings; editors see all, including the
  site-level ones (no department); a finding the user may not see is answered 404;
- the list is ordered by deadline, 50 a page; an overdue finding (open after its deadline) is
  shown in red and marked 逾期;
- opening the list marks the user's unread notices (站内通知) as read;
- 确认整改, 标记已整改 (with a note) and 复查 are POST forms going through ``rectification``,
  which decides who may act; its refusals are shown as messages, never as errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import rectification
from ..models import Finding, FindingStatus, Notice
from .access import InspectionAccessMixin, viewer_for
from .forms import FindingFilterForm, FixForm

FINDINGS_PER_PAGE = 50
ACTIONS = ("acknowledge", "fix", "recheck")


def _findings_breadcrumbs(*extra: dict) -> list[dict]:
    return [{"url": reverse("wagtailadmin_home"), "label": "首页"},
            {"url": reverse("inspection:findings"), "label": "问题清单"}, *extra]


def _visible_finding(request: HttpRequest, pk: int) -> Finding:
    finding = (viewer_for(request).findings().select_related("department", "column", "first_seen_run",
                                                             "last_seen_run", "closed_by_run")
               .filter(pk=pk).first())
    if finding is None:
        raise Http404("没有这个问题。")
    return finding


class FindingListView(InspectionAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Findings the user may see, filtered, by deadline, 50 a page."""

    template_name = "inspection/findings/index.html"
    page_title = "问题清单"
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return _findings_breadcrumbs()[:1] + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form = FindingFilterForm(self.request.GET, editor=self.viewer.is_editor)
        findings = form.filter(self.viewer.findings(), today).select_related("department", "column")
        page = Paginator(findings.order_by("deadline", "pk"), FINDINGS_PER_PAGE).get_page(self.request.GET.get("p"))
        for finding in page.object_list:
            finding.overdue = finding.is_overdue(today)
        unread = Notice.objects.filter(user=self.request.user, read_at__isnull=True).update(read_at=timezone.now())
        context.update(page_obj=page, filter_form=form, today=today, unread_marked=unread,
                       show_department=self.viewer.is_editor or len(self.viewer.department_ids) > 1)
        return context


class FindingDetailView(InspectionAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """A finding: evidence, page, column, dates, status, fix note, audit trail and the actions."""

    template_name = "inspection/findings/detail.html"
    page_title = "问题详情"
    header_icon = "warning"

    def get(self, request: HttpRequest, pk: int):
        self.finding = _visible_finding(request, pk)
        return super().get(request, pk=pk)

    def get_page_subtitle(self) -> str:
        return self.finding.get_rule_display()

    def get_breadcrumbs_items(self):
        return _findings_breadcrumbs({"url": "", "label": str(self.finding)})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        finding, today = self.finding, timezone.localdate()
        may_act = finding.is_open and rectification.may_act(self.request.user, finding)
        context.update(
            finding=finding, today=today, overdue=finding.is_overdue(today), may_act=may_act,
            may_acknowledge=may_act and finding.status == FindingStatus.OPEN,
            events=list(finding.events.select_related("user", "run", "run__department")),
            fix_form=FixForm(initial={"note": finding.fix_note}),
            action_urls={name: reverse("inspection:finding_action", args=[finding.pk, name]) for name in ACTIONS},
        )
        return context


class FindingActionView(InspectionAccessMixin, View):
    """确认整改 / 标记已整改 / 复查 on one finding (POST); the outcome is shown as a message."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, action: str):
        if action not in ACTIONS:
            raise Http404("没有这个操作。")
        finding = _visible_finding(request, pk)
        try:
            if action == "acknowledge":
                rectification.acknowledge(finding, request.user, request.POST.get("note", ""))
                messages.success(request, "已确认整改，请在整改期限内完成并标记已整改。")
            elif action == "fix":
                rectification.mark_fixed(finding, request.user, request.POST.get("note", ""))
                messages.success(request, "已标记为已整改。问题将在复查或下次检查未再发现时销号。")
            elif rectification.recheck(finding, request.user):
                messages.success(request, "复查通过：问题已不存在，已销号。")
            else:
                messages.warning(request, "复查未通过：问题仍然存在，请继续整改。")
        except PermissionDenied as refused:
            messages.error(request, str(refused) or "您无权处理该问题。")
        except ValidationError as invalid:
            messages.error(request, "；".join(invalid.messages))
        return redirect("inspection:finding", pk=finding.pk)
