"""``GET /opensearch.xml``: the OpenSearch 1.1 description, so browsers offer the portal as a
search engine (``<link rel="search">`` in every page's head).

Rules enforced here: ShortName is the site name (``PortalSettings.site_title`` of the request's
site, else ``WAGTAIL_SITE_NAME``) cut to the 16 characters OpenSearch allows; every URL is
absolute, built from the request; the description is served as
``application/opensearchdescription+xml``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

CONTENT_TYPE = "application/opensearchdescription+xml; charset=utf-8"


def site_name(request: HttpRequest) -> str:
    """The portal's name as the site's settings give it."""
    from cms.core.templatetags.portal_tags import portal_settings

    name = portal_settings(request).site_title
    return name or getattr(settings, "WAGTAIL_SITE_NAME", "") or "站内搜索"


@require_safe
def opensearch(request: HttpRequest) -> HttpResponse:
    """The OpenSearch description of the site search and its suggestions."""
    name = site_name(request)
    base = request.build_absolute_uri("/").rstrip("/")
    context = {
        "short_name": name[:16],
        "long_name": f"{name}站内搜索"[:48],
        "description": f"搜索{name}网站的政府信息、办事服务等内容"[:1024],
        "html_template": base + reverse("search:page") + "?q={searchTerms}",
        "suggest_template": base + reverse("search:suggest") + "?q={searchTerms}&format=opensearch",
        "self_url": base + reverse("search:opensearch"),
        "image_url": request.build_absolute_uri(static("portal/img/favicon.svg")),
        "search_form": base + reverse("search:page"),
    }
    response = HttpResponse(render_to_string("search/opensearch.xml", context, request=request),
                            content_type=CONTENT_TYPE)
    response["Cache-Control"] = "public, max-age=86400"
    return response
