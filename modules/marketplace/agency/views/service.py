"""After selection: the agency's selected projects, its contract record, service results, evaluations.

Rules:
- only the selected agency reaches a selected project's page here (another agency's → 404);
- the contract record (合同备案: number, amount, period, signed file) is uploaded while the
  project is 已选取 or 服务中, and may be replaced until the owner confirms it
  (``services.contracts.upload_contract``); service results while 服务中 or 服务完成
  (``upload_result``);
- the agency sees the owner's evaluations of its own services, and its credit ratings.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cms.core.pagination import page_or_404

from ...models import Contract, Evaluation, Project, ProjectState
from ...services.contracts import evaluation_deadline, upload_contract, upload_result
from ...services.errors import MarketplaceError
from ..decorators import agency_required, own_or_404
from ..files import discard_new_files
from ..forms import ContractForm, ResultForm
from . import add_service_errors, render

PER_PAGE = 20
CONTRACT_STATES = (ProjectState.SELECTED, ProjectState.IN_SERVICE)
RESULT_STATES = (ProjectState.IN_SERVICE, ProjectState.COMPLETED)


def _selected(agency) -> object:
    return Project.objects.filter(selection__agency=agency).select_related("selection", "category", "owner")


@agency_required
def selections(request: HttpRequest) -> HttpResponse:
    projects = _selected(request.agency).select_related("contract").order_by("-selection__decided_at", "-pk")
    page_obj = page_or_404(request, projects, PER_PAGE)
    return render(request, "selections.html", "中选项目", "selections", page_obj=page_obj)


def _contract_of(project: Project) -> Contract | None:
    return Contract.objects.filter(project=project).first()


def _selection_page(request: HttpRequest, project: Project, *, contract_form=None, result_form=None,
                    status: int = 200) -> HttpResponse:
    contract = _contract_of(project)
    may_upload_contract = project.state in CONTRACT_STATES and (contract is None or contract.confirmed_at is None)
    if contract_form is None and may_upload_contract:
        contract_form = ContractForm(project, instance=contract, prefix="contract")
    may_upload_result = project.state in RESULT_STATES
    if result_form is None and may_upload_result:
        result_form = ResultForm(prefix="result")
    return render(
        request, "selection.html", project.title, "selections", status=status, project=project,
        selection=project.selection, contract=contract, results=project.results.all(),
        evaluation=Evaluation.objects.filter(project=project).first(),
        contract_form=contract_form if may_upload_contract else None,
        result_form=result_form if may_upload_result else None,
    )


@agency_required
def selection(request: HttpRequest, pk: int) -> HttpResponse:
    return _selection_page(request, own_or_404(_selected(request.agency), request.agency,
                                               field="selection__agency", pk=pk))


@require_POST
@agency_required
def contract(request: HttpRequest, pk: int) -> HttpResponse:
    agency = request.agency
    project = own_or_404(_selected(agency), agency, field="selection__agency", pk=pk)
    existing = _contract_of(project)
    refusal = (f"项目当前为“{project.get_state_display()}”，不能上传合同。" if project.state not in CONTRACT_STATES
               else "合同已经业主确认，不能修改。" if existing is not None and existing.confirmed_at else "")
    if refusal:
        messages.error(request, refusal)
        return redirect("marketplace:agency:selection", pk=project.pk)
    form = ContractForm(project, request.POST, request.FILES, instance=existing, prefix="contract")
    if form.is_valid():
        try:
            with discard_new_files(), transaction.atomic():
                upload_contract(project, agency, form.data_dict(), form.new_file())
        except (MarketplaceError, ValidationError) as exc:
            if isinstance(exc, ValidationError):
                add_service_errors(form, exc)
            else:
                form.add_error(None, str(exc))
        else:
            messages.success(request, "合同备案已上传，等待业主单位确认。确认前可以修改。")
            return redirect("marketplace:agency:selection", pk=project.pk)
    return _selection_page(request, project, contract_form=form)


@require_POST
@agency_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    agency = request.agency
    project = own_or_404(_selected(agency), agency, field="selection__agency", pk=pk)
    if project.state not in RESULT_STATES:
        messages.error(request, f"项目当前为“{project.get_state_display()}”，不能上传服务成果。")
        return redirect("marketplace:agency:selection", pk=project.pk)
    form = ResultForm(request.POST, request.FILES, prefix="result")
    if form.is_valid():
        try:
            with discard_new_files(), transaction.atomic():
                upload_result(project, agency, form.cleaned_data["title"], form.cleaned_data["file"],
                              form.cleaned_data["note"])
        except (MarketplaceError, ValidationError) as exc:
            if isinstance(exc, ValidationError):
                add_service_errors(form, exc)
            else:
                form.add_error(None, str(exc))
        else:
            messages.success(request, f"服务成果“{form.cleaned_data['title']}”已上传。")
            return redirect("marketplace:agency:selection", pk=project.pk)
    return _selection_page(request, project, result_form=form)


@agency_required
def evaluations(request: HttpRequest) -> HttpResponse:
    agency = request.agency
    evaluated = (Evaluation.objects.filter(project__selection__agency=agency)
                 .select_related("project", "project__owner").order_by("-evaluated_at"))
    waiting = [(p, evaluation_deadline(p)) for p in _selected(agency).filter(
        state=ProjectState.COMPLETED, evaluation__isnull=True).order_by("-completed_at")]
    ratings = agency.credit_ratings.select_related("project").order_by("-rated_at")[:50]
    return render(request, "evaluations.html", "服务评价", "evaluations", evaluations=evaluated, waiting=waiting,
                  ratings=ratings)
