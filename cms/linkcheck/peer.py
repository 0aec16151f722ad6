"""Peer check: our broken links against those found by LinkChecker (PyPI ``linkchecker``).

``plant_site`` adds two article pages to a column (the portal's 要闻动态) with known good and
planted broken links of every class both tools check; ``our_broken`` runs this app's checker
on them (in-process rendering, the internal resolver, the external checker), and
``linkchecker_broken`` runs LinkChecker over HTTP on the same pages served by a real server
(``--check-extern``, recursion level 1: the start pages and the links on them, no further).
Both answer a set of ``(page path, link)`` pairs; ``compare`` and ``report`` put them side by side.

How the two are made comparable:
- internal links are compared by path, query and fragment (the in-process renderer uses the
  site's host name, LinkChecker the live server's host and port); external links by full URL;
- LinkChecker reports a missing ``#anchor`` as a warning of its AnchorCheck plugin (enabled in
  its configuration file): such a warning counts as broken;
- LinkChecker also checks the ``action`` of ``GET`` forms and a ``<meta>`` refresh target; our
  checker does not treat form actions as links (a form is submitted, not followed).  The planted
  pages' only form is the site search, which works: no difference arises from it.
- LinkChecker does not retry: the peer site plants no flaky server (our retries are tested apart).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from .external import ExternalChecker
from .extract import scan_html
from .internal import InternalResolver

Pair = tuple[str, str]

LINKCHECKER_CONFIG = """\
[checking]
threads=4
timeout={timeout}
recursionlevel=1
robotstxt=0
maxrequestspersecond=100
[filtering]
checkextern=1
[output]
status=0
[AnchorCheck]
"""


@dataclass
class PeerSite:
    """The planted pages and, per page, the links planted broken (what both tools should find)."""

    pages: list[Page]
    expected: set[Pair] = field(default_factory=set)
    descriptions: dict[Pair, str] = field(default_factory=dict)


def _png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _article(column: Page, slug: str, title: str, body: str, *, live: bool = True, **fields) -> Page:
    from cms.articles.models import ArticlePage

    page = ArticlePage(title=title, slug=slug, body=body, live=False, **fields)
    column.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def plant_site(column: Page, notices: Page, *, external_base: str, refused_base: str) -> PeerSite:
    """Plant the peer pages in ``column`` (linking to ``notices``, another live column).

    ``external_base`` is the URL of a ``LocalHTTPServer`` on an address that is not one of our
    host names; ``refused_base`` a URL where connections are refused.
    """
    Document, Image = get_document_model(), get_image_model()

    good_doc = Document.objects.create(title="检查样例附件", file=ContentFile(b"%PDF-1.4 ok\n", name="jcyl.pdf"))
    lost_doc = Document.objects.create(title="文件已丢失的附件", file=ContentFile(b"%PDF-1.4 x\n", name="diushi.pdf"))
    lost_doc.file.storage.delete(lost_doc.file.name)
    good_image = Image.objects.create(title="检查样例图片", file=ContentFile(_png((200, 30, 30)), name="jcyl.png"))
    lost_image = Image.objects.create(title="缩略图丢失的图片", file=ContentFile(_png((30, 30, 200)), name="sl.png"))
    lost_rendition = lost_image.get_rendition("max-960x720")  # the page will link to it ...
    lost_rendition.file.storage.delete(lost_rendition.file.name)  # ... but its file is gone

    draft = _article(column, "wfb-yangli", "尚未发布的样例页面", "<p>草稿。</p>", live=False)
    notices_url = notices.url
    news_url = column.url
    ext, refused = external_base.rstrip("/"), refused_base.rstrip("/")

    body_one = "".join([
        "<h2>本站链接</h2><ul>",
        f'<li><a href="{notices_url}">通知公告（正常）</a></li>',
        f'<li><a href="{notices_url}#main">通知公告正文（正常锚点）</a></li>',
        f'<li><a href="{news_url}?page=1">要闻第一页（正常）</a></li>',
        '<li><a href="#main">本页正文（正常锚点）</a></li>',
        '<li><a href="/search/?q=%E6%8B%9B%E7%94%9F">站内搜索（正常）</a></li>',
        '<li><a href="/static/portal/img/emblem.svg">县徽（正常静态文件）</a></li>',
        '<li><a href="/xwzx/bucunzai-yemian/">不存在的页面</a></li>',
        f'<li><a linktype="page" id="{draft.pk}">未发布的页面</a></li>',
        '<li><a href="/documents/999999/yishanchu.pdf">已删除的附件</a></li>',
        f'<li><a href="{notices_url}#bucunzai">通知公告的不存在锚点</a></li>',
        '<li><a href="#bucunzai-benye">本页不存在的锚点</a></li>',
        f'<li><a href="{news_url}?page=999">超出范围的页码</a></li>',
        '<li><a href="/static/portal/css/bucunzai.css">不存在的静态文件</a></li>',
        "</ul><h2>外部链接</h2><ul>",
        f'<li><a href="{ext}/ok/yangli">外部正常</a></li>',
        f'<li><a href="{ext}/redirect/2/yangli">外部重定向后正常</a></li>',
        f'<li><a href="{ext}/no-head/yangli">外部拒绝 HEAD 但 GET 正常</a></li>',
        f'<li><a href="{ext}/status/404">外部 404</a></li>',
        f'<li><a href="{ext}/status/500">外部 500</a></li>',
        f'<li><a href="{ext}/to/status/410">外部重定向到 410</a></li>',
        f'<li><a href="{refused}/jujue">外部拒绝连接</a></li>',
        "</ul>",
    ])
    one = _article(column, "lianjie-jiancha-yi", "链接检查样例一", body_one,
                   cover_image=good_image, attachments=[("document", good_doc), ("document", lost_doc)])
    body_two = "".join([
        f'<p><a href="{one.url}">样例一（正常）</a> <a href="{one.url}#main">样例一正文（正常锚点）</a> ',
        f'<a href="{one.url}#meiyou">样例一不存在的锚点</a> <a href="/xwzx/bucunzai-yemian/">不存在的页面</a> ',
        f'<a href="{ext}/ok/yangli">外部正常</a> <a href="{ext}/status/404">外部 404</a></p>',
    ])
    two = _article(column, "lianjie-jiancha-er", "链接检查样例二", body_two, cover_image=lost_image)

    site = PeerSite(pages=[one, two])
    planted = {
        one.url: {
            "/xwzx/bucunzai-yemian/": "不存在的页面",
            draft.url: "未发布的页面",
            "/documents/999999/yishanchu.pdf": "附件不存在",
            lost_doc.url: "附件文件缺失",
            f"{notices_url}#bucunzai": "锚点不存在（另一页面）",
            f"{one.url}#bucunzai-benye": "锚点不存在（本页）",
            f"{news_url}?page=999": "页码超出范围",
            "/static/portal/css/bucunzai.css": "静态文件缺失",
            f"{ext}/status/404": "HTTP 404",
            f"{ext}/status/500": "HTTP 500",
            f"{ext}/to/status/410": "重定向到 HTTP 410",
            f"{refused}/jujue": "连接被拒绝",
        },
        two.url: {
            f"{one.url}#meiyou": "锚点不存在（另一页面）",
            "/xwzx/bucunzai-yemian/": "不存在的页面",
            f"{ext}/status/404": "HTTP 404",
            lost_rendition.url: "图片文件缺失",
        },
    }
    for page_url, links in planted.items():
        for link, description in links.items():
            pair = (_key(page_url), _key(link))
            site.expected.add(pair)
            site.descriptions[pair] = description
    return site


def _key(url: str, internal_hosts: frozenset[str] = frozenset({"localhost", "127.0.0.1"})) -> str:
    """A link as both tools can name it: path[?query][#fragment] on our site, the full URL elsewhere."""
    parts = urlsplit(url)
    if parts.netloc and (parts.hostname or "").lower() not in internal_hosts:
        return url
    key = parts.path or "/"
    if parts.query:
        key += "?" + parts.query
    if parts.fragment:
        key += "#" + parts.fragment
    return key


def our_broken(pages: list[Page], *, external: ExternalChecker | None = None) -> set[Pair]:
    """The broken (page, link) pairs our checker finds on ``pages``."""
    site = Site.objects.get(is_default_site=True)
    resolver = InternalResolver(site)
    external = external or ExternalChecker(timeout=5.0, retries=0)
    broken: set[Pair] = set()
    pending: list[tuple[str, str]] = []
    for page in pages:
        rendered = resolver.renderer.render(page.specific)
        scan = scan_html(rendered.html, rendered.url)
        for link in scan.links:
            if resolver.is_internal(link.url):
                if not resolver.check(link.url, page_ids=scan.ids, page_url=rendered.url).ok:
                    broken.add((_key(rendered.url), _key(link.url)))
            else:
                pending.append((rendered.url, link.url))
    results = external.check_many(url for _, url in pending)
    broken.update((_key(page_url), _key(url)) for page_url, url in pending if not results[url].ok)
    return broken


def linkchecker_command() -> str | None:
    """The ``linkchecker`` program of this Python environment (or on ``PATH``); ``None`` when missing."""
    beside = Path(sys.executable).parent / "linkchecker"
    if beside.exists():
        return str(beside)
    return shutil.which("linkchecker")


def linkchecker_broken(start_urls: list[str], *, timeout: int = 5) -> tuple[set[Pair], str]:
    """The broken (page, link) pairs LinkChecker finds on ``start_urls``, and its raw CSV output.

    LinkChecker reports a URL once per run, under the first page it was found on; to name every
    page a broken link is on (as our checker does), it runs once per start page, all at once.
    """
    command = linkchecker_command()
    if command is None:
        raise FileNotFoundError("未安装 LinkChecker：pip install LinkChecker==10.6.0")
    with tempfile.TemporaryDirectory(prefix="linkcheck-peer-") as folder:
        os.chmod(folder, 0o755)  # LinkChecker drops root privileges: its files must stay readable
        config = os.path.join(folder, "linkcheckerrc")
        with open(config, "w", encoding="utf-8") as handle:
            handle.write(LINKCHECKER_CONFIG.format(timeout=timeout))
        os.chmod(config, 0o644)
        env = {**os.environ, "HOME": folder, "XDG_CONFIG_HOME": folder, "XDG_DATA_HOME": folder}
        processes = [
            subprocess.Popen(
                [command, "--no-status", "--config", config, "--check-extern", "--no-robots",
                 "--recursion-level", "1", "--timeout", str(timeout), "--output", "csv/utf-8", url],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env, cwd=folder,
            )
            for url in start_urls
        ]
        outputs = []
        for process in processes:
            stdout, stderr = process.communicate(timeout=300)
            if process.returncode not in (0, 1):
                raise RuntimeError(f"LinkChecker 运行失败（{process.returncode}）：{stderr[-2000:]}")
            outputs.append(stdout)
    broken: set[Pair] = set()
    for output in outputs:
        broken |= _failures(output)
    return broken, "\n".join(outputs)


def _failures(output: str) -> set[Pair]:
    """The (page, link) pairs of LinkChecker's CSV output that are errors or missing anchors."""
    lines = [line for line in output.splitlines() if line and not line.startswith("# ")]  # its comment lines
    broken: set[Pair] = set()
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        warnings = row.get("warningstring") or ""
        anchor_missing = warnings.startswith("Anchor `") and "not found" in warnings
        if (row.get("valid") == "False" or anchor_missing) and row.get("parentname"):
            # ``urlname`` is the link as written (``url`` is where redirects ended).
            link = urljoin(row.get("base") or row["parentname"], row["urlname"])
            broken.add((_key(row["parentname"]), _key(link)))
    return broken


@dataclass
class Comparison:
    ours: set[Pair]
    theirs: set[Pair]

    @property
    def equal(self) -> bool:
        return self.ours == self.theirs

    @property
    def only_ours(self) -> set[Pair]:
        return self.ours - self.theirs

    @property
    def only_theirs(self) -> set[Pair]:
        return self.theirs - self.ours


def compare(ours: set[Pair], theirs: set[Pair]) -> Comparison:
    return Comparison(ours, theirs)


def report(comparison: Comparison, descriptions: dict[Pair, str] | None = None) -> str:
    """A plain-text table of both sets and the verdict."""
    descriptions = descriptions or {}
    lines = ["页面 | 链接 | 说明 | 本系统 | LinkChecker"]
    for pair in sorted(comparison.ours | comparison.theirs):
        mark = lambda found: "失效" if found else "—"  # noqa: E731
        lines.append(f"{pair[0]} | {pair[1]} | {descriptions.get(pair, '')} | "
                     f"{mark(pair in comparison.ours)} | {mark(pair in comparison.theirs)}")
    lines.append(f"本系统发现 {len(comparison.ours)} 个失效链接，LinkChecker 发现 {len(comparison.theirs)} 个。")
    lines.append("结论：两者一致。" if comparison.equal else
                 f"结论：不一致（仅本系统 {len(comparison.only_ours)} 个，仅 LinkChecker {len(comparison.only_theirs)} 个）。")
    return "\n".join(lines)
