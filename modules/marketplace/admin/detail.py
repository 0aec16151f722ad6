"""The project page of the admin: the notice, the sign-ups, the result, the contract, the evaluation,
the actions the user may take now and the project's audit log.

Rules:
- only the projects ``permissions.projects_for`` gives are found (any other: 404);
- a quote is shown only when ``services.projects.quote_visible`` says so (from 报名截止 on), and
  then only the opened value: the page is built from plain rows made here, so no template ever
  touches ``sealed_quote``; before the deadline a quote shows as 密封;
- the buttons follow the state, the selection method and the user's rights (``available_actions``);
  the action views check everything again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import (
    EVALUATION_DAYS,
    AuditEntry,
    Contract,
    MeritScore,
    Project,
    ProjectState,
    QuoteMethod,
    SelectionMethod,
    SignUp,
)
from ..services.projects import quote_visible
from .links import project_url
from .permissions import (
    forbidden,
    is_operator,
    is_project_viewer,
    may_edit_project,
    may_manage_project,
    may_terminate,
    projects_for,
)

SEALED = "密封（报名截止后开启）"
NOT_QUOTED = "未报价"
OPEN_STATES = (ProjectState.SIGNUP, ProjectState.SELECTING, ProjectState.SELECTED, ProjectState.IN_SERVICE)
INPUT_LABELS = {
    "algorithm": "算法", "algorithm_text": "算法说明", "candidates": "候选机构", "commitment": "随机值承诺（SHA-256）",
    "secret": "随机值", "seed": "种子", "seed_hex": "种子", "index": "中选序号", "winner": "中选机构代码",
    "ranking": "排名", "quotes": "有效报价排序", "scores": "得分", "totals": "总分", "scorers": "评分人",
    "quote_method": "报价方式", "ceiling": "最高限价（元）", "tie_rule": "同价规则", "reason": "理由", "rule": "规则",
    "project_number": "项目编号", "invalid": "无效报价", "chosen": "选定机构代码", "criteria": "评分标准",
    "rank": "名次", "code": "统一社会信用代码", "name": "名称", "value": "报价", "quoted_at": "报价时间",
    "sums": "各评分人合计", "total": "总分", "max_points": "分值", "description": "评分标准",
}


def format_quote(value: Decimal | None, quote_method: str) -> str:
    if value is None:
        return NOT_QUOTED
    if quote_method == QuoteMethod.RATE:
        return f"下浮 {value.normalize():f}%"
    return f"{value.quantize(Decimal('0.01')):,} 元"


def quote_text(signup: SignUp, project: Project, now: datetime.datetime) -> str:
    """The quote as this user may see it now: 密封 before the deadline, the opened value after."""
    signup.project = project
    if not quote_visible(signup, now):
        return SEALED if signup.quoted_at else NOT_QUOTED
    if signup.opened_quote is None:
        return NOT_QUOTED if not signup.quoted_at else "待开启"
    return format_quote(signup.opened_quote, project.quote_method)


def qualification_text(signup: SignUp) -> str:
    if signup.qualified is None:
        return "报名截止后审查"
    return "合格" if signup.qualified else f"不合格：{signup.disqualified_reason or '未说明'}"


@dataclass
class SignupRow:
    pk: int
    agency: str
    credit_code: str
    created_at: datetime.datetime
    qualification: str
    qualified: bool | None
    quote: str
    total: Decimal | None = None
    winner: bool = False


def signup_rows(project: Project, now: datetime.datetime, *, winner_id: int | None = None) -> list[SignupRow]:
    """The sign-ups of ``project`` as display rows; the quote is gated by ``quote_visible``."""
    totals = merit_totals(project)
    rows = []
    for signup in project.signups.select_related("agency").order_by("created_at", "pk"):
        rows.append(SignupRow(
            pk=signup.pk, agency=signup.agency.name, credit_code=signup.agency.credit_code,
            created_at=signup.created_at, qualification=qualification_text(signup), qualified=signup.qualified,
            quote=quote_text(signup, project, now), total=totals.get(signup.pk),
            winner=winner_id is not None and signup.agency_id == winner_id,
        ))
    return rows


def merit_totals(project: Project) -> dict[int, Decimal]:
    """Each sign-up's total so far: the mean over scorers of each scorer's sum (the services' rule)."""
    if project.method != SelectionMethod.MERIT:
        return {}
    sums: dict[int, dict[str, Decimal]] = {}
    for signup_id, scorer, points in MeritScore.objects.filter(criterion__project=project).values_list(
            "signup_id", "scorer", "points"):
        by_scorer = sums.setdefault(signup_id, {})
        by_scorer[scorer] = by_scorer.get(scorer, Decimal(0)) + points
    return {signup_id: (sum(by_scorer.values(), Decimal(0)) / len(by_scorer)).quantize(Decimal("0.01"))
            for signup_id, by_scorer in sums.items()}


def scorer_table(project: Project) -> list[dict[str, Any]]:
    """Per scorer: their sum for each sign-up (the named scorers' record)."""
    table: dict[str, dict[int, Decimal]] = {}
    for scorer, signup_id, points in MeritScore.objects.filter(criterion__project=project).values_list(
            "scorer", "signup_id", "points"):
        table.setdefault(scorer, {})
        table[scorer][signup_id] = table[scorer].get(signup_id, Decimal(0)) + points
    return [{"scorer": scorer, "totals": totals} for scorer, totals in sorted(table.items())]


def evaluation_due(project: Project) -> datetime.datetime | None:
    if project.completed_at is None:
        return None
    return project.completed_at + datetime.timedelta(days=EVALUATION_DAYS)


def may_evaluate_now(project: Project, now: datetime.datetime) -> bool:
    due = evaluation_due(project)
    return (project.state == ProjectState.COMPLETED and due is not None and now <= due
            and not hasattr_safe(project, "evaluation"))


def hasattr_safe(obj: Any, name: str) -> bool:
    try:
        getattr(obj, name)
    except Exception:  # RelatedObjectDoesNotExist
        return False
    return True


@dataclass
class Action:
    label: str
    url: str
    icon: str = "arrow-right"
    primary: bool = False
    danger: bool = False
    extra: dict = field(default_factory=dict)


def available_actions(user: Any, project: Project, now: datetime.datetime) -> list[Action]:
    """What ``user`` may do with ``project`` now (the action views check again)."""
    found: list[Action] = []
    manage = may_manage_project(user, project)
    if may_edit_project(user, project):
        found += [Action("发布公告", project_url("publish", project), "upload", primary=True),
                  Action("编辑", project_url("edit", project), "edit"),
                  Action("删除草稿", project_url("delete", project), "bin", danger=True)]
    if manage and project.state == ProjectState.SELECTING and not hasattr_safe(project, "selection"):
        due = now >= project.selection_at
        if project.method == SelectionMethod.DIRECT and due:
            found.append(Action("直接选取", project_url("direct", project), "tick", primary=True))
        if project.method == SelectionMethod.MERIT:
            found.append(Action("录入评分", project_url("merit", project), "edit", primary=True))
            if due:
                found.append(Action("完成评审", project_url("merit_finish", project), "tick"))
    contract = Contract.objects.filter(project=project).first()
    if manage and contract is not None and contract.confirmed_at is None and project.state in (
            ProjectState.SELECTED, ProjectState.IN_SERVICE):
        found.append(Action("确认合同备案", project_url("confirm_contract", project), "tick", primary=True))
    if manage and project.state == ProjectState.SELECTED and contract is not None and contract.confirmed_at:
        found.append(Action("开始服务", project_url("start", project), "resubmit", primary=True))
    if manage and project.state == ProjectState.IN_SERVICE:
        found.append(Action("服务完成", project_url("complete", project), "success", primary=True))
    if manage and may_evaluate_now(project, now):
        found.append(Action("服务评价", project_url("evaluate", project), "pick", primary=True))
    if project.state in OPEN_STATES and may_terminate(user, project):
        found.append(Action("中止项目", project_url("terminate", project), "cross", danger=True))
    if project.state != ProjectState.DRAFT:
        found.append(Action("导出报名情况", project_url("signups_export", project), "download"))
    return found


def project_audit(project: Project):
    """Audit entries of the project and of its sign-ups, selection and contract, newest first."""
    signups = list(project.signups.values_list("pk", flat=True))
    condition = Q(object_type="project", object_id=project.pk) | Q(object_type="signup", object_id__in=signups)
    selection = getattr(project, "selection", None) if hasattr_safe(project, "selection") else None
    if selection is not None:
        condition |= Q(object_type="selection", object_id=selection.pk)
    contract = Contract.objects.filter(project=project).first()
    if contract is not None:
        condition |= Q(object_type="contract", object_id=contract.pk)
    return AuditEntry.objects.filter(condition).select_related("user").order_by("-at", "-pk")


def describe(value: Any, key: str = "") -> str:
    """A selection input as text: dicts as 标签：值, lists joined by ；, quote methods by name."""
    if isinstance(value, dict):
        return "，".join(f"{INPUT_LABELS.get(k, k)}：{describe(v, k)}" for k, v in value.items())
    if isinstance(value, list):
        return "；".join(describe(item) for item in value) or "无"
    if key == "quote_method" and value in QuoteMethod.values:
        return QuoteMethod(value).label
    if key.endswith("_at") and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}"
    return "" if value is None else str(value)


def selection_inputs(inputs: dict) -> list[tuple[str, str]]:
    """The selection's published inputs, labelled in Chinese, for reading and checking."""
    return [(INPUT_LABELS.get(key, key), describe(value, key)) for key, value in (inputs or {}).items()]


class ProjectViewMixin:
    """Find the project among those the user may see (404 otherwise)."""

    project: Project

    def dispatch(self, request, pk: int, *args, **kwargs):
        if not is_project_viewer(request.user):
            return forbidden("您没有查看中介服务项目的权限。")
        self.project = get_object_or_404(projects_for(request.user), pk=pk)
        return super().dispatch(request, pk, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": project_url("index"), "label": "项目管理"},
                {"url": project_url("detail", self.project), "label": str(self.project)}]


class ProjectDetailView(ProjectViewMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "marketplace/admin/project_detail.html"
    header_icon = "doc-full"

    def get_page_title(self) -> str:
        return self.project.title

    def get_page_subtitle(self) -> str:
        return f"{self.project.number or '草稿'}｜{self.project.get_state_display()}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": project_url("index"), "label": "项目管理"}, {"url": "", "label": self.project.title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project, now = self.project, timezone.now()
        selection = project.selection if hasattr_safe(project, "selection") else None
        evaluation = project.evaluation if hasattr_safe(project, "evaluation") else None
        context.update(
            project=project, now=now, actions=available_actions(self.request.user, project, now),
            signups=signup_rows(project, now, winner_id=selection.agency_id if selection else None),
            quotes_open=project.state != ProjectState.DRAFT and now >= project.signup_deadline,
            criteria=list(project.criteria.all()), scorers=scorer_table(project) if now >= project.signup_deadline
            else [], selection=selection, inputs=selection_inputs(selection.inputs) if selection else [],
            contract=Contract.objects.filter(project=project).first(), results=list(project.results.all()),
            evaluation=evaluation, evaluation_due=evaluation_due(project),
            grievances=list(project.grievances.select_related("agency")), audit=project_audit(project)[:100],
            audit_url=(f"{reverse('marketplace_audit:index')}?object_type=project&object_id={project.pk}"
                       if is_operator(self.request.user) else ""),
        )
        return context


def urlpatterns() -> list[Any]:
    return [path("<int:pk>/", ProjectDetailView.as_view(), name="detail")]
