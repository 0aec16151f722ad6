"""URLs of the column-check admin, mounted at ``/admin/inspection/`` in the namespace ``inspection``
(by ``wagtail_hooks``; Wagtail requires an admin login for every one of them): runs, findings,
ranking, and the monthly report pages of ``reporting.views`` (reports, report, report_docx,
report_xlsx)."""

from __future__ import annotations

from django.urls import path

from .reporting.views import urlpatterns as report_urlpatterns
from .views import findings, ranking, runs

urlpatterns = [
    path("runs/", runs.RunListView.as_view(), name="runs"),
    path("runs/start/", runs.RunStartView.as_view(), name="run_start"),
    path("runs/<int:pk>/", runs.RunDetailView.as_view(), name="run"),
    path("runs/<int:pk>/progress/", runs.RunProgressView.as_view(), name="run_progress"),
    path("findings/", findings.FindingListView.as_view(), name="findings"),
    path("findings/<int:pk>/", findings.FindingDetailView.as_view(), name="finding"),
    path("findings/<int:pk>/<slug:action>/", findings.FindingActionView.as_view(), name="finding_action"),
    path("ranking/", ranking.RankingView.as_view(), name="ranking"),
    *report_urlpatterns,
]
