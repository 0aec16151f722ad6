"""``manage.py linkcheck_bench``: measure the link machinery on the pages of this database.

Renders up to ``--pages`` live content items (articles and disclosure items) in-process, scans
them, resolves their internal links with one resolver, and fetches ``--urls`` distinct URLs from
local test servers (loopback addresses only) with the external checker.  Prints ms per page
and URLs per second; ``--json`` prints the figures as JSON.  Reads the database, writes nothing.
"""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from cms.core.models import ContentItemPage
from cms.linkcheck.external import ExternalChecker
from cms.linkcheck.extract import scan_html
from cms.linkcheck.internal import InternalResolver
from cms.linkcheck.localserver import LocalHTTPServer

WARM_UP_PAGES = 10


def _ms_per(seconds: float, count: int) -> float:
    return round(seconds * 1000 / max(count, 1), 2)


class _Clock:
    """Wall time and this process's CPU time of a block (the machine may be shared: CPU time is steadier)."""

    def __enter__(self) -> _Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self._wall, time.process_time() - self._cpu


class Command(BaseCommand):
    help = "测量链接检查各环节的速度：页面渲染、解析、站内链接判定（毫秒/页），外部链接检查吞吐量（个/秒）。只读，不改数据。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--pages", type=int, default=500, help="渲染的页面数（默认 500）")
        parser.add_argument("--urls", type=int, default=400, help="外部检查的地址数（默认 400）")
        parser.add_argument("--hosts", type=int, default=8, help="外部检查用的本机测试服务器数（默认 8）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, **options) -> None:
        if options["pages"] < 1 or options["urls"] < 1 or not 1 <= options["hosts"] <= 200:
            raise CommandError("--pages、--urls 须为正整数，--hosts 须在 1 到 200 之间。")
        figures = self._pages(options["pages"])
        figures.update(self._external(options["urls"], options["hosts"]))
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"页面 {figures['pages']} 个（每页平均 {figures['links_per_page']} 个链接），毫秒/页（CPU 时间）："
            f"渲染 {figures['render_ms_per_page']}（{figures['render_cpu_ms_per_page']}），"
            f"解析 {figures['scan_ms_per_page']}（{figures['scan_cpu_ms_per_page']}），"
            f"站内链接判定 {figures['internal_ms_per_page']}（{figures['internal_cpu_ms_per_page']}，"
            f"{figures['internal_distinct']} 个不同地址）。"
        )
        self.stdout.write(
            f"外部链接：单一主机 {figures['external_one_host_urls_per_second']} 个/秒，"
            f"{figures['external_hosts']} 个主机 {figures['external_many_hosts_urls_per_second']} 个/秒"
            f"（默认设置：每主机并发 2，线程 16）。"
        )

    def _pages(self, count: int) -> dict:
        pages = list(ContentItemPage.objects.live().specific().order_by("pk")[: count + WARM_UP_PAGES])
        if not pages:
            raise CommandError("数据库中没有已发布的内容条目：请先运行 manage.py load_demo。")
        resolver = InternalResolver()
        renderer = resolver.renderer
        for page in pages[:WARM_UP_PAGES]:
            renderer.render(page)
        measured = pages[WARM_UP_PAGES:] or pages
        with _Clock() as render:
            rendered = [renderer.render(page) for page in measured]
        with _Clock() as scanning:
            scans = [scan_html(item.html, item.url) for item in rendered]
        links = 0
        with _Clock() as internal:
            for item, scan in zip(rendered, scans, strict=True):
                for link in scan.links:
                    links += 1
                    if resolver.is_internal(link.url):
                        resolver.check(link.url, page_ids=scan.ids, page_url=item.url)
        n = len(measured)
        return {
            "pages": n,
            "pages_not_200": sum(1 for item in rendered if item.status != 200),
            "links_per_page": round(links / n, 1),
            "render_ms_per_page": _ms_per(render.wall, n),
            "render_cpu_ms_per_page": _ms_per(render.cpu, n),
            "scan_ms_per_page": _ms_per(scanning.wall, n),
            "scan_cpu_ms_per_page": _ms_per(scanning.cpu, n),
            "internal_ms_per_page": _ms_per(internal.wall, n),
            "internal_cpu_ms_per_page": _ms_per(internal.cpu, n),
            "internal_distinct": len(resolver._results),
        }

    def _external(self, count: int, hosts: int) -> dict:
        checker = ExternalChecker()
        figures = {"external_urls": count, "external_hosts": hosts}
        with LocalHTTPServer("127.0.0.1") as server:
            urls = [server.url(f"/ok/{n}") for n in range(count)]
            started = time.perf_counter()
            results = checker.check_many(urls)
            seconds = time.perf_counter() - started
            figures["external_one_host_urls_per_second"] = round(count / seconds, 1)
            figures["external_one_host_max_in_flight"] = server.max_in_flight
            figures["external_broken"] = sum(1 for result in results.values() if not result.ok)
        servers = [LocalHTTPServer(f"127.0.0.{n + 1}").start() for n in range(hosts)]
        try:
            urls = [servers[n % hosts].url(f"/ok/{n}") for n in range(count)]
            started = time.perf_counter()
            results = checker.check_many(urls)
            seconds = time.perf_counter() - started
            figures["external_many_hosts_urls_per_second"] = round(count / seconds, 1)
            figures["external_many_hosts_max_in_flight_per_host"] = max(server.max_in_flight for server in servers)
            figures["external_broken"] += sum(1 for result in results.values() if not result.ok)
        finally:
            for server in servers:
                server.stop()
        checker.close()
        return figures
