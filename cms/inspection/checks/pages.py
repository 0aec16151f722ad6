"""What a citizen sees on a page: broken links, wrong and sensitive words, images without alt.

Rules:
- each page is rendered through the real request stack as an anonymous visitor
  (``cms.linkcheck.render``) and read with beautifulsoup4;
- the department answers for what is inside the page's ``<main>`` element; the site chrome
  (header, navigation, footer) is the same on every page and is checked once per site-wide
  run, on the home page, as a site-level finding (no department);
- internal links are resolved against the site without HTTP; external links are collected
  and fetched once per run in the next stage (``cms.inspection.runner``);
- words are matched in the title, the text of ``<main>`` and the text of attached documents;
  a word is one finding per page (and per attachment), however often it occurs; a listing page
  answers only for its own title and introduction (the items it lists are checked on their pages).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from wagtail.models import Page

from cms.linkcheck.extract import scan_html
from cms.linkcheck.internal import InternalResolver
from cms.linkcheck.render import PageRenderer
from cms.wordcheck.matcher import current_matcher

from .. import snapshots
from ..models import RuleCode
from ..recording import Defect
from ..snapshots import Snapshot
from .paths import public_path

_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
WORD_RULES = {"wrong": RuleCode.WRONG_WORD, "outdated": RuleCode.OUTDATED_NAME, "banned": RuleCode.BANNED_WORD}


@dataclass
class ExternalLink:
    url: str
    page_id: int
    department_id: int | None
    column_id: int | None
    text: str


@dataclass
class PageResult:
    defects: list[Defect] = field(default_factory=list)
    external: list[ExternalLink] = field(default_factory=list)
    snapshots: dict[int, Snapshot] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0


def main_part(html: str) -> str:
    """The ``<main>`` element of the page, or the whole page when it has none."""
    start = html.find("<main")
    end = html.rfind("</main>")
    return html[start:end + 7] if start != -1 and end > start else html


class PageChecker:
    """Checks pages one by one; one instance per chunk (its resolver caches link answers)."""

    def __init__(self) -> None:
        self.renderer = PageRenderer()
        self.resolver = InternalResolver(self.renderer.site)
        self.matcher = current_matcher()

    def check_pages(self, page_ids: list[int], department_id: int | None, columns: dict[str, int]) -> PageResult:
        """``columns`` maps a column's tree path to its id (to tell each item's column)."""
        result = PageResult()
        pages = list(Page.objects.filter(pk__in=page_ids).live().specific().order_by("path"))
        keys = snapshots.keys_for(pages) if snapshots.enabled() else {}
        previous = snapshots.stored(list(keys))
        for page in pages:
            column_id = columns.get(page.path) or columns.get(page.path[: -Page.steplen])
            row = previous.get(page.pk)
            cached = snapshots.from_row(row) if row is not None and row.key == keys.get(page.pk) else None
            self.check_page(page, department_id, column_id, result, whole_page=False, cached=cached,
                            key=keys.get(page.pk, ""))
        return result

    def snapshot(self, page, *, whole_page: bool, key: str = "") -> Snapshot | int:
        """What ``page`` shows now (its ``<main>``, or the whole page), or its HTTP status if it fails."""
        rendered = self.renderer.render(page)
        if rendered.status >= 400:
            return rendered.status
        html = rendered.html if whole_page else main_part(rendered.html)
        scan = scan_html(html, rendered.url)
        return Snapshot(url=rendered.url, links=[(link.url, link.text) for link in scan.links],
                        ids=set(_ID.findall(rendered.html)), images_without_alt=list(scan.images_without_alt),
                        text=own_text(page, scan.content_text), key=key)

    def check_page(self, page, department_id, column_id, result: PageResult, *, whole_page: bool,
                   cached: Snapshot | None = None, key: str = "") -> None:
        base = dict(department_id=department_id, page_id=page.pk, page_title=page.title,
                    url=public_path(page.url_path), column_id=column_id)
        shown = cached
        broken = self._broken_links(shown, base) if shown is not None else None
        if shown is None or broken:  # nothing reusable, or the reused view no longer holds: look again
            shown = self.snapshot(page, whole_page=whole_page, key=key)
            result.rendered += 1
            if isinstance(shown, int):
                result.defects.append(Defect(
                    RuleCode.BROKEN_LINK, target=self.renderer.root_url + self.renderer.page_path(page),
                    detail={"status": shown, "reason": "页面打开出错"},
                    evidence=f"页面本身无法正常打开（HTTP {shown}）。", **base,
                ))
                return
            broken = self._broken_links(shown, base)
        else:
            result.reused += 1
        result.snapshots[page.pk] = shown
        result.defects.extend(broken)
        seen: set[str] = set()
        for url, text in shown.links:
            if url not in seen and not self.resolver.is_internal(url):
                result.external.append(ExternalLink(url, page.pk, department_id, column_id, text[:200]))
            seen.add(url)
        for src in dict.fromkeys(shown.images_without_alt):
            result.defects.append(Defect(RuleCode.IMAGE_ALT, target=src, evidence=f"图片 {src} 缺少替代文本（alt）。",
                                         **base))
        text = f"{page.title}\n{shown.text}"
        result.defects.extend(self.word_defects(text, base, where=""))
        for document in attached_documents(page):
            from cms.wordcheck.documents import document_text

            extracted = document_text(document)
            if extracted.text:
                result.defects.extend(self.word_defects(extracted.text, base, where=document.title))

    def _broken_links(self, shown: Snapshot, base: dict) -> list[Defect]:
        defects, seen = [], set()
        for url, text in shown.links:
            if url in seen or not self.resolver.is_internal(url):
                continue
            seen.add(url)
            answer = self.resolver.check(url, page_ids=shown.ids, page_url=shown.url)
            if not answer.ok:
                defects.append(broken_link_defect(url, text, answer, base))
        return defects

    def word_defects(self, text: str, base: dict, *, where: str) -> list[Defect]:
        hits_by_word = defaultdict(list)
        for hit in self.matcher.find(text):
            hits_by_word[(hit.kind, hit.word)].append(hit)
        defects = []
        for (kind, word), hits in hits_by_word.items():
            first = hits[0]
            place = f"附件「{where}」" if where else "页面"
            advice = f"，应为「{first.correction}」" if first.correction else ""
            defects.append(Defect(
                WORD_RULES[kind], target=f"{word}｜{where}" if where else word, **base,
                evidence=f"{place}出现「{word}」{advice}：…{first.context}…",
                detail={"word": word, "correction": first.correction, "count": len(hits), "where": where,
                        "context": first.context},
            ))
        return defects


def own_text(page, content_text: str) -> str:
    """The text a page answers for: a listing page (column, department page, section) answers for
    its own title and introduction, not for the titles of the items it lists, which are checked
    on the items' own pages (one defect, one finding)."""
    if getattr(page, "is_listing_page", False) or type(page).__name__ in LISTING_PAGES:
        return str(getattr(page, "intro", "") or "")
    return content_text


LISTING_PAGES = frozenset({"ColumnPage", "DepartmentDisclosurePage", "DepartmentIndexPage", "SectionPage",
                           "HomePage", "CatalogueIndexPage", "ServiceGuideIndexPage", "GuideFolderPage"})


def broken_link_defect(url: str, text: str, answer, base: dict) -> Defect:
    label = f"「{text[:40]}」" if text else ""
    status = f"（HTTP {answer.status}）" if answer.status else ""
    return Defect(
        RuleCode.BROKEN_LINK, target=url, evidence=f"链接{label} {url} 无法访问：{answer.reason}{status}",
        detail={"status": answer.status, "reason": answer.reason, "text": text[:200]}, **base,
    )


def attached_documents(page) -> list:
    """The documents in a content item's 附件 field (one query for all of them)."""
    attachments = getattr(page, "attachments", None)
    if not attachments:
        return []
    return [block.value for block in attachments if block.block_type == "document" and block.value is not None]
