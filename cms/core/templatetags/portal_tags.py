"""Template tags of the public theme: meta tags, navigation, breadcrumbs and pagination.

Every tag costs a constant number of queries whatever the amount of content: the ancestors
of the current page are read once per request and shared by the breadcrumbs, the meta tags
(the ``ColumnName`` of an item is its parent column) and the main navigation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page, Site

from cms.core.models import ContentItemPage, PortalSettings
from cms.core.queries import children_of

register = template.Library()

PAGE_WINDOW = 2  # page numbers shown on each side of the current one


def portal_settings(request: HttpRequest | None) -> PortalSettings:
    """The site's PortalSettings (cached on the request), or unsaved defaults."""
    if request is None:
        return PortalSettings()
    try:
        return PortalSettings.for_request(request)
    except PortalSettings.DoesNotExist:
        return PortalSettings()


def ancestors_of(request: HttpRequest | None, page: Page | None) -> list[Page]:
    """The ancestors of ``page`` below the tree root, top first; one query per request."""
    if page is None or not getattr(page, "pk", None):
        return []
    cache = getattr(request, "_portal_ancestors", None) if request is not None else None
    if cache is not None and page.pk in cache:
        return cache[page.pk]
    ancestors = list(Page.objects.ancestor_of(page).filter(depth__gt=1).order_by("depth"))
    if request is not None:
        if cache is None:
            cache = request._portal_ancestors = {}
        cache[page.pk] = ancestors
    return ancestors


def _site_root(request: HttpRequest | None, page: Page | None) -> Page | None:
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return None
    if page is not None and page.pk == site.root_page_id:
        return page
    for ancestor in ancestors_of(request, page):
        if ancestor.pk == site.root_page_id:
            return ancestor
    return Page.objects.filter(pk=site.root_page_id).first()


@dataclass(frozen=True)
class PageMeta:
    site_name: str
    site_code: str
    column_name: str
    article_title: str
    pub_date: str
    content_source: str


def page_meta(request: HttpRequest | None, page: Page | None, title: str = "") -> PageMeta:
    """The six meta tags of the 政府网站 page template for ``page``."""
    settings = portal_settings(request)
    if page is None:
        return PageMeta(settings.site_title, settings.site_code, title, title, "", settings.site_title)

    from cms.columns.models import ColumnPage
    from cms.disclosure.models import DepartmentDisclosurePage

    column_name = page.title
    source = settings.site_title
    if isinstance(page, ContentItemPage):
        ancestors = ancestors_of(request, page)
        if ancestors:  # an item lives in a column (ContentItemPage.parent_page_types)
            column_name = ancestors[-1].title
        pub_date = page.publish_date.strftime("%Y-%m-%d") if page.publish_date else ""
        source = page.content_source or source
    else:
        published = page.last_published_at
        pub_date = timezone.localdate(published).strftime("%Y-%m-%d") if published else ""
        if isinstance(page, ColumnPage | DepartmentDisclosurePage) and page.department_id:
            source = page.department.name
    return PageMeta(settings.site_title, settings.site_code, column_name, page.title, pub_date, source)


@register.inclusion_tag("includes/meta_tags.html", takes_context=True)
def portal_meta(context, title: str = ""):
    """``SiteName``, ``SiteIDCode``, ``ColumnName``, ``ArticleTitle``, ``PubDate``, ``ContentSource``."""
    return {"meta": page_meta(context.get("request"), context.get("page"), title)}


@register.simple_tag(takes_context=True)
def get_portal_settings(context) -> PortalSettings:
    """``{% get_portal_settings as portal %}``: the PortalSettings of the current site."""
    return portal_settings(context.get("request"))


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """首页 and the home page's sections shown in menus; the current section is marked."""
    request = context.get("request")
    page = context.get("page")
    root = _site_root(request, page)
    if root is None:
        return {"request": request, "items": [], "home_current": False}
    sections = children_of(Page.objects, root).live().in_menu()
    current_paths = {a.path for a in ancestors_of(request, page)}
    if page is not None and getattr(page, "path", None):
        current_paths.add(page.path)
    items = [(section, section.path in current_paths) for section in sections]
    home_current = page is not None and page.pk == root.pk
    return {"request": request, "items": items, "home_current": home_current}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Links from the home page down to the current page (which is not a link)."""
    request = context.get("request")
    page = context.get("page")
    root = _site_root(request, page)
    root_depth = root.depth if root is not None else 2
    crumbs = [a for a in ancestors_of(request, page) if a.depth >= root_depth]
    return {"request": request, "crumbs": crumbs, "page": page}


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The parent of the current page and its live children (the sibling columns)."""
    request = context.get("request")
    page = context.get("page")
    ancestors = ancestors_of(request, page)
    if not ancestors or ancestors[-1].depth <= 2:
        return {"request": request, "parent": None, "siblings": []}
    parent = ancestors[-1]
    siblings = children_of(Page.objects, parent).live()
    return {"request": request, "parent": parent, "siblings": siblings, "page": page}


def _page_url(request: HttpRequest | None, number: int) -> str:
    params = request.GET.copy() if request is not None else None
    if params is None:
        return f"?page={number}"
    if number == 1:
        params.pop("page", None)
    else:
        params["page"] = str(number)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page_obj):
    """首页 / 上一页 / page numbers / 下一页 / 尾页, keeping the other query parameters."""
    request = context.get("request")
    if page_obj is None or page_obj.paginator.num_pages <= 1:
        return {"show": False}
    number = page_obj.number
    last = page_obj.paginator.num_pages
    window = range(max(1, number - PAGE_WINDOW), min(last, number + PAGE_WINDOW) + 1)
    return {
        "show": True,
        "number": number,
        "last": last,
        "count": page_obj.paginator.count,
        "first_url": _page_url(request, 1),
        "previous_url": _page_url(request, number - 1) if page_obj.has_previous() else "",
        "next_url": _page_url(request, number + 1) if page_obj.has_next() else "",
        "last_url": _page_url(request, last),
        "numbers": [(n, _page_url(request, n)) for n in window],
    }


@register.simple_tag(takes_context=True)
def facet_url(context, key: str, value=None) -> str:
    """The current URL with filter ``key`` set to ``value`` (or removed), back on page 1."""
    request = context.get("request")
    if request is None:
        return f"?{key}={value}" if value not in (None, "") else "?"
    params = request.GET.copy()
    params.pop("page", None)
    if value in (None, ""):
        params.pop(key, None)
    else:
        params[key] = str(value)
    encoded = params.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


@register.filter
def any_selected(facets) -> bool:
    """Whether one of the catalogue facets is selected."""
    return any(getattr(facet, "selected", False) for facet in facets or ())


CATALOGUE_FACETS = (("department", "department_facets"), ("topic", "topic_facets"),
                    ("genre", "genre_facets"), ("year", "year_facets"))


@register.simple_tag(takes_context=True)
def active_filters(context) -> list[tuple[str, str]]:
    """``(label, url without that filter)`` for each selected catalogue facet."""
    chips = []
    for key, name in CATALOGUE_FACETS:
        for facet in context.get(name) or ():
            if facet.selected:
                chips.append((facet.label, facet_url(context, key)))
    return chips


@register.filter
def nonempty_groups(groups):
    """The ``(label, pages)`` groups that have pages."""
    return [(label, pages) for label, pages in groups or () if pages]
