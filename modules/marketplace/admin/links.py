"""URL names of the marketplace admin (one place, so views and templates do not import each other)."""

from __future__ import annotations

from django.urls import reverse

PROJECTS = "marketplace_projects"
AGENCIES = "marketplace_agencies"
REVIEW = "marketplace_review"


def project_url(name: str, project_or_pk=None) -> str:
    """``/admin/marketplace/projects/…`` view ``name`` (of one project when given)."""
    if project_or_pk is None:
        return reverse(f"{PROJECTS}:{name}")
    return reverse(f"{PROJECTS}:{name}", args=[getattr(project_or_pk, "pk", project_or_pk)])


def agency_url(name: str, agency_or_pk=None) -> str:
    if agency_or_pk is None:
        return reverse(f"{AGENCIES}:{name}")
    return reverse(f"{AGENCIES}:{name}", args=[getattr(agency_or_pk, "pk", agency_or_pk)])


def review_url() -> str:
    return reverse(f"{REVIEW}:index")
