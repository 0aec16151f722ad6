"""OCDS 1.1 endpoints: ``/marketplace/ocds.json`` (all published projects) and
``/marketplace/projects/<id>/ocds.json`` (one project), as release packages.

Rules: only published projects (never drafts); the package of all projects is paginated by
project, ``PER_PAGE`` projects a page (``?page=2`` …), newest first, with ``links.next`` /
``links.prev`` in the package (the OCDS pagination convention) and an HTTP ``Link`` header; each
page costs a constant number of queries. The sign-ups are read without their sealed quotes.
Anyone may fetch the data from another site (``Access-Control-Allow-Origin: *``).
"""

from __future__ import annotations

import json

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from cms.core.models import PortalSettings
from cms.core.pagination import page_or_404

from ..models import SignUp
from ..public.queries import public_projects
from .mapping import project_releases
from .mapping import release_package as build_package

PER_PAGE = 100


def _projects():
    return (
        public_projects()
        .select_related("selection__agency", "contract")
        .prefetch_related(
            Prefetch("signups", queryset=SignUp.objects.select_related("agency").defer("sealed_quote")
                     .order_by("created_at", "pk")),
            "criteria",
        )
    )


def _publisher(request: HttpRequest) -> str:
    settings = PortalSettings.for_request(request)
    return f"{settings.site_title}网上中介服务超市"


def _json(data: dict, *, link: str = "") -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                            content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    if link:
        response["Link"] = link
    return response


def package(request: HttpRequest) -> HttpResponse:
    page_obj = page_or_404(request, _projects().order_by("-published_at", "-pk"), PER_PAGE)
    releases = [release for project in page_obj.object_list for release in project_releases(project)]
    data = package_data(request, releases)
    links, header = {}, []
    base = request.build_absolute_uri(request.path)
    if page_obj.has_next():
        links["next"] = f"{base}?page={page_obj.next_page_number()}"
        header.append(f'<{links["next"]}>; rel="next"')
    if page_obj.has_previous():
        links["prev"] = f"{base}?page={page_obj.previous_page_number()}"
        header.append(f'<{links["prev"]}>; rel="prev"')
    if links:
        data["links"] = links
    return _json(data, link=", ".join(header))


def project_package(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(_projects(), pk=pk)
    return _json(package_data(request, project_releases(project)))


def package_data(request: HttpRequest, releases: list[dict]) -> dict:
    return build_package(releases, uri=request.build_absolute_uri(), publisher=_publisher(request))
