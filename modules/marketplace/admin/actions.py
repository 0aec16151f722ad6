"""What an owner does with a project in the admin, one view per step, each through the services.

Rules (each view checks them before the service checks them again):
- only the owner department's people act (``may_manage_project``; the operator may only
  terminate); anyone else who may see the project gets a 403 with the reason, anyone else a 404;
- a step is offered only in its state and selection method: 发布 (草稿), 直接选取 and 择优 scoring
  (选取中, after 报名截止), 确认合同 (the agency uploaded it), 开始服务 (已选取, contract
  confirmed), 服务完成 (服务中), 中止 (with a reason), 服务评价 (服务完成, within 180 days, once);
- a refused step (``MarketplaceError``/``ValidationError``) shows its Chinese reason on the form;
- downloads of the signed contract and results are for the project's viewers only; the sign-up
  export shows quotes only from 报名截止 on, as the project page does.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views.generic import FormView
from openpyxl import Workbook
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.core.spreadsheets import append_header

from ..models import Contract, Project, ProjectState, Selection, SelectionMethod, SignUp
from ..services import contracts as contract_services
from ..services import projects as project_services
from ..services.errors import MarketplaceError
from .detail import (
    ProjectViewMixin,
    evaluation_due,
    hasattr_safe,
    merit_totals,
    qualification_text,
    quote_text,
    scorer_table,
)
from .forms import DirectSelectionForm, EvaluationForm, MeritScoreForm, ReasonForm
from .links import project_url
from .permissions import forbidden, is_project_viewer, may_manage_project, may_terminate, projects_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


class ProjectActionView(ProjectViewMixin, WagtailAdminTemplateMixin, FormView):
    """One step on one project: refuse early, show the form, run the service, go back to the page."""

    template_name = "marketplace/admin/project_action.html"
    form_class = forms.Form
    header_icon = "doc-full"
    states: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    intro = ""
    submit_label = "确定"
    danger = False
    refusal = "只有业主单位的工作人员可以办理本项目的这一步骤。"

    def dispatch(self, request, pk: int, *args, **kwargs):
        if not is_project_viewer(request.user):
            return forbidden("您没有查看中介服务项目的权限。")
        self.project = get_object_or_404(projects_for(request.user), pk=pk)
        if not self.allowed(request.user):
            return forbidden(self.refusal)
        problem = self.precondition()
        if problem:
            messages.warning(request, problem)
            return redirect(project_url("detail", self.project))
        return super(ProjectViewMixin, self).dispatch(request, pk, *args, **kwargs)

    def allowed(self, user) -> bool:
        return may_manage_project(user, self.project)

    def precondition(self) -> str:
        """Why the step cannot be taken now ("" when it can)."""
        if self.states and self.project.state not in self.states:
            return f"项目当前为“{self.project.get_state_display()}”，不能{self.page_title}。"
        if self.methods and self.project.method not in self.methods:
            return f"本项目的选取方式是“{self.project.get_method_display()}”，不能{self.page_title}。"
        return ""

    def get_page_subtitle(self) -> str:
        return str(self.project)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(project=self.project, intro=self.intro, submit_label=self.submit_label, danger=self.danger,
                       action_url=self.request.path, detail_url=project_url("detail", self.project))
        return context

    def form_valid(self, form):
        try:
            with transaction.atomic():
                message = self.perform(form)
        except (MarketplaceError, ValidationError) as exc:
            form.add_error(None, error_text(exc))
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(project_url("detail", self.project))

    def perform(self, form) -> str:  # pragma: no cover - every step overrides it
        raise NotImplementedError


class PublishView(ProjectActionView):
    page_title = "发布公告"
    states = (ProjectState.DRAFT,)
    submit_label = "发布公告"
    intro = ("发布后项目进入“报名中”，公告在网上中介服务超市公开，公告内容不能再修改；"
             "到报名截止时间和选取时间由系统自动处理。")

    def precondition(self) -> str:
        problem = super().precondition()
        if not problem and self.project.signup_deadline <= timezone.now():
            return "报名截止时间已过，请先编辑项目草稿，设置新的报名截止时间和选取时间。"
        return problem

    def perform(self, form) -> str:
        project = project_services.publish_project(self.project, self.request.user)
        return f"已发布项目 {project.number}，公告已公开，报名截止：{timezone.localtime(project.signup_deadline):%Y-%m-%d %H:%M}。"


class SelectingStepMixin:
    """选取中 and no result yet; scores may be entered from 报名截止, a result is decided from 选取时间."""

    states = (ProjectState.SELECTING,)
    from_selection_time = True

    def precondition(self) -> str:
        problem = super().precondition()
        if problem:
            return problem
        if hasattr_safe(self.project, "selection"):
            return "本项目已有中选结果，不能再次选取。"
        moment = self.project.selection_at if self.from_selection_time else self.project.signup_deadline
        if timezone.now() < moment:
            return f"未到{'选取时间' if self.from_selection_time else '报名截止时间'}（{timezone.localtime(moment):%Y-%m-%d %H:%M}）。"
        return ""


class DirectSelectionView(SelectingStepMixin, ProjectActionView):
    page_title = "直接选取"
    methods = (SelectionMethod.DIRECT,)
    form_class = DirectSelectionForm
    submit_label = "确定选取"
    intro = "在资格审查合格的报名机构中选取一家，并写明理由。中选结果和理由将公示。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project}

    def perform(self, form) -> str:
        signup = form.cleaned_data["signup"]
        project_services.select_directly(self.project, signup, form.cleaned_data["reason"], self.request.user)
        return f"已直接选取“{signup.agency.name}”，中选结果进入公示。"


class MeritScoringView(SelectingStepMixin, ProjectActionView):
    page_title = "录入评分"
    methods = (SelectionMethod.MERIT,)
    form_class = MeritScoreForm
    template_name = "marketplace/admin/merit_scoring.html"
    from_selection_time = False
    submit_label = "保存该评分人的评分"
    intro = "每位评分人按公布的评分标准，对每家资格审查合格的报名机构逐项打分；全部评分人录入后，点击“完成评审”，总分最高者中选。"

    def signups(self) -> list[SignUp]:
        return list(self.project.signups.filter(qualified=True).select_related("agency").order_by("created_at"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "signups": self.signups(), "criteria": list(self.project.criteria.all())}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signups = self.signups()
        totals = merit_totals(self.project)
        context.update(criteria=list(self.project.criteria.all()), scorers=scorer_table(self.project),
                       signups=[{"pk": s.pk, "agency": s.agency.name, "total": totals.get(s.pk)} for s in signups],
                       finish_url=project_url("merit_finish", self.project))
        return context

    def perform(self, form) -> str:
        scorer = form.cleaned_data["scorer"]
        for signup, criterion, points in form.scores():
            project_services.record_merit_score(signup, criterion, scorer, points, user=self.request.user)
        return f"已保存评分人“{scorer}”的评分。"

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            return redirect(project_url("merit", self.project))
        return response


class FinishMeritView(SelectingStepMixin, ProjectActionView):
    page_title = "完成评审"
    methods = (SelectionMethod.MERIT,)
    submit_label = "完成评审，按总分确定中选机构"
    intro = "完成评审后不能再录入评分：各评分项取评分人的平均分，相加为总分，总分最高的机构中选，中选结果进入公示。"

    def perform(self, form) -> str:
        project_services.finish_merit(self.project, self.request.user)
        winner = Selection.objects.select_related("agency").get(project=self.project).agency
        return f"评审完成，中选机构：{winner.name}。"


class ConfirmContractView(ProjectActionView):
    page_title = "确认合同备案"
    states = (ProjectState.SELECTED, ProjectState.IN_SERVICE)
    submit_label = "确认合同"
    template_name = "marketplace/admin/contract_confirm.html"
    intro = "请核对中选机构上传的合同编号、金额、服务期限和合同扫描件，无误后确认。"

    def precondition(self) -> str:
        problem = super().precondition()
        self.contract = Contract.objects.filter(project=self.project).first()
        if not problem and self.contract is None:
            return "中选机构尚未上传合同备案。"
        if not problem and self.contract.confirmed_at is not None:
            return "该合同已确认。"
        return problem

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contract": self.contract}

    def perform(self, form) -> str:
        project_services.confirm_contract(self.contract, self.request.user)
        return f"已确认合同 {self.contract.number}。"


class StartServiceView(ProjectActionView):
    page_title = "开始服务"
    states = (ProjectState.SELECTED,)
    submit_label = "开始服务"
    intro = "合同已经确认：确认中选机构开始提供服务，项目进入“服务中”。"

    def perform(self, form) -> str:
        project_services.start_service(self.project, self.request.user)
        return "项目已进入“服务中”。"


class CompleteServiceView(ProjectActionView):
    page_title = "确认服务完成"
    states = (ProjectState.IN_SERVICE,)
    submit_label = "确认服务完成"
    intro = "确认中选机构已完成服务。确认后请在 180 日内对中介机构的服务作出评价。"

    def perform(self, form) -> str:
        project_services.complete_service(self.project, self.request.user)
        return "项目已服务完成，请在 180 日内完成服务评价。"


class TerminateView(ProjectActionView):
    page_title = "中止项目"
    states = (ProjectState.SIGNUP, ProjectState.SELECTING, ProjectState.SELECTED, ProjectState.IN_SERVICE)
    form_class = ReasonForm
    submit_label = "中止项目"
    danger = True
    intro = "中止后项目不能恢复；中止原因将随项目公开。"
    refusal = "只有业主单位或中介超市运营方可以中止项目。"

    def allowed(self, user) -> bool:
        return may_terminate(user, self.project)

    def perform(self, form) -> str:
        project_services.terminate(self.project, form.cleaned_data["reason"], self.request.user)
        return "项目已中止。"


class EvaluationView(ProjectActionView):
    page_title = "服务评价"
    states = (ProjectState.COMPLETED,)
    form_class = EvaluationForm
    submit_label = "提交评价"
    intro = "请对中选机构的服务质量、时效、态度、收费、规范分别评 1～5 星，并填写评价意见。评价提交后不能修改，计入机构信用评价。"

    def precondition(self) -> str:
        problem = super().precondition()
        if problem:
            return problem
        if hasattr_safe(self.project, "evaluation"):
            return "本项目已经评价。"
        due = evaluation_due(self.project)
        if due is not None and timezone.now() > due:
            return f"评价期限已于 {timezone.localtime(due):%Y-%m-%d} 届满（服务完成后 180 日内），不能再评价。"
        return ""

    def get_context_data(self, **kwargs):
        due = evaluation_due(self.project)
        return {**super().get_context_data(**kwargs), "due": due}

    def perform(self, form) -> str:
        contract_services.evaluate(self.project, self.request.user, form.scores(), form.cleaned_data["comment"])
        return "已提交服务评价，计入该机构的信用评价。"


def signups_export(request, pk: int) -> HttpResponse:
    """The sign-ups of one project as .xlsx; quotes only from 报名截止 on (``quote_visible``)."""
    if not is_project_viewer(request.user):
        return forbidden("您没有查看中介服务项目的权限。")
    project = get_object_or_404(projects_for(request.user), pk=pk)
    if project.state == ProjectState.DRAFT:
        raise Http404
    now = timezone.now()
    totals = merit_totals(project)
    winner_id = project.selection.agency_id if hasattr_safe(project, "selection") else None
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("报名情况")
    for letter, width in zip("ABCDEFG", (34, 22, 18, 26, 20, 10, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    append_header(sheet, ("机构名称", "统一社会信用代码", "报名时间", "资格审查", "报价", "评审总分", "是否中选"))
    for signup in project.signups.select_related("agency").order_by("created_at", "pk"):
        sheet.append([signup.agency.name, signup.agency.credit_code,
                      timezone.localtime(signup.created_at).strftime("%Y-%m-%d %H:%M"), qualification_text(signup),
                      quote_text(signup, project, now), totals.get(signup.pk),
                      "是" if winner_id == signup.agency_id else ""])
    output = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)
    workbook.save(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=f"{project.number}-报名情况.xlsx", content_type=XLSX_TYPE)


def _file_response(field_file) -> HttpResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=False, filename=field_file.name.rsplit("/", 1)[-1])


def contract_file(request, pk: int) -> HttpResponse:
    """The signed contract of a project, for those who may see the project."""
    if not is_project_viewer(request.user):
        return forbidden("您没有查看中介服务项目的权限。")
    project = get_object_or_404(projects_for(request.user), pk=pk)
    contract = get_object_or_404(Contract, project=project)
    return _file_response(contract.signed_file)


def result_file(request, pk: int, result_id: int) -> HttpResponse:
    """One uploaded service result of a project, for those who may see the project."""
    if not is_project_viewer(request.user):
        return forbidden("您没有查看中介服务项目的权限。")
    project: Project = get_object_or_404(projects_for(request.user), pk=pk)
    result = get_object_or_404(project.results, pk=result_id)
    return _file_response(result.file)


def urlpatterns() -> list[Any]:
    return [
        path("<int:pk>/publish/", PublishView.as_view(), name="publish"),
        path("<int:pk>/direct/", DirectSelectionView.as_view(), name="direct"),
        path("<int:pk>/merit/", MeritScoringView.as_view(), name="merit"),
        path("<int:pk>/merit/finish/", FinishMeritView.as_view(), name="merit_finish"),
        path("<int:pk>/contract/confirm/", ConfirmContractView.as_view(), name="confirm_contract"),
        path("<int:pk>/contract/file/", contract_file, name="contract_file"),
        path("<int:pk>/results/<int:result_id>/file/", result_file, name="result_file"),
        path("<int:pk>/start/", StartServiceView.as_view(), name="start"),
        path("<int:pk>/complete/", CompleteServiceView.as_view(), name="complete"),
        path("<int:pk>/terminate/", TerminateView.as_view(), name="terminate"),
        path("<int:pk>/evaluate/", EvaluationView.as_view(), name="evaluate"),
        path("<int:pk>/signups.xlsx", signups_export, name="signups_export"),
    ]
