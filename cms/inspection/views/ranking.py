"""得分排名: the latest finished site-wide run's scores and the month-on-month trend.

Rules:
- the table is the latest finished site-wide run's ``DepartmentScore`` rows in rank order (a
  department's own runs are not ranked);
- the trend covers the last 12 finished site-wide runs, one line per department: editors choose
  the departments (the top 10 of the latest ranking by default), department people see only their
  own departments' rows and lines;
- a constant number of queries whatever the number of departments and runs.
"""

from __future__ import annotations

from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.departments.models import Department

from ..models import CheckRun, DepartmentScore, RunStatus, Trigger
from .access import InspectionAccessMixin
from .charts import trend_chart
from .forms import TrendForm

TREND_RUNS = 12
DEFAULT_LINES = 10


def finished_site_runs():
    """Finished site-wide runs, newest first (the order ``scoring`` uses for 环比)."""
    return (CheckRun.objects.filter(status=RunStatus.FINISHED, department__isnull=True)
            .order_by("-period", "-created_at", "-pk"))


def change_text(score: DepartmentScore) -> str:
    """环比 as shown: "+3.0", "-2.0", "0.0", or "—" without a previous score."""
    change = score.change
    if change is None:
        return "—"
    return f"{change:+.1f}" if change else "0.0"


def with_change(scores: list[DepartmentScore]) -> list[DepartmentScore]:
    for score in scores:
        score.change_text = change_text(score)
    return scores


def run_label(run: CheckRun) -> str:
    """Short x-axis label: the reported month, and the day for a manual run."""
    if run.trigger == Trigger.MONTHLY:
        return f"{run.period:%Y-%m}"
    return f"{run.checked_on:%m-%d}手动"


class RankingView(InspectionAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "inspection/ranking.html"
    page_title = "得分排名"
    header_icon = "order"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": "首页"}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = list(finished_site_runs()[:TREND_RUNS])
        latest = runs[0] if runs else None
        scores = []
        if latest is not None:
            scores = with_change(list(self.viewer.scores().filter(run=latest).select_related("department")
                                      .order_by("rank", "department__order", "department__name")))
        form = None
        if self.viewer.is_editor:
            departments = list(Department.objects.order_by("order", "name").values_list("pk", "name"))
            form = TrendForm(self.request.GET or None, departments=departments)
            chosen = form.chosen() if self.request.GET else []
            if not chosen:
                chosen = [score.department_id for score in scores[:DEFAULT_LINES]]
                form = TrendForm(None, departments=departments, initial={"department": chosen})
        else:
            chosen = sorted(self.viewer.department_ids)
        runs.reverse()
        series = self._series(runs, chosen)
        chart = trend_chart("各部门得分趋势", [run_label(run) for run in runs], series)
        context.update(latest=latest, scores=scores, form=form, chart=chart, series=series,
                       labels=[run_label(run) for run in runs])
        return context

    @staticmethod
    def _series(runs: list[CheckRun], department_ids: list[int]) -> list[tuple[str, list]]:
        """``(department name, [(score, vetoed) or None per run])`` for each chosen department."""
        names = dict(Department.objects.filter(pk__in=department_ids).values_list("pk", "name"))
        values = {(run_id, department_id): (score, vetoed) for run_id, department_id, score, vetoed in
                  DepartmentScore.objects.filter(run__in=[run.pk for run in runs], department_id__in=names)
                  .values_list("run_id", "department_id", "score", "vetoed")}
        return [(names[pk], [values.get((run.pk, pk)) for run in runs]) for pk in department_ids if pk in names]
