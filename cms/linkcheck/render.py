"""Public pages rendered in-process, exactly as an anonymous citizen receives them.

``PageRenderer`` sends a ``GET`` through Django's real request stack — the project's whole
middleware chain, URL resolution, Wagtail's page routing and ``serve`` — without a socket:
the request is built by ``RequestFactory`` with the site's host name, carries no cookie (so
the visitor is anonymous) and is handed to a ``BaseHandler`` whose middleware is loaded once
per renderer.  What the renderer costs per page is what the page itself costs: no per-page
set-up, no connection, no HTTP parsing.

Rules:
- the status is the one a citizen gets: 404 for a missing or unpublished page, the status of
  the view's exception handling (Django's ``handler404``/``handler500``) otherwise;
- redirects are not followed (``status`` is 3xx and ``location`` says where);
- streamed responses (documents, files) are closed unread: their ``html`` is empty;
- a response that is not HTML keeps its text in ``html`` only when it is text (feeds, XML).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.handlers.base import BaseHandler
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import Http404
from django.test import RequestFactory
from django.urls import set_urlconf
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

logger = logging.getLogger("gongkai.linkcheck")


@dataclass
class RenderedPage:
    """One rendered URL: where (absolute URL), the status a citizen gets and the HTML text."""

    url: str
    status: int
    html: str
    content_type: str = ""
    location: str | None = None


def default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).select_related("root_page").first() or Site.objects.first()


class PageRenderer:
    """Renders pages of ``site`` (the default Wagtail site when ``None``) through the request stack."""

    def __init__(self, site: Site | None = None) -> None:
        self.site = site if site is not None else default_site()
        self.hostname = self.site.hostname if self.site is not None else "localhost"
        self.port = self.site.port if self.site is not None else 80
        self.scheme = "https" if self.port == 443 else "http"
        netloc = self.hostname if self.port in (80, 443) else f"{self.hostname}:{self.port}"
        self.root_url = f"{self.scheme}://{netloc}"
        self._factory = RequestFactory(
            SERVER_NAME=self.hostname, SERVER_PORT=str(self.port), HTTP_HOST=netloc,
            **({"wsgi.url_scheme": "https", "HTTPS": "on"} if self.scheme == "https" else {}),
        )
        self._handler = BaseHandler()
        self._handler.load_middleware()  # once: the same chain gunicorn builds at start-up
        # Page URLs are worked out against one request that keeps Wagtail's site-root cache.
        self._url_request = self._factory.get("/")
        self._url_request._wagtail_site = self.site
        self._root_paths = Site.get_site_root_paths()
        self._url_request._wagtail_cached_site_root_paths = self._root_paths

    def page_path(self, page: Page) -> str:
        """The path of ``page`` on this renderer's site (Wagtail's own URL logic)."""
        parts = page.get_url_parts(request=self._url_request)
        if parts is None:
            raise ValueError(f"页面“{page.title}”不在任何站点下，无法访问。")
        if self.site is not None and parts[0] != self.site.pk:
            raise ValueError(f"页面“{page.title}”不属于站点“{self.site}”：请用该页面所在站点的渲染器。")
        return parts[2]

    def render(self, page: Page) -> RenderedPage:
        """``page``'s public HTML, as an anonymous citizen gets it (404 if it is not live).

        Pass specific pages (``.specific()`` querysets) to save a query per page.
        """
        route = None
        page = page.specific_deferred if type(page) is Page else page
        if page.live:
            try:
                route = page.route(self._url_request, [])  # the page itself: no tree walk
            except Http404:
                route = None
        return self._render(self.page_path(page), route)

    def render_path(self, path: str) -> RenderedPage:
        """Any URL of the site (a path with query, or an absolute URL on this site) through the stack."""
        return self._render(path, None)

    def _render(self, path: str, route: RouteResult | None) -> RenderedPage:
        parts = urlsplit(path)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = self._factory.get(target)
        # Cheap wins, each a value Wagtail caches on the request itself and that cannot differ
        # between two requests of one check run: the site of the host, the site root paths
        # (else a cache round trip per page) and, for ``render(page)``, the page's own route
        # (else one query per level of the tree, and one more per level for ``.specific``).
        request._wagtail_site = self.site
        request._wagtail_cached_site_root_paths = self._root_paths
        if route is not None:
            request._wagtail_route_for_request = route
        try:
            response = self._handler.get_response(request)
        finally:
            set_urlconf(None)  # as Django's own handler does after each request
        try:
            content_type = response.get("Content-Type", "")
            html = ""
            if not response.streaming and _is_text(content_type):
                html = response.content.decode(response.charset or "utf-8", errors="replace")
            return RenderedPage(
                url=self.root_url + target, status=response.status_code, html=html,
                content_type=content_type, location=response.get("Location"),
            )
        finally:
            _close(response)


def _close(response) -> None:
    """Close ``response`` as a WSGI server would, but keep the database connection.

    Closing fires ``request_finished``, whose ``close_old_connections`` would drop (or health-check)
    the connection after every page; like Django's own test client, it is held back here.
    """
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _is_text(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind.startswith("text/") or kind.endswith(("+xml", "/xml", "/json", "/xhtml+xml"))
