"""Links to our own site, resolved without HTTP: the page tree, URL patterns, storages.

A URL is internal when it is relative, or ``http(s)`` on a Wagtail ``Site`` host name, on
``localhost``, ``127.0.0.1`` or ``::1`` (any port).  ``InternalResolver.check`` decides whether a
citizen following it gets what it points to:

- Wagtail pages: the path is walked down the page tree from the site's root page, slug by slug
  as Wagtail's ``route`` does, from one query on the indexed ``slug``.  A page at the exact path must be live (a draft or unpublished page is
  “页面未发布”; nothing there is “页面不存在”).  What is left of the path below the deepest page
  goes through that page's own ``route`` (``RoutablePageMixin`` sub-paths such as a column's
  ``rss/``); a sub-path view, or any page URL with a query string (a column's ``?page=N``, past
  the end a 404 of ``cms.core.pagination.page_or_404``), is rendered in-process and its status
  decides.  Pages behind a view restriction are not broken (the citizen is asked to log in).
- ``/documents/<id>/<filename>``: the document exists and its name matches (“附件不存在”), and
  its file exists in its storage (“附件文件缺失”).
- ``/media/…``: the file exists in the default storage (“图片文件缺失” for images, “附件文件缺失”
  under ``documents/``, “文件缺失” otherwise).  ``/static/…``: found by the staticfiles storage
  (collected, hashed names included) or by the finders (“静态文件缺失”).
- Any other URL pattern (site search, ``/zwfw/gzcn/`` module pages, sitemap …) can only be
  known by its view: it is rendered in-process (``GET``) and a status below 400 is ok; a 3xx
  is followed when it stays on our site (at most 5 hops); 429 (the search rate limit, which
  counts the checker as one visitor) is ok.  A path that matches no pattern is “页面不存在”,
  after the trailing-slash redirect of ``CommonMiddleware`` and Wagtail's redirects are tried.
- ``#fragment``: checked once the target works.  A fragment on the page being checked (the
  link's URL is ``page_url`` or starts with ``#``) must be among ``page_ids``; one on another of
  our pages must be among that page's ids (rendered once per resolver).  ``#`` alone, ``#top``
  (the HTML standard scrolls to the top) and text fragments (``#:~:text=``) are never broken;
  a fragment on a target that is not HTML is not checked.  Missing: “锚点不存在”.

Results are cached per resolver instance: one resolver serves one chunk of a check run, so a
link repeated on every page (navigation, footer) costs one look-up.  Not thread-safe.
The page tree is assumed consistent (``manage.py fixtree``).
"""

from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import Resolver404, resolve
from wagtail import views as wagtail_views
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from .extract import scan_html
from .render import PageRenderer, default_site
from .results import LinkResult

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
IMAGE_EXTENSIONS = frozenset({"gif", "jpg", "jpeg", "png", "webp", "svg", "bmp", "ico", "avif"})
MAX_INTERNAL_REDIRECTS = 5

OK = LinkResult(True, None, "")
PAGE_MISSING = "页面不存在"
PAGE_NOT_LIVE = "页面未发布"
DOCUMENT_MISSING = "附件不存在"
DOCUMENT_FILE_MISSING = "附件文件缺失"
IMAGE_FILE_MISSING = "图片文件缺失"
FILE_MISSING = "文件缺失"
STATIC_MISSING = "静态文件缺失"
ANCHOR_MISSING = "锚点不存在"
TOO_MANY_REDIRECTS = "重定向次数过多"


def _http_reason(status: int) -> str:
    return PAGE_MISSING if status in (404, 410) else f"HTTP {status}"


class InternalResolver:
    """Resolves links to our own site(s); one instance per chunk of a check run (it caches)."""

    def __init__(self, site: Site | None = None) -> None:
        self.site = site if site is not None else default_site()
        self.renderer = PageRenderer(self.site)
        self._sites_by_host = {s.hostname.lower(): s for s in Site.objects.select_related("root_page")}
        self._hosts = set(self._sites_by_host) | LOOPBACK_HOSTS
        self._renderers: dict[int, PageRenderer] = {self.site.pk: self.renderer} if self.site else {}
        self._results: dict[tuple[int, str, str], LinkResult] = {}
        self._ids: dict[tuple[int, str, str], set[str] | None] = {}
        self._has_redirects: bool | None = None

    # --- public -------------------------------------------------------------------------------

    def is_internal(self, url: str) -> bool:
        """True for relative URLs and ``http(s)`` URLs on our host names (see the module rules)."""
        try:
            parts = urlsplit(url.strip())
            if parts.scheme and parts.scheme.lower() not in ("http", "https"):
                return False
            if not parts.netloc:
                return not parts.scheme
            return (parts.hostname or "").lower() in self._hosts
        except ValueError:  # not a URL one can follow: left to the external checker, which calls it invalid
            return False

    def check(self, url: str, *, page_ids: set[str] | None = None, page_url: str | None = None) -> LinkResult:
        """Whether ``url`` (internal) works for a citizen; ``page_ids``/``page_url`` describe the linking page."""
        if not self.is_internal(url):
            raise ValueError(f"不是本站链接：{url}")
        absolute = urljoin(page_url or self.renderer.root_url + "/", url.strip())
        site, path, query, fragment = self._split(absolute)
        result = self._target(site, path, query, 0)
        if not result.ok or not fragment or fragment.lower() == "top" or fragment.startswith(":~:"):
            return result
        if self._same_page(url, absolute, page_url):
            ids = page_ids
        else:
            ids = self._ids_of(site, path, query)
        if ids is None or fragment in ids:
            return result
        return LinkResult(False, result.status, ANCHOR_MISSING)

    # --- helpers ------------------------------------------------------------------------------

    def _split(self, absolute: str) -> tuple[Site, str, str, str]:
        parts = urlsplit(absolute)
        site = self._sites_by_host.get((parts.hostname or "").lower(), self.site)
        return site, unquote(parts.path or "/"), parts.query, unquote(parts.fragment)

    def _same_page(self, url: str, absolute: str, page_url: str | None) -> bool:
        if url.strip().startswith("#"):
            return True
        if page_url is None:
            return False
        return self._split(absolute)[:3] == self._split(urljoin(self.renderer.root_url + "/", page_url))[:3]

    def _renderer_for(self, site: Site) -> PageRenderer:
        renderer = self._renderers.get(site.pk)
        if renderer is None:
            renderer = self._renderers[site.pk] = PageRenderer(site)
        return renderer

    def _target(self, site: Site, path: str, query: str, hops: int) -> LinkResult:
        key = (site.pk, path, query)
        result = self._results.get(key)
        if result is None:
            result = self._results[key] = self._resolve(site, path, query, hops)
        return result

    def _resolve(self, site: Site, path: str, query: str, hops: int) -> LinkResult:
        if path.startswith(settings.STATIC_URL):
            return self._static(path[len(settings.STATIC_URL):])
        if path.startswith(settings.MEDIA_URL):
            return self._media(path[len(settings.MEDIA_URL):])
        try:
            match = resolve(path)
        except Resolver404:
            if settings.APPEND_SLASH and not path.endswith("/"):
                try:
                    resolve(path + "/")
                except Resolver404:
                    pass
                else:  # CommonMiddleware answers with a redirect to the path with a slash
                    return self._target(site, path + "/", query, hops)
            return self._not_found(site, path, query, hops)
        if match.func is wagtail_views.serve:
            return self._page(site, path, query, hops)
        if match.url_name == "wagtaildocs_serve":
            return self._document(*match.args)
        return self._view(site, path, query, hops)

    def _static(self, name: str) -> LinkResult:
        try:
            if staticfiles_storage.exists(name):
                return OK
        except Exception:  # noqa: BLE001 - a storage that cannot answer: ask the finders
            pass
        return OK if finders.find(name) else LinkResult(False, 404, STATIC_MISSING)

    def _media(self, name: str) -> LinkResult:
        if name and default_storage.exists(name):
            return OK
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if name.startswith("documents/"):
            return LinkResult(False, 404, DOCUMENT_FILE_MISSING)
        return LinkResult(False, 404, IMAGE_FILE_MISSING if extension in IMAGE_EXTENSIONS else FILE_MISSING)

    def _document(self, document_id: str, filename: str) -> LinkResult:
        document = get_document_model().objects.filter(pk=int(document_id)).first()
        if document is None or document.filename != filename:
            return LinkResult(False, 404, DOCUMENT_MISSING)
        if not document.file or not document.file.storage.exists(document.file.name):
            return LinkResult(False, None, DOCUMENT_FILE_MISSING)
        return OK

    def _page(self, site: Site, path: str, query: str, hops: int) -> LinkResult:
        root = site.root_page
        components = [part for part in path.split("/") if part]
        page_id, live, matched = self._walk(root, components)
        remaining = components[matched:]
        if not remaining:
            if not live:
                return LinkResult(False, 404, PAGE_NOT_LIVE)
            return self._view(site, path, query, hops) if query else OK
        try:
            Page.objects.get(pk=page_id).specific.route(self.renderer._url_request, remaining)
        except Http404:
            return self._not_found(site, path, query, hops)
        return self._view(site, path, query, hops)  # a sub-path view: only the view knows

    @staticmethod
    def _walk(root: Page, components: list[str]) -> tuple[int, bool, int]:
        """The deepest page on ``components`` below ``root``: (id, live, components matched).

        One query on the indexed ``slug`` for the whole path, then the chain is followed by tree
        path, the way Wagtail's ``route`` walks it child by child.
        """
        rows: dict[tuple[int, str], list[tuple[int, str, bool]]] = {}
        if components:
            candidates = Page.objects.filter(
                slug__in=set(components), path__startswith=root.path,
                depth__gt=root.depth, depth__lte=root.depth + len(components),
            ).values_list("id", "path", "depth", "slug", "live")
            for pk, tree_path, depth, slug, live in candidates:
                rows.setdefault((depth, slug), []).append((pk, tree_path, live))
        page_id, parent_path, live, matched = root.pk, root.path, root.live, 0
        for index, slug in enumerate(components):
            child = next((row for row in rows.get((root.depth + index + 1, slug), ())
                          if row[1].startswith(parent_path)), None)
            if child is None:
                break
            page_id, parent_path, live, matched = child[0], child[1], child[2], index + 1
        return page_id, live, matched

    def _not_found(self, site: Site, path: str, query: str, hops: int) -> LinkResult:
        if self._has_redirects is None:
            from wagtail.contrib.redirects.models import Redirect

            self._has_redirects = Redirect.objects.exists()
        if self._has_redirects:  # Wagtail's redirect middleware may answer the 404
            return self._view(site, path, query, hops)
        return LinkResult(False, 404, PAGE_MISSING)

    def _view(self, site: Site, path: str, query: str, hops: int) -> LinkResult:
        rendered = self._renderer_for(site).render_path(path + (f"?{query}" if query else ""))
        status = rendered.status
        if 300 <= status < 400 and rendered.location:
            target = urljoin(rendered.url, rendered.location)
            if not self.is_internal(target):
                return LinkResult(True, status, "")
            if hops >= MAX_INTERNAL_REDIRECTS:
                return LinkResult(False, status, TOO_MANY_REDIRECTS)
            next_site, next_path, next_query, _ = self._split(target)
            return self._target(next_site, next_path, next_query, hops + 1)
        if status < 400 or status == 429:
            return LinkResult(True, status, "")
        return LinkResult(False, status, _http_reason(status))

    def _ids_of(self, site: Site, path: str, query: str) -> set[str] | None:
        """The anchors of one of our pages (rendered once); ``None`` when it is not HTML."""
        key = (site.pk, path, query)
        if key not in self._ids:
            rendered = self._renderer_for(site).render_path(path + (f"?{query}" if query else ""))
            is_html = rendered.status < 400 and "html" in rendered.content_type.lower()
            self._ids[key] = scan_html(rendered.html, rendered.url).ids if is_html else None
        return self._ids[key]
