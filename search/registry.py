"""The search registry: how a module makes a type searchable, with one declaration.

In its app's ``searchable.py`` (discovered when the search app starts) a module writes::

    from search.registry import register

    register(
        "policy", PolicyDocumentPage, label="政策文件", group="政府信息",
        body=("summary", "body"), department="department.name", date="publish_date",
        doc_number="document_number",
    )

Fields are attribute paths (dotted) or callables taking the object.  For Wagtail pages the
public queryset (``live().public()``: published and not behind a view restriction) and the URL
come by default; other models give ``queryset`` (their public objects) and ``url``.  The search
package knows nothing else about a type: everything it indexes comes from here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

#: Kinds of result shown as groups on the search page, in this order (国办发〔2017〕47号:
#: 政府信息 / 办事服务 / 互动交流 …).
GROUPS = ("政府信息", "办事服务", "采购公告", "中介服务", "互动交流", "网站栏目")

Getter = str | Callable[[Any], Any] | None


def _resolve(obj: Any, getter: Getter) -> Any:
    if getter is None:
        return None
    if callable(getter):
        return getter(obj)
    value = obj
    for part in getter.split("."):
        if value is None:
            return None
        value = getattr(value, part, None)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


def _text(obj: Any, getters: Iterable[Getter]) -> str:
    from .analysis.text import html_to_text, stream_text

    parts = []
    for getter in getters:
        value = _resolve(obj, getter)
        if value is None:
            continue
        if hasattr(value, "raw_data"):
            parts.append(stream_text(value))
        else:
            parts.append(html_to_text(str(value)))
    parts = [p for p in parts if p]
    # A summary that only repeats the body (内容概述 copied from the first paragraph) is dropped,
    # so snippets do not show the same sentence twice.
    kept = [p for i, p in enumerate(parts) if not any(p in later for later in parts[i + 1:])]
    return " ".join(kept)


@dataclass(frozen=True)
class SearchableType:
    """One searchable type: how to find its public objects and read their fields."""

    key: str
    model: type[models.Model]
    label: str
    group: str
    title: Getter = "title"
    body: tuple[Getter, ...] = ()
    keywords: tuple[Getter, ...] = ()
    department: Getter = None
    date: Getter = None
    doc_number: Getter = None
    url: Getter = None
    queryset: Callable[[], models.QuerySet] | None = None
    select_related: tuple[str, ...] = ()
    is_page: bool = False

    def public_queryset(self) -> models.QuerySet:
        """Objects of this type that may be indexed and shown: published, live, public."""
        if self.queryset is not None:
            qs = self.queryset()
        elif self.is_page:
            qs = self.model.objects.live().public().exact_type(self.model)
        else:
            qs = self.model._default_manager.all()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs

    def read(self, obj: Any) -> dict[str, Any]:
        """The raw fields of ``obj``: title, body, keywords, department, date, doc_number, url."""
        date = _resolve(obj, self.date)
        if isinstance(date, datetime.datetime):
            date = date.date()
        return {
            "title": str(_resolve(obj, self.title) or ""),
            "body": _text(obj, self.body),
            "keywords": _text(obj, self.keywords),
            "department": str(_resolve(obj, self.department) or ""),
            "date": date,
            "doc_number": str(_resolve(obj, self.doc_number) or ""),
            "url": str(_resolve(obj, self.url) or "") if self.url else page_url(obj),
        }


_types: dict[str, SearchableType] = {}
_by_model: dict[type[models.Model], SearchableType] = {}


def register(
    key: str,
    model: type[models.Model],
    *,
    label: str,
    group: str,
    **options: Any,
) -> SearchableType:
    """Declare ``model`` searchable as type ``key`` (see the module docstring)."""
    from wagtail.models import Page

    if group not in GROUPS:
        raise ValueError(f"未知的搜索分组：{group}（可选：{'、'.join(GROUPS)}）")
    for name in ("body", "keywords", "select_related"):
        if name in options and not isinstance(options[name], tuple | list):
            options[name] = (options[name],)
        elif name in options:
            options[name] = tuple(options[name])
    searchable = SearchableType(key=key, model=model, label=label, group=group,
                                is_page=issubclass(model, Page), **options)
    existing = _types.get(key)
    if existing is not None and existing.model is not model:
        raise ValueError(f"搜索类型 {key} 已登记为 {existing.model._meta.label}")
    _types[key] = searchable
    _by_model[model] = searchable
    return searchable


def types() -> dict[str, SearchableType]:
    """Every registered type by key, in registration order."""
    return dict(_types)


def get_type(key: str) -> SearchableType | None:
    return _types.get(key)


def for_model(model: type[models.Model]) -> SearchableType | None:
    """The type registered for exactly this model (subclasses register their own)."""
    return _by_model.get(model)


def labels() -> dict[str, str]:
    return {key: t.label for key, t in _types.items()}


_root_paths: list[tuple[str, str]] | None = None


def page_url(page: Any) -> str:
    """A page's URL without a request: its path below the site root it belongs to (one
    query for the sites per process, then none)."""
    global _root_paths
    if _root_paths is None:
        from wagtail.models import Site

        _root_paths = sorted(
            ((site.root_page.url_path, site.root_url) for site in Site.objects.select_related("root_page")),
            key=lambda pair: -len(pair[0]),
        )
        if len(_root_paths) == 1:
            # One site: relative URLs, like the portal's own templates.
            _root_paths = [(_root_paths[0][0], "")]
    url_path = getattr(page, "url_path", "") or ""
    for root_path, root_url in _root_paths:
        if url_path.startswith(root_path):
            return root_url + "/" + url_path[len(root_path):]
    return page.get_url() or ""
