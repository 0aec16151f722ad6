"""URLs of the column-check admin, mounted at ``/admin/inspection/`` in the namespace ``inspection``
(by ``wagtail_hooks``; Wagtail requires an admin login for every one of them)."""

from __future__ import annotations

from django.urls import path

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
]
