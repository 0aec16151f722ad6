"""Links, anchors, images without alt text and the main text of one rendered page.

``scan_html`` reads a page the way a citizen's browser does and reports:

- ``links``: every URL the browser follows or loads from the page — ``a``/``area`` ``href``,
  ``img``/``source`` ``src`` and each ``srcset`` candidate, ``link`` ``href`` (stylesheets, icons,
  feeds, search descriptions; not ``dns-prefetch``/``preconnect``, which name hosts, not
  resources), ``script``/``iframe``/``embed``/``audio``/``video``/``track`` ``src``, ``video``
  ``poster``, ``object`` ``data`` and the target of a ``<meta http-equiv="refresh">``.  Form
  actions are not links (a form is submitted, not followed).  Each URL is resolved against the
  first ``<base href>`` or else the page's own URL.  ``mailto:``, ``tel:``, ``sms:``,
  ``javascript:``, ``data:``, ``blob:`` and ``about:`` URLs are never broken and are left out, as
  are empty ``href`` values (the page itself).
- ``ids``: every element ``id`` and every ``<a name>``: the targets of ``#fragment`` links.
- ``images_without_alt``: the (resolved) ``src`` of every ``img`` that has no ``alt`` attribute.
  Rule: a missing ``alt`` attribute is the defect; ``alt=""`` marks a decorative image (WCAG
  technique H67) and is allowed with or without ``role="presentation"``.
- ``content_text``: the visible text of ``<main>`` (the whole ``<body>`` when the page has no
  ``<main>``), whitespace collapsed, without scripts, styles, templates and ``hidden`` elements.
- ``title``: the text of ``<title>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

#: Schemes of URLs that are never fetched, so never broken.
IGNORED_SCHEMES = frozenset({"mailto", "tel", "sms", "javascript", "data", "blob", "about"})

#: (tag, attribute) pairs whose value is one URL.
URL_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("a", "href"),
    ("area", "href"),
    ("img", "src"),
    ("link", "href"),
    ("script", "src"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("source", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("track", "src"),
    ("object", "data"),
)
#: (tag, attribute) pairs whose value is a ``srcset`` list of candidates.
SRCSET_ATTRIBUTES: tuple[tuple[str, str], ...] = (("img", "srcset"), ("source", "srcset"))
#: ``<link rel>`` values that name a host to warm up, not a resource to load.
HOST_ONLY_RELS = frozenset({"dns-prefetch", "preconnect"})
#: Elements whose text a citizen never sees.
INVISIBLE_TAGS = ("script", "style", "template", "noscript")

_LINK_TAG_SET = frozenset({tag for tag, _ in URL_ATTRIBUTES + SRCSET_ATTRIBUTES} | {"meta"})
_REFRESH = re.compile(r"^\s*\d*\s*[;,]\s*url\s*=\s*['\"]?(?P<url>[^'\"]+)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# The HTML standard strips ASCII whitespace around a URL attribute and removes tabs and newlines inside it.
_URL_NOISE = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class Link:
    """One URL of a page: where it points (resolved, absolute), the tag and attribute, its text."""

    url: str
    tag: str
    attr: str
    text: str = ""


@dataclass
class PageScan:
    """What ``scan_html`` found on one page."""

    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    images_without_alt: list[str] = field(default_factory=list)
    content_text: str = ""
    title: str = ""


def clean_url(value: str | None) -> str:
    """``value`` as a browser reads a URL attribute: surrounding whitespace and inner tabs/newlines removed."""
    return _URL_NOISE.sub("", (value or "").strip(" \t\n\r\f"))


def is_ignored(url: str) -> bool:
    """True for URLs that are never fetched (``mailto:``, ``tel:``, ``javascript:``, ``data:`` …)."""
    scheme, colon, _ = url.partition(":")
    return bool(colon) and scheme.strip().lower() in IGNORED_SCHEMES


def _text(node: Tag) -> str:
    return _SPACES.sub(" ", node.get_text(" ", strip=True)).strip()


def _srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` attribute (each candidate is ``URL [descriptor]``, comma separated)."""
    urls = []
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if parts:
            urls.append(parts[0])
    return urls


def _resolve(base: str, value: str) -> str:
    try:
        return urljoin(base, value)
    except ValueError:  # e.g. a broken IPv6 host: kept as written, the checkers call it invalid
        return value


def _link_text(element: Tag) -> str:
    if element.name == "img":
        return (element.get("alt") or "").strip()
    if element.name == "a" or element.name == "area":
        text = _text(element) if element.name == "a" else ""
        return text or (element.get("title") or element.get("alt") or "").strip()
    return (element.get("title") or "").strip()


def _raw_urls(element: Tag) -> list[tuple[str, str]]:
    """(attribute, raw URL) pairs of one element."""
    name = element.name
    if name == "meta":
        if (element.get("http-equiv") or "").lower() != "refresh":
            return []
        match = _REFRESH.match(element.get("content") or "")
        return [("content", match.group("url"))] if match else []
    if name == "link":
        rels = set((element.get("rel") or "").lower().split())
        if rels & HOST_ONLY_RELS:
            return []
    found = [(attr, element[attr]) for tag, attr in URL_ATTRIBUTES if tag == name and element.has_attr(attr)]
    for tag, attr in SRCSET_ATTRIBUTES:
        if tag == name and element.has_attr(attr):
            found.extend((attr, url) for url in _srcset_urls(element[attr]))
    return found


def scan_html(html: str, page_url: str) -> PageScan:
    """Parse ``html`` (the page at ``page_url``) into its links, anchors, alt defects, text and title.

    One walk over the parsed tree collects everything (bs4's filtered searches would walk it once
    per question); URLs are resolved afterwards, once the ``<base>`` is known.
    """
    # Attributes stay plain strings (``class``/``rel`` are not split into lists): faster, and only
    # ``rel`` is ever read as a list of words.
    soup = BeautifulSoup(html, "lxml", multi_valued_attributes=None)
    scan = PageScan()
    base_href: str | None = None
    title: Tag | None = None
    main: Tag | None = None
    raw_links: list[tuple[Tag, str, str]] = []
    images_without_alt: list[str] = []
    invisible: list[Tag] = []

    for element in soup.descendants:
        if not isinstance(element, Tag):
            continue
        name = element.name
        element_id = element.get("id")
        if element_id:
            scan.ids.add(element_id)
        if name in _LINK_TAG_SET:
            raw_links.extend((element, attr, raw) for attr, raw in _raw_urls(element))
            if name == "a" and element.get("name"):
                scan.ids.add(element["name"])
            elif name == "img" and not element.has_attr("alt"):
                images_without_alt.append(clean_url(element.get("src")))
        elif name == "base" and base_href is None and element.has_attr("href"):
            base_href = clean_url(element["href"])
        elif name == "title" and title is None:
            title = element
        elif name == "main" and main is None:
            main = element
        if name in INVISIBLE_TAGS or element.has_attr("hidden"):
            invisible.append(element)

    base = _resolve(page_url, base_href) if base_href and not is_ignored(base_href) else page_url
    seen: set[tuple[str, str, str]] = set()
    for element, attr, raw in raw_links:
        value = clean_url(raw)
        if not value or is_ignored(value):
            continue
        url = _resolve(base, value)
        key = (url, element.name, attr)
        if key in seen or is_ignored(url):
            continue
        seen.add(key)
        scan.links.append(Link(url=url, tag=element.name, attr=attr, text=_link_text(element)))
    scan.images_without_alt = [_resolve(base, src) if src else "" for src in images_without_alt]
    scan.title = _text(title) if title is not None else ""

    for element in invisible:
        element.decompose()  # after the links: a link inside <noscript> or a hidden block is still one
    container = main or soup.body or soup
    scan.content_text = _text(container)
    return scan
