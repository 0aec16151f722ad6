"""A test site with planted defects of every kind, and clean control columns.

``plant(server)`` fills 教育局 (dept A) with one defect of each kind the check knows and fills
交通运输局 (dept B) completely and correctly: the check must find exactly the planted defects
(recall 1.0) and nothing in dept B (no false positives).  ``server`` is a local HTTP server on
127.0.0.2 standing for the outside web.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.articles.models import ArticlePage
from cms.columns.kinds import STANDARD_COLUMNS
from cms.core.models import ContentItemPage
from cms.disclosure.models import InterpretationPage, PolicyDocumentPage
from cms.inspection.models import RuleCode
from cms.wordcheck.models import WordEntry
from tests.cms.guides.conftest import make_guide
from tests.conftest import column_of

TODAY = datetime.date(2026, 11, 20)  # a Friday
BANNED = "测试禁用词甲"


@dataclass
class Planted:
    """The defects planted: (rule, department id or None, page id or None, target)."""

    expected: set[tuple] = field(default_factory=set)
    clean_pages: list[int] = field(default_factory=list)

    def add(self, rule: str, department, page=None, target: str = "") -> None:
        self.expected.add((str(rule), department.pk if department else None, page.pk if page else None, target))


def _article(column, title: str, days_ago: int, body: str = "<p>工作动态正文。</p>", **fields) -> ArticlePage:
    page = ArticlePage(title=title, live=False, publish_date=TODAY - datetime.timedelta(days=days_ago), body=body,
                       **fields)
    column.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _policy(column, title: str, days_ago: int, *, number: str = "云教〔2026〕1号", written: int | None = None,
            body: str = "<p>政策文件正文。</p>", cls=PolicyDocumentPage, **fields) -> PolicyDocumentPage:
    written_days = days_ago + 3 if written is None else written
    page = cls(title=title, live=False, publish_date=TODAY - datetime.timedelta(days=days_ago), body=body,
               document_number=number, written_date=TODAY - datetime.timedelta(days=written_days), **fields)
    column.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _raw_body(page, body: str) -> None:
    """Legacy HTML as an old site's import left it (not through the editor's sanitizer)."""
    ContentItemPage.objects.filter(pk=page.pk).update(body=body)


def _document(collection, title: str, name: str, data: bytes):
    return get_document_model().objects.create(title=title, collection=collection,
                                               file=ContentFile(data, name=name))


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plant(dept_a, dept_b, server) -> Planted:
    planted = Planted()
    WordEntry.objects.get_or_create(kind="banned", word=BANNED, defaults={"note": "测试用"})
    ext_ok, ext_404, ext_500 = server.url("/ok/a"), server.url("/status/404"), server.url("/status/500")

    # --- dept B: every column filled, fresh, complete, with good links of every kind ---------------
    good_doc = _document(dept_b.collection, "交通运输局工作制度", "zhidu.docx", _docx("交通运输局工作制度全文。"))
    for standard in STANDARD_COLUMNS:
        column = column_of(dept_b, standard.slug)
        if standard.slug == "zcwj":
            policy = _policy(column, "云溪县农村公路养护管理办法", 3, number="云交〔2026〕8号")
            planted.clean_pages.append(policy.pk)
        elif standard.slug == "zcjd":
            interpretation = _policy(column, "《云溪县农村公路养护管理办法》解读", 2, number="", written=2,
                                     cls=InterpretationPage, policy=policy)
            planted.clean_pages.append(interpretation.pk)
        else:
            body = (
                f'<p id="top">交通运输局{standard.title}。<a href="#top">回到顶部</a>'
                f'<a linktype="page" id="{column.pk}">本栏目</a>'
                f'<a linktype="document" id="{good_doc.pk}">工作制度</a>'
                f'<a href="{ext_ok}">省交通运输厅</a></p>'
            )
            page = _article(column, f"交通运输局{standard.title}信息", 1, body=body)
            planted.clean_pages.append(page.pk)
    _raw_body(page, page.body + '<p><img src="/static/portal/img/emblem.svg" alt="国徽"></p>')

    # --- dept A: one defect of each kind ------------------------------------------------------------
    zcwj, gzdt, tzgg = column_of(dept_a, "zcwj"), column_of(dept_a, "gzdt"), column_of(dept_a, "tzgg")
    draft = PolicyDocumentPage(title="尚未发布的文件", live=False, publish_date=TODAY, body="<p>草稿</p>")
    zcwj.add_child(instance=draft)
    draft.save_revision()
    links = _policy(zcwj, "云溪县教育局关于规范校外培训的通知", 2, body=(
        "<p>请各学校按装监控设备。"
        '<a href="/no-such-page/">不存在的页面</a>'
        f'<a linktype="page" id="{draft.pk}">草稿页面</a>'
        '<a href="/documents/999999/missing.pdf">丢失的附件</a>'
        '<a href="#nowhere">不存在的锚点</a>'
        f'<a href="{ext_404}">外部404</a><a href="{ext_500}">外部500</a><a href="{ext_ok}">外部正常</a></p>'
    ))
    planted.add(RuleCode.WRONG_WORD, dept_a, links, "按装")
    draft_url = _self_url(draft)
    for target in ("http://localhost/no-such-page/", "http://localhost/documents/999999/missing.pdf",
                   _self_url(links) + "#nowhere", ext_404, ext_500, draft_url):
        planted.add(RuleCode.BROKEN_LINK, dept_a, links, target)

    banned_doc = _document(dept_a.collection, "培训机构名单", "mingdan.docx", _docx(f"名单说明：{BANNED}。"))
    outdated = _policy(zcwj, "转发国家工商行政管理总局关于年报工作的通知", 4, number="云教〔2026〕3号",
                       attachments=[("document", banned_doc)])
    planted.add(RuleCode.OUTDATED_NAME, dept_a, outdated, "国家工商行政管理总局")
    planted.add(RuleCode.BANNED_WORD, dept_a, outdated, f"{BANNED}｜培训机构名单")

    no_number = _policy(zcwj, "云溪县教育局学校安全工作要点", 5, number="")
    planted.add(RuleCode.METADATA_MISSING, dept_a, no_number, "文号")
    no_written = _policy(zcwj, "云溪县教育局招生工作方案", 6, number="云教〔2026〕5号")
    PolicyDocumentPage.objects.filter(pk=no_written.pk).update(written_date=None)
    planted.add(RuleCode.METADATA_MISSING, dept_a, no_written, "成文日期")
    backdated = _policy(zcwj, "云溪县教育局教师培训计划", 7, number="云教〔2026〕6号")
    PolicyDocumentPage.objects.filter(pk=backdated.pk).update(written_date=TODAY - datetime.timedelta(days=1))
    planted.add(RuleCode.FALSIFIED_DATE, dept_a, backdated, "发布日期早于成文日期")
    future = _policy(zcwj, "云溪县教育局寒假安排", 2, number="云教〔2026〕7号")
    PolicyDocumentPage.objects.filter(pk=future.pk).update(publish_date=TODAY + datetime.timedelta(days=10))
    planted.add(RuleCode.FALSIFIED_DATE, dept_a, future, "发布日期晚于检查日")
    uninterpreted = _policy(zcwj, "云溪县学前教育发展实施意见", 60, number="云教〔2026〕2号")
    planted.add(RuleCode.INTERPRETATION_MISSING, dept_a, uninterpreted)

    stale_news = _article(gzdt, "教育局召开工作会议", 30)
    _raw_body(stale_news, '<p>会议现场。<img src="/static/portal/img/emblem.svg"></p>')
    planted.add(RuleCode.IMAGE_ALT, dept_a, stale_news, "http://localhost/static/portal/img/emblem.svg")
    planted.add(RuleCode.COLUMN_STALE, dept_a, gzdt)
    _article(tzgg, "关于暑期安全的通知", 200)
    planted.add(RuleCode.COLUMN_STALE, dept_a, tzgg)
    for standard in STANDARD_COLUMNS:
        if standard.slug not in ("zcwj", "gzdt", "tzgg"):
            planted.add(RuleCode.COLUMN_BLANK, dept_a, column_of(dept_a, standard.slug))
    planted.add(RuleCode.VETO_BLANK, dept_a)

    guide = make_guide(dept_a, "教师资格认定")
    type(guide).objects.filter(pk=guide.pk).update(legal_basis="")
    planted.add(RuleCode.GUIDE_INCOMPLETE, dept_a, guide)
    return planted


def _self_url(page) -> str:
    """The page's absolute URL as a browser sends it (percent-encoded)."""
    from django.utils.encoding import iri_to_uri

    return iri_to_uri("http://localhost/" + page.url_path.removeprefix(page.get_site().root_page.url_path))
