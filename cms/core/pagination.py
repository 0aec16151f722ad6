"""Pagination of public lists: a page number that does not exist is a 404, not page 1."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest


def page_or_404(request: HttpRequest, object_list, per_page: int, *, param: str = "page") -> Page:
    """The page named by ``request.GET[param]`` (default 1); a bad or missing page raises 404."""
    try:
        return Paginator(object_list, per_page).page(request.GET.get(param, 1))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404("没有这一页") from exc
