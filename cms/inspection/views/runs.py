"""检查批次: the list of runs, 立即检查, a run's page with its live progress, and the progress JSON.

Rules:
- only portal editors start a run (POST); a run refused because another is in progress says so;
- department people see site-wide runs and their own departments' runs, and in a finished run's
  score table only their own departments' rows; run errors are shown to editors only;
- progress is counted by stage (four stages of equal weight), so the bar never goes backwards
  when a new stage plans its chunks.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import STAGE_ORDER, CheckRun, ChunkStatus, RunChunk, RunStatus
from ..runner import RunRefused, start_run
from .access import InspectionAccessMixin, viewer_for
from .forms import RunStartForm
from .ranking import with_change

RUNS_PER_PAGE = 30
DONE_STATUSES = (RunStatus.FINISHED, RunStatus.FAILED)


def stage_counts(runs: list[CheckRun]) -> dict[int, tuple[int, int]]:
    """``{run id: (chunks done, chunks total)}`` of each unfinished run's current stage, in one query."""
    active = {run.pk: run.stage for run in runs if run.status not in DONE_STATUSES and run.stage}
    if not active:
        return {}
    rows = (RunChunk.objects.filter(run_id__in=active).values("run_id", "stage")
            .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=ChunkStatus.DONE))))
    return {row["run_id"]: (row["done"], row["total"]) for row in rows if active[row["run_id"]] == row["stage"]}


def percent(run: CheckRun, counts: tuple[int, int] | None) -> int:
    """Progress of ``run`` in per cent: finished stages plus the share of the current stage done."""
    if run.status == RunStatus.FINISHED:
        return 100
    if not run.stage:
        return 0
    done, total = counts or (0, 0)
    within = done / total if total else 0.0
    return min(99, int(100 * (STAGE_ORDER.index(run.stage) + within) / len(STAGE_ORDER)))


def progress(run: CheckRun) -> dict:
    """What the run page's progress bar shows (also the JSON of ``inspection:run_progress``)."""
    return {
        "status": run.status,
        "status_label": run.get_status_display(),
        "stage": run.stage,
        "stage_label": run.get_stage_display() if run.stage else "",
        "percent": percent(run, stage_counts([run]).get(run.pk)),
        "chunks_done": run.chunks_done,
        "chunks_total": run.chunks_total,
        "finished": run.status in DONE_STATUSES,
    }


def _runs_breadcrumbs(*extra: dict) -> list[dict]:
    return [{"url": reverse("wagtailadmin_home"), "label": "首页"},
            {"url": reverse("inspection:runs"), "label": "检查批次"}, *extra]


class RunListView(InspectionAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The runs the user may see, newest first, with the 立即检查 form for editors."""

    template_name = "inspection/runs/index.html"
    page_title = "检查批次"
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        return _runs_breadcrumbs()[:1] + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = self.viewer.runs().select_related("department", "requested_by").order_by("-created_at", "-pk")
        page = Paginator(runs, RUNS_PER_PAGE).get_page(self.request.GET.get("p"))
        counts = stage_counts(list(page.object_list))
        for run in page.object_list:
            run.percent = percent(run, counts.get(run.pk))
        busy = CheckRun.objects.filter(status__in=(RunStatus.PENDING, RunStatus.RUNNING)).exists()
        context.update(page_obj=page, start_form=RunStartForm() if self.viewer.is_editor else None, busy=busy)
        return context


class RunStartView(InspectionAccessMixin, View):
    """立即检查 (POST, editors only): start a site-wide or one-department run in the background."""

    editors_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest):
        form = RunStartForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择有效的检查范围。")
            return redirect("inspection:runs")
        department = form.cleaned_data["department"]
        try:
            run = start_run(department=department, user=request.user)
        except RunRefused as refused:
            messages.error(request, f"未能发起检查：{refused}")
            return redirect("inspection:runs")
        messages.success(request, f"已发起{run}，检查在后台进行，本页显示进度。")
        return redirect("inspection:run", pk=run.pk)


def _visible_run(request: HttpRequest, pk: int) -> CheckRun:
    run = viewer_for(request).runs().select_related("department", "requested_by").filter(pk=pk).first()
    if run is None:
        raise Http404("没有这个检查批次。")
    return run


class RunDetailView(InspectionAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """One run: scope, stage and progress (refreshed while it runs), errors, and its scores."""

    template_name = "inspection/runs/detail.html"
    page_title = "检查批次"
    header_icon = "list-ul"

    def get_page_subtitle(self) -> str:
        return str(self.run)

    def get_breadcrumbs_items(self):
        return _runs_breadcrumbs({"url": "", "label": str(self.run)})

    def get(self, request: HttpRequest, pk: int):
        self.run = _visible_run(request, pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.run
        scores = []
        if run.status == RunStatus.FINISHED:
            scores = with_change(list(self.viewer.scores().filter(run=run).select_related("department")
                                      .order_by("rank", "department__order", "department__name")))
        failed_chunks = []
        if self.viewer.is_editor:
            failed_chunks = list(RunChunk.objects.filter(run=run).exclude(error="")
                                 .order_by("pk").values("key", "stage", "status", "attempts", "error")[:10])
            for chunk in failed_chunks:
                chunk["last_line"] = chunk["error"].strip().splitlines()[-1][:300] if chunk["error"].strip() else ""
        context.update(
            run=run, progress=progress(run), scores=scores, failed_chunks=failed_chunks,
            show_errors=self.viewer.is_editor, summary=run.summary or {},
            progress_url=reverse("inspection:run_progress", args=[run.pk]),
            findings_url=reverse("inspection:findings"),
        )
        return context


class RunProgressView(InspectionAccessMixin, View):
    """``{"status", "status_label", "stage", "stage_label", "percent", "chunks_done", "chunks_total",
    "finished"}`` of a run the user may see."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int):
        response = JsonResponse(progress(_visible_run(request, pk)), json_dumps_params={"ensure_ascii": False})
        response["Cache-Control"] = "no-store"
        return response
