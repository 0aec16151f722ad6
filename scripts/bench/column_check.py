"""Column-check benchmark: the monthly check of a large county site, run the way production runs it.

Build (``--phase build``; with ``--keep`` an existing build is reused):

1. a fresh database (``var/bench/column_check.sqlite3``, or ``DATABASE_URL``), migrated, with the
   portal structure and ``--departments`` provisioned departments (``scripts/bench/portal.py``);
   4 more columns per department (部门动态, 公示公告, 重点工作, 便民服务) make 15;
2. a few hundred real Wagtail documents (.docx, .xlsx, .txt); 3 of them lose their file later;
3. ``--pages`` live items through the import path (``import_rows``), with ``--links-per-page``
   links per body on average: pages of the site (rich-text page links and plain paths),
   documents, anchors, and external URLs on a local HTTP server on 127.0.0.2 (one URL per 20
   pages; 2 % answer 404, a few 500; popular URLs are shared by many pages).  Planted: broken
   internal links (1 page in 500), wrong words (1 page in 400), blank and stale columns.

Check (``--phase check``): a real django-q2 cluster (``manage.py qcluster``, ``--workers``
workers, production settings) and ``manage.py run_column_check --wait``, with the local HTTP
server running in this process throughout.  Reports the time of each stage (from the chunks'
``finished_at``), pages/s, links, external fetches against the requests the server received,
findings by rule against what was planted.  Results: var/bench/column_check.json.

``--phase profile`` profiles one chunk of pages in this process (cProfile): render, scan,
internal links, words, queries and writes.  Only loopback addresses are contacted.
Usage: scripts/bench_column_check [--departments 200] [--pages 100000] [--phase all] [--keep]
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import html
import importlib.util
import io
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

# The sibling benchmark, under another name: ``portal`` is the Django project's package.
_spec = importlib.util.spec_from_file_location("bench_portal", Path(__file__).resolve().parent / "portal.py")
bench_portal = sys.modules["bench_portal"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_portal)
BENCH_DIR, COLUMN_WEIGHTS, PYTHON, ROOT = (bench_portal.BENCH_DIR, bench_portal.COLUMN_WEIGHTS, bench_portal.PYTHON,
                                           bench_portal.ROOT)
ContentFactory, say, setup_django = bench_portal.ContentFactory, bench_portal.say, bench_portal.setup_django

EXTRA_COLUMNS = (("部门动态", "bmdt", "news", 20), ("公示公告", "gsgg", "notice", 8),
                 ("重点工作", "zdgz", "other", 3), ("便民服务", "bmfw", "other", 2))
#: PostgreSQL when given; read once, before the settings put the SQLite URL in the environment.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
SERVER_HOST = "127.0.0.2"
WRONG = ("请各单位按时按装监控设备。", "各乡镇要认真布署本次专项行动。", "其它事项另行通知。", "要贯切落实上级部署。")
SITES = ("省人民政府门户网站", "市人民政府门户网站", "国家政务服务平台", "省政务服务网", "中国政府网", "省统计局")
ANCHORS = ("fjsm", "bz", "lxfs")
#: Body links by kind: rich-text page links, plain paths, documents, anchors, other sites.
KINDS, WEIGHTS = ("page", "path", "document", "anchor", "external"), (20, 14, 10, 11, 45)
#: Requests the local server receives per URL: HEAD; a 404 is asked again with GET; a 500 with GET
#: and 2 retries (``cms.linkcheck.external``).
REQUESTS_PER_URL = {"ok": 1, "404": 2, "500": 4}
PUBLISHING = "cms.core.tasks.publish_scheduled"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="栏目检查性能基准：建立大型站点，用真实后台任务进程执行全站栏目检查并计时。")
    p.add_argument("--departments", type=int, default=200, help="部门数（默认 200，每个部门 15 个栏目）")
    p.add_argument("--pages", type=int, default=100_000, help="信息公开条目数（默认 100000）")
    p.add_argument("--links-per-page", type=int, default=5, help="每个条目正文的平均链接数（默认 5）")
    p.add_argument("--workers", type=int, default=2, help="django-q2 工作进程数（默认 2）")
    p.add_argument("--phase", choices=("build", "check", "all", "profile", "report"), default="all",
                   help="build 只建站，check 只检查，all 两者，profile 剖析一个页面任务，report 重新汇总上一次检查")
    p.add_argument("--keep", action="store_true", help="已建好的基准库直接沿用，不重建")
    p.add_argument("--warm", action="store_true",
                   help="保留上次检查留下的页面快照（相当于站点未变时的下一次月度检查）；默认清除，测首次检查")
    p.add_argument("--reset-database", action="store_true", help="DATABASE_URL 指向的库已有数据表时先清空")
    p.add_argument("--timeout", type=int, default=4 * 3600, help="等待检查完成的最长秒数")
    p.add_argument("--seed", type=int, default=20260101)
    p.add_argument("--output", default=str(BENCH_DIR / "column_check.json"))
    return p.parse_args(argv)


def database_url(args, *, fresh: bool) -> str:
    url = DATABASE_URL
    if url:
        return bench_portal.fresh_database(args) if fresh else url
    path = BENCH_DIR / "column_check.sqlite3"
    if fresh:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def build_file() -> Path:
    """What the build planted (next to the database; one per PostgreSQL database)."""
    url = DATABASE_URL
    name = url.rstrip("/").rsplit("/", 1)[-1] if url else "sqlite"
    return BENCH_DIR / f"column_check-{name}-build.json"


def environment(url: str, workers: int) -> dict[str, str]:
    env = bench_portal.bench_environment(url)
    env.update(MEDIA_ROOT=str(BENCH_DIR / "column_check_media"), Q_WORKERS=str(workers))
    return env


# --- build ------------------------------------------------------------------------------------


def add_columns(departments) -> None:
    from cms.columns.models import ColumnPage

    for department in departments:
        root = department.disclosure_page
        for title, slug, kind, _ in EXTRA_COLUMNS:
            column = ColumnPage(title=title, slug=slug, kind=kind, department=department)
            root.add_child(instance=column)
            column.save_revision().publish()


def make_documents(departments, count: int) -> list[tuple[int, str, str]]:
    """``count`` real documents: (id, public URL, title)."""
    import docx
    from django.core.files.base import ContentFile
    from openpyxl import Workbook
    from wagtail.documents import get_document_model

    model = get_document_model()
    made = []
    for index in range(count):
        department = departments[index % len(departments)]
        title = f"{department.short_name}附件{index + 1}"
        buffer = io.BytesIO()
        if index % 3 == 0:
            document = docx.Document()
            document.add_paragraph(f"{title}：工作任务分解表及联系人。")
            document.save(buffer)
            name = f"fj{index}.docx"
        elif index % 3 == 1:
            book = Workbook()
            book.active.append(["序号", "事项", "责任单位"])
            book.active.append([1, title, department.name])
            book.save(buffer)
            name = f"fj{index}.xlsx"
        else:
            buffer.write(f"{title}\n本附件为文字说明。\n".encode())
            name = f"fj{index}.txt"
        doc = model.objects.create(title=title, collection=department.collection,
                                   file=ContentFile(buffer.getvalue(), name=name))
        made.append((doc.pk, doc.url, title))
    return made


def external_urls(base: str, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(URL, kind) with kind ok / 404 / 500, in popularity order (the first are linked most)."""
    broken = max(1, round(count * 0.02))
    failing = max(1, count // 1000)
    kinds = ["404"] * broken + ["500"] * failing + ["ok"] * (count - broken - failing)
    rng.shuffle(kinds)
    paths = {"ok": "ok/zw", "404": "status/404/old", "500": "status/500/svc"}
    return [(f"{base}/{paths[kind]}-{index}.html", kind) for index, kind in enumerate(kinds)]


class LinkPlanner:
    """Chooses the links of each body and keeps count of what was planted."""

    def __init__(self, rng: random.Random, externals, documents, broken_documents: set[int]) -> None:
        self.rng = rng
        self.externals = externals
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(externals))))
        self.unused = list(range(len(externals)))  # every URL is linked at least once
        rng.shuffle(self.unused)
        self.documents, self.broken_documents = documents, broken_documents
        self.pages: list[tuple[int, str]] = []  # (id, public path) of pages that exist
        self.counts: Counter = Counter()
        self.uses: Counter = Counter()  # external URL -> pages linking it
        self.serial = 0

    def body(self, paragraphs: list[str], count: int) -> str:
        rng, links, chosen, ids = self.rng, [], set(), []
        for _ in range(count):
            kind = rng.choices(KINDS, WEIGHTS)[0]
            if kind in ("page", "path") and not self.pages:
                kind = "external"
            link = self._link(kind, chosen, ids)
            if link:
                links.append(link)
        if rng.random() < 1 / 500:
            links.append(self._broken())
        if rng.random() < 1 / 400:
            self.counts["wrong_word"] += 1
            paragraphs = [WRONG[self.counts["wrong_word"] % len(WRONG)] + paragraphs[0], *paragraphs[1:]]
        out = []
        for index, text in enumerate(paragraphs):
            anchors = "".join(links[index::len(paragraphs)])
            out.append(f"<p>{html.escape(text)}{anchors}</p>")
        out += [f'<p><a id="{anchor}">{anchor}</a>：详见正文。</p>' for anchor in ids]
        return "".join(out)

    def _link(self, kind: str, chosen: set, ids: list) -> str:
        rng = self.rng
        for _ in range(5):  # a page links to a target once
            if kind == "page":
                pk, _path = rng.choice(self.pages)
                key, link = f"p{pk}", f'<a linktype="page" id="{pk}">相关文件</a>'
            elif kind == "path":
                pk, path = rng.choice(self.pages)
                key, link = f"p{pk}", f'<a href="{path}">相关栏目</a>'
            elif kind == "document":
                pk, url, title = rng.choice(self.documents)
                key, link = f"d{pk}", f'<a linktype="document" id="{pk}">{html.escape(title)}</a>'
            elif kind == "anchor":
                anchor = rng.choice(ANCHORS) if rng.random() < 0.7 else "top"
                key, link = f"#{anchor}", f'<a href="#{anchor}">见{"附件说明" if anchor != "top" else "页首"}</a>'
            else:
                index = self.unused.pop() if self.unused else bisect.bisect(
                    self.cumulative, rng.random() * self.cumulative[-1])
                url = self.externals[min(index, len(self.externals) - 1)][0]
                key, link = url, f'<a href="{url}">{rng.choice(SITES)}</a>'
            if key not in chosen:
                chosen.add(key)
                self.counts[kind] += 1
                if kind == "external":
                    self.uses[key] += 1
                elif kind == "document" and key[1:] and int(key[1:]) in self.broken_documents:
                    self.counts["broken_document_file"] += 1
                elif kind == "anchor" and key != "#top":
                    ids.append(key[1:])
                return link
            kind = "external"
        return ""

    def _broken(self) -> str:
        """A broken internal link: a missing page, a missing document or a missing anchor."""
        self.serial += 1
        kind = ("page", "document", "anchor")[self.serial % 3]
        self.counts[f"broken_{kind}"] += 1
        if kind == "page":
            _pk, path = self.rng.choice(self.pages) if self.pages else (0, "/zwgk/")
            return f'<a href="{path}ycz-{self.serial}/">原文链接</a>'
        if kind == "document":
            return f'<a href="/documents/{900000 + self.serial}/yfj-{self.serial}.pdf">原附件</a>'
        return f'<a href="#wmd-{self.serial}">见下文</a>'


def plan_columns(portal, departments, pages: int, rng: random.Random) -> list[dict]:
    """Every column with its state (blank / stale / fresh) and item count."""
    from cms.columns.models import ColumnPage
    from cms.inspection.models.rules import KIND_INTERVAL_DEFAULTS

    weights = {**COLUMN_WEIGHTS, **{slug: w for _, slug, _, w in EXTRA_COLUMNS}}
    plan = [{"column": ColumnPage.objects.get(pk=pk), "state": "fresh", "weight": w}
            for pk, w in ((portal.news.pk, 60), (portal.notices.pk, 40))]
    for number, department in enumerate(departments):
        many_blank, all_stale = number % 40 == 7, number % 50 == 13
        columns = list(ColumnPage.objects.child_of(department.disclosure_page).order_by("path"))
        blank_slugs = {c.slug for c in rng.sample(columns, 6)} if many_blank else set()
        for column in columns:
            interval = KIND_INTERVAL_DEFAULTS.get(column.kind)
            if column.slug in blank_slugs or (number and rng.random() < 0.03):
                state = "blank"
            elif interval and (rng.random() < 0.12 or (all_stale and column.kind in ("news", "notice", "policy"))):
                state = "stale"
            else:
                state = "fresh"
            plan.append({"column": column, "state": state, "weight": weights.get(column.slug, 1)})
    filled = [entry for entry in plan if entry["state"] != "blank"]
    total = sum(entry["weight"] for entry in filled)
    for entry in plan:
        entry["count"] = 0 if entry["state"] == "blank" else max(1, pages * entry["weight"] // total)
    for entry in sorted(filled, key=lambda e: -e["weight"])[: max(0, pages - sum(e["count"] for e in plan))]:
        entry["count"] += 1
    # policies before their interpretations (解读的政策文件 refers to them)
    return sorted(plan, key=lambda entry: entry["column"].kind == "interpretation")


def shift_dates(rows: list[dict], state: str, kind: str, rng: random.Random, today: datetime.date) -> None:
    """Move a column's dates together so that its newest item is fresh or stale, as planned."""
    from cms.inspection.models.rules import KIND_INTERVAL_DEFAULTS

    interval = KIND_INTERVAL_DEFAULTS.get(kind)
    if not rows or interval is None:
        return
    newest = max(row["发布日期"] for row in rows)
    if state == "stale":
        target = today - datetime.timedelta(days=interval + rng.randint(20, 300))
    else:
        target = today - datetime.timedelta(days=rng.randint(0, min(10, interval - 1)))
    delta = target - newest
    for row in rows:
        for key in ("发布日期", "成文日期", "失效废止日期"):
            if row.get(key):
                row[key] = row[key] + delta
        if row.get("失效废止日期"):
            row["失效废止日期"] = max(min(row["失效废止日期"], today), row["发布日期"])


def import_items(plan, planner: LinkPlanner, factory: ContentFactory, args, rng) -> dict:
    from wagtail.models import Page

    from cms.disclosure.importing import import_rows
    from cms.inspection.checks.paths import public_path

    today = datetime.date.today()
    for entry in plan:  # columns and department pages are link targets from the start
        column = entry["column"]
        planner.pages.append((column.pk, public_path(column.url_path)))
    policies: dict[int, list[str]] = {}
    created, started = 0, time.perf_counter()
    for position, entry in enumerate(plan):
        column = entry["column"]
        if not entry["count"]:
            continue
        rows = [factory.row(column.department, column.kind, policies.get(column.department_id))
                for _ in range(entry["count"])]
        shift_dates(rows, entry["state"], column.kind, rng, today)
        for row in rows:
            lines = [line for line in str(row["正文"]).split("\n") if line]
            row["正文"] = planner.body(lines, max(0, args.links_per_page + rng.randint(-2, 2)))
        if column.kind == "policy":
            policies.setdefault(column.department_id, []).extend(str(r["文号"]) for r in rows[:200])
        report = import_rows(column, rows)
        created += report.created
        found = Page.objects.filter(pk__in=report.page_ids).values_list("pk", "url_path")
        planner.pages.extend((pk, public_path(path)) for pk, path in found)
        if position % 200 == 0:
            rate = created / (time.perf_counter() - started)
            say(f"  已导入 {created}/{args.pages} 条（{position + 1}/{len(plan)} 个栏目，{rate:.0f} 条/秒）")
    return {"items": created, "seconds": round(time.perf_counter() - started, 1)}


def spot_check(page_id: int, server_base: str) -> dict:
    """Render one item as a citizen gets it: its body's links must be there."""
    from wagtail.models import Page

    from cms.linkcheck.extract import scan_html
    from cms.linkcheck.render import PageRenderer

    page = Page.objects.get(pk=page_id).specific
    rendered = PageRenderer().render(page)
    links = [link.url for link in scan_html(rendered.html, rendered.url).links]
    found = {"status": rendered.status, "url": rendered.url, "links": len(links),
             "external": sum(url.startswith(server_base) for url in links),
             "documents": sum("/documents/" in url for url in links)}
    if rendered.status != 200 or "linktype=" in rendered.html:
        raise SystemExit(f"抽查页面渲染异常：{found}")
    return found


def build(args) -> dict:
    rng = random.Random(args.seed)
    started = time.perf_counter()
    url = database_url(args, fresh=True)
    build_file().unlink(missing_ok=True)
    shutil.rmtree(BENCH_DIR / "column_check_media", ignore_errors=True)
    setup_django(environment(url, args.workers))
    from django.db import connection

    say(f"迁移数据库（{connection.vendor}）并收集静态文件…")
    bench_portal.migrate_and_collect()
    say(f"建立门户结构和 {args.departments} 个部门（每个 15 个栏目）…")
    portal, departments = bench_portal.build_structure(args.departments)
    add_columns(departments)
    structure_seconds = time.perf_counter() - started
    from cms.columns.models import ColumnPage
    from cms.taxonomy.models import Topic

    documents = make_documents(departments, min(300, max(30, args.pages // 300)))
    broken_documents = {pk for pk, _, _ in documents[:3]}
    from cms.linkcheck.localserver import closed_port

    port = closed_port(SERVER_HOST)  # free now; the check's server listens on it
    base = f"http://{SERVER_HOST}:{port}"
    externals = external_urls(base, max(50, args.pages // 20), rng)
    planner = LinkPlanner(rng, externals, documents, broken_documents)
    plan = plan_columns(portal, departments, args.pages, rng)
    factory = ContentFactory(args.seed, list(Topic.objects.values_list("name", flat=True).distinct()))
    say(f"导入 {args.pages} 条信息（{len(plan)} 个栏目）…")
    imported = import_items(plan, planner, factory, args, rng)

    from wagtail.documents import get_document_model

    for document in get_document_model().objects.filter(pk__in=broken_documents):
        document.file.storage.delete(document.file.name)  # 附件文件缺失
    clear_queue()
    from cms.core.models import ContentItemPage

    sample = ContentItemPage.objects.filter(depth__gt=4).order_by("-pk").values_list("pk", flat=True).first()
    spot = spot_check(sample, base)
    say(f"  抽查 {spot['url']}：HTTP {spot['status']}，{spot['links']} 个链接（外部 {spot['external']}，附件 {spot['documents']}）")
    kinds = dict(externals)
    uses = Counter()
    for ext_url, count in planner.uses.items():
        uses[kinds[ext_url]] += count
    info = {
        "database": url if "sqlite" in url else url.split("@")[-1], "built": datetime.date.today().isoformat(),
        "departments": len(departments), "columns": ColumnPage.objects.count(), "items": imported["items"],
        "import_seconds": imported["seconds"], "structure_seconds": round(structure_seconds, 1),
        "build_seconds": round(time.perf_counter() - started, 1), "documents": len(documents),
        "server_port": port, "server_base": base, "spot_check": spot,
        "links": dict(planner.counts), "body_links": sum(planner.counts[k] for k in KINDS)
        + sum(v for k, v in planner.counts.items() if k.startswith("broken_") and k != "broken_document_file"),
        "external_urls": {kind: sum(1 for _, k in externals if k == kind) for kind in REQUESTS_PER_URL},
        "external_uses": dict(uses), "external_paths": {u.split(base, 1)[1]: k for u, k in externals},
        "blank_columns": sum(1 for e in plan if e["state"] == "blank"),
        "stale_columns": sum(1 for e in plan if e["state"] == "stale"),
    }
    build_file().write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    say(f"建站完成：{info['items']} 条，{info['body_links']} 个正文链接，用时 {info['build_seconds']} 秒")
    return info


def clear_queue() -> None:
    """Drop the tasks the build queued (search and reference indexing of the imported items) and
    the search outbox: on a site in service they are long done when the monthly check runs, and
    here they would compete with the check for the workers."""
    from django_q.models import OrmQ

    from search.models import OutboxEntry

    OrmQ.objects.all().delete()
    OutboxEntry.objects.all().delete()


# --- check ------------------------------------------------------------------------------------


def start_cluster() -> subprocess.Popen:
    """``manage.py qcluster`` with this process's settings (the same secret key signs the tasks),
    ready when it has run a probe task."""
    from django_q.tasks import async_task, result

    log = open(BENCH_DIR / "column_check-qcluster.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen([PYTHON, "manage.py", "qcluster"], cwd=ROOT, env=dict(os.environ),
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    probe = async_task("math.floor", 2.5)
    deadline = time.time() + 180
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"qcluster 启动失败，见 {log.name}")
        if result(probe) is not None:
            return process
        time.sleep(0.2)
    stop_cluster(process)
    raise SystemExit("qcluster 在 180 秒内没有就绪。")


def stop_cluster(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def reset_runs(*, warm: bool) -> int:
    """Forget earlier benchmark runs, so every check phase does the same work: a first run, or with
    ``warm`` the next month's run of an unchanged site (the page snapshots of the last run kept).
    Returns the snapshots kept."""
    from cms.inspection.models import CheckRun, Finding, PageSnapshot

    Finding.objects.all().delete()
    CheckRun.objects.all().delete()
    if not warm:
        PageSnapshot.objects.all().delete()
    clear_queue()
    return PageSnapshot.objects.count()


def cpu_seconds(group: int) -> float:
    """CPU time used so far by the processes of one process group (the cluster: workers, pusher,
    monitor, sentinel), from /proc: what the check costs whatever else the machine is doing.
    Workers that django-q2 recycled count through their parent's ``cutime``/``cstime``."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that just ended
        if int(fields[2]) == group:
            ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def run_check(timeout: int, cluster: subprocess.Popen) -> dict:
    """``manage.py run_column_check --wait`` in a thread; progress, the broker's queue length and
    the cluster's CPU time every 30 s."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Max
    from django.utils import timezone
    from django_q.models import OrmQ, Success

    from cms.inspection.models import CheckRun

    failure: list[BaseException] = []

    def command() -> None:
        try:
            call_command("run_column_check", wait=True, timeout=timeout, stdout=sys.stdout, stderr=io.StringIO())
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            failure.append(error)
        finally:
            connection.close()

    cpu_before, started, samples = cpu_seconds(cluster.pid), time.perf_counter(), []
    thread = threading.Thread(target=command, name="run_column_check", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(30)
        run = CheckRun.objects.order_by("-pk").first()
        if run is not None and thread.is_alive():
            last = Success.objects.filter(func=PUBLISHING).aggregate(last=Max("stopped"))["last"]
            sample = {"seconds": round(time.perf_counter() - started), "stage": run.stage,
                      "done": run.chunks_done, "queue": OrmQ.objects.count(),
                      "cpu": round(cpu_seconds(cluster.pid) - cpu_before, 1),
                      # how long ago the every-minute 定时发布 schedule last ran (it queues behind the check)
                      "publishing_idle": round((timezone.now() - max(last or run.started_at, run.started_at))
                                               .total_seconds())}
            samples.append(sample)
            say(f"  {run.get_stage_display()}：{run.chunks_done}/{run.chunks_total} 个任务，队列 {sample['queue']} 个，"
                f"已用 {sample['seconds']} 秒（集群 CPU {sample['cpu']} 秒）")
    return {"wall": time.perf_counter() - started, "cpu": cpu_seconds(cluster.pid) - cpu_before,
            "samples": samples, "error": failure[0] if failure else None}


def stage_times(run) -> dict[str, dict]:
    """Per stage: chunks, and the time from the end of the previous stage to its last chunk's end."""
    from django.db.models import Count, Max, Min, Sum

    from cms.inspection.models import STAGE_ORDER, RunChunk

    rows = {row["stage"]: row for row in RunChunk.objects.filter(run=run).values("stage").annotate(
        n=Count("pk"), end=Max("finished_at"), tries=Sum("attempts"), planned=Min("enqueued_at"))}
    out, previous = {}, run.started_at
    for stage in STAGE_ORDER:
        row = rows.get(stage)
        if row is None or row["end"] is None:
            continue
        requeued = RunChunk.objects.filter(run=run, stage=stage,
                                           enqueued_at__gt=row["planned"] + datetime.timedelta(seconds=30)).count()
        out[str(stage)] = {"chunks": row["n"], "attempts": row["tries"], "requeued": requeued,
                           "seconds": round((row["end"] - previous).total_seconds(), 1)}
        previous = row["end"]
    return out


def links_seen_per_page(run, sample: int, rng: random.Random) -> float:
    """Links the checker reads per page (body and the page's own part of the template), on a sample."""
    from wagtail.models import Page

    from cms.core.models import ContentItemPage
    from cms.inspection.checks.pages import main_part
    from cms.linkcheck.extract import scan_html
    from cms.linkcheck.render import PageRenderer

    ids = list(ContentItemPage.objects.live().values_list("pk", flat=True))
    renderer, total = PageRenderer(), 0
    chosen = rng.sample(ids, min(sample, len(ids)))
    for page in Page.objects.filter(pk__in=chosen).specific():
        rendered = renderer.render(page)
        total += len({link.url for link in scan_html(main_part(rendered.html), rendered.url).links})
    return total / max(1, len(chosen))


def gather(run, fetched: dict | None, info: dict, wall: float | None, rng: random.Random) -> dict:
    from django.db.models import Count

    from cms.inspection.models import LinkTarget, LinkUse, Observation, RunChunk

    pages = sum(len(c["payload"].get("pages", [])) + bool(c["payload"].get("chrome"))
                for c in RunChunk.objects.filter(run=run, stage="pages").values("payload"))
    stages = stage_times(run)
    findings = dict(Observation.objects.filter(run=run).values_list("rule").annotate(n=Count("pk")))
    per_path: Counter = Counter()
    by_method: Counter = Counter()
    for (method, path), n in (fetched or {}).get("counts", {}).items():
        per_path[path] += n
        by_method[method] += n
    planted = info["external_paths"]
    expected_requests = sum(REQUESTS_PER_URL[kind] for kind in planted.values())
    wrong_fetches = {path: n for path, n in per_path.items()
                     if path not in planted or n != REQUESTS_PER_URL[planted[path]]}
    links = info["links"]
    uses = info["external_uses"]
    expected = {
        "broken_link": sum(links.get(k, 0) for k in ("broken_page", "broken_document", "broken_anchor",
                                                      "broken_document_file")) + uses.get("404", 0) + uses.get("500", 0),
        "wrong_word": links.get("wrong_word", 0),
        "column_blank": info["blank_columns"],
        "column_stale": info["stale_columns"],
    }
    try:
        per_page = links_seen_per_page(run, 200, rng)
    except Exception as error:  # noqa: BLE001 - a sample, not the measurement: the figures still count
        say(f"  无法抽样统计每页链接数：{error!r}")
        per_page = None
    pages_seconds = stages.get("pages", {}).get("seconds") or 0
    return {
        "total_seconds": round((run.finished_at - run.started_at).total_seconds(), 1) if run.finished_at else None,
        "wall_seconds": round(wall, 1) if wall else None, "status": run.status, "error": run.error[:500], "stages": stages,
        "pages": pages, "pages_per_second": round(pages / pages_seconds, 1) if pages_seconds else None,
        "body_links": info["body_links"], "links_seen_per_page": round(per_page, 1) if per_page else None,
        "links_checked_estimate": round(per_page * pages) if per_page else None,
        "external": {
            "distinct_urls_found": LinkTarget.objects.filter(run=run).count(),
            "urls_planted": len(planted), "link_uses": LinkUse.objects.filter(target__run=run).count(),
            "broken_urls": LinkTarget.objects.filter(run=run, ok=False).count(),
            "paths_requested": len(per_path) if fetched else None,
            "requests": sum(per_path.values()) if fetched else None, "requests_expected": expected_requests,
            "requests_by_method": dict(by_method),
            "urls_fetched_other_than_expected": dict(list(wrong_fetches.items())[:20]) if fetched else None,
            "max_in_flight": fetched["max_in_flight"] if fetched else None,
        },
        "findings": dict(sorted(findings.items())), "findings_total": sum(findings.values()),
        "findings_expected": expected, "summary": run.summary,
    }


# --- profile of one chunk ---------------------------------------------------------------------


def profile_chunk(output: Path, *, reuse: bool) -> dict:
    """One chunk of pages as a worker runs it, under cProfile: where its time goes.  ``reuse``: with
    the snapshots of the last run (a later month); otherwise as in a first run.  Nothing is kept."""
    import cProfile
    import pstats

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cms.departments.models import Department
    from cms.inspection import snapshots
    from cms.inspection.checks.pages import PageChecker
    from cms.inspection.models import CheckRun, PageSnapshot
    from cms.inspection.planning import column_paths, department_page_ids, pages_per_chunk
    from cms.inspection.recording import Recorder
    from cms.inspection.runner import _store_external

    department = Department.objects.order_by("order", "name").values_list("pk", flat=True)[1]
    ids = department_page_ids(department)
    ids = ids[len(ids) // 2: len(ids) // 2 + pages_per_chunk()]
    columns = column_paths(department)
    profiler = cProfile.Profile()
    with transaction.atomic():  # rolled back at the end
        if not reuse:
            PageSnapshot.objects.filter(page_id__in=ids).delete()
        started = time.perf_counter()
        PageChecker().check_pages(ids, department, columns)
        plain = time.perf_counter() - started
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            profiler.enable()
            result = PageChecker().check_pages(ids, department, columns)
            profiler.disable()
            profiled = time.perf_counter() - started
        run = CheckRun.objects.create(period=timezone.localdate().replace(day=1), checked_on=timezone.localdate(),
                                      status="running", started_at=timezone.now())
        started = time.perf_counter()
        Recorder(run).record_all(result.defects)
        _store_external(run, result.external)
        snapshots.save(result.snapshots)
        writes = time.perf_counter() - started
        transaction.set_rollback(True)

    stats = pstats.Stats(profiler)

    def cumulative(module: str, name: str, caller: str | None = None) -> float:
        total = 0.0
        for (filename, _, function), (_, _, _, ct, callers) in stats.stats.items():
            if filename.endswith(module) and function == name:
                total += ct if caller is None else sum(c[3] for key, c in callers.items() if key[2] == caller)
        return total

    whole = cumulative("pages.py", "check_pages")
    keys = cumulative("snapshots.py", "keys_for") + cumulative("snapshots.py", "stored")
    parts = {
        "render_page": cumulative("render.py", "render"),
        "scan_html": cumulative("extract.py", "scan_html", caller="snapshot"),
        "internal_links": cumulative("internal.py", "check"),
        "  of which rendering other pages (views, anchors)": cumulative("render.py", "render_path"),
        "words": cumulative("pages.py", "word_defects"),
        "attachments": cumulative("pages.py", "attached_documents") + cumulative("documents.py", "document_text"),
        "snapshot_keys": keys,
        "load_pages": whole - cumulative("pages.py", "check_page") - keys,
    }
    top = [p for p in parts if not p.startswith(" ")]
    parts["other"] = whole - sum(parts[p] for p in top)
    sql = cumulative("backends/utils.py", "_execute")  # the database's own work, with the driver
    orm = cumulative("sql/compiler.py", "execute_sql")  # queries built, run and read
    with open(output, "w", encoding="utf-8") as text:
        stats.stream = text
        stats.sort_stats("cumulative").print_stats(50)
    scale = plain / profiled
    return {
        "reuse": reuse, "pages": len(ids), "rendered": result.rendered, "reused": result.reused,
        "seconds": round(plain, 2), "seconds_profiled": round(profiled, 2), "ms_per_page": round(1000 * plain / len(ids), 1),
        "breakdown_seconds": {k: round(v * scale, 2) for k, v in parts.items()},
        "breakdown_share": {k: f"{100 * v / whole:.0f}%" for k, v in parts.items()},
        "queries": len(queries.captured_queries), "queries_per_page": round(len(queries.captured_queries) / len(ids), 1),
        "sql_execute_seconds": round(sql * scale, 2), "orm_query_seconds": round(orm * scale, 2),
        "sql_share": f"{100 * sql / whole:.0f}%", "orm_share": f"{100 * orm / whole:.0f}%",
        "writes_seconds": round(writes, 3), "defects": len(result.defects), "external_links": len(result.external),
        "profile_text": str(output),
    }


# --- report -----------------------------------------------------------------------------------


def print_table(results: dict) -> None:
    c, r = results["config"], results["check"]
    ext, line = r["external"], "=" * 92
    print(f"\n{line}\n数据库 {c['database']}，CPU {c['cpu_count']} 个，工作进程 {c['workers']} 个；负载 "
          f"{c['load_before']} → {c.get('load_after')}")
    print(f"站点：{c['departments']} 个部门，{c['columns']} 个栏目，{c['items']} 条信息，正文链接 {r['body_links']} 个，"
          f"外部网址 {ext['urls_planted']} 个")
    mode = f"沿用上次的页面快照 {r['snapshots_before']} 个" if r["warm"] else "首次检查（无页面快照）"
    print(f"{mode}；状态：{r['status']}  总用时 {r['total_seconds']} 秒（命令 {r['wall_seconds']} 秒），目标 ≤ 600 秒")
    print("-" * 92)
    print(f"{'阶段':<12}{'任务数':>8}{'执行次数':>10}{'重新排队':>10}{'秒':>10}")
    for stage, row in r["stages"].items():
        print(f"{stage:<14}{row['chunks']:>8}{row['attempts']:>12}{row['requeued']:>12}{row['seconds']:>12}")
    print(f"队列最长 {r['queue_length_max']} 个任务；检查期间“定时发布”最长 {r['publishing_idle_max_seconds']} 秒未执行")
    print(f"集群 CPU {r['cluster_cpu_seconds']} 秒，{r['pages_per_cpu_second']} 页/CPU秒；"
          f"若 {c['workers']} 个核空闲，约需 {r['projected_seconds_idle_cores']} 秒")
    print("-" * 92)
    print(f"页面 {r['pages']} 个，{r['pages_per_second']} 页/秒；每页读到链接约 {r['links_seen_per_page']} 个，"
          f"共约 {r['links_checked_estimate']} 个")
    print(f"外部：发现 {ext['distinct_urls_found']} 个网址（{ext['link_uses']} 处引用，{ext['broken_urls']} 个失效），"
          f"本地服务器收到 {ext['requests']} 次请求（应为 {ext['requests_expected']}），{ext['paths_requested']} 个不同网址，"
          f"按方法 {ext['requests_by_method']}，最大并发 {ext['max_in_flight']}")
    if ext["urls_fetched_other_than_expected"]:
        print(f"  请求次数与预期不符的网址：{ext['urls_fetched_other_than_expected']}")
    print("问题（按规则）：" + "，".join(f"{k} {v}" for k, v in r["findings"].items()) + f"；合计 {r['findings_total']}")
    print("预埋：" + "，".join(f"{k} {v}" for k, v in r["findings_expected"].items()))
    print(line)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    load_before = round(os.getloadavg()[0], 1)
    built = build_file().exists() and (bool(DATABASE_URL)
                                       or (BENCH_DIR / "column_check.sqlite3").exists())
    if args.phase in ("build", "all") and not (args.keep and built):
        info = build(args)
    else:
        if not built:
            raise SystemExit("没有建好的基准库：请先运行 --phase build（或 --phase all）。")
        info = json.loads(build_file().read_text(encoding="utf-8"))
        setup_django(environment(database_url(args, fresh=False), args.workers))
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)  # the code may have moved on since the build
        if not (BENCH_DIR / "static" / "staticfiles.json").exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        say(f"沿用已建好的基准库（{info['built']}：{info['items']} 条，{info['body_links']} 个正文链接）")
    if args.phase == "build":
        return 0
    if args.phase == "profile":
        found = {mode: profile_chunk(BENCH_DIR / f"column_check-profile-{mode}.txt", reuse=mode == "warm")
                 for mode in ("cold", "warm")}
        Path(BENCH_DIR / "column_check-profile.json").write_text(json.dumps(found, ensure_ascii=False, indent=2))
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0

    from cms.inspection.models import CheckRun

    if args.phase == "report":  # the last run again, e.g. after a failure while summing up
        run = CheckRun.objects.order_by("-pk").first()
        if run is None:
            raise SystemExit("基准库中没有检查记录。")
        return report(args, info, run, {"wall": None, "cpu": None, "samples": [], "error": None}, None, load_before)

    from cms.linkcheck.localserver import LocalHTTPServer

    snapshots_before = reset_runs(warm=args.warm)
    server = LocalHTTPServer(SERVER_HOST, info["server_port"]).start()
    cluster = None
    try:
        say(f"启动 django-q2 集群（{args.workers} 个工作进程）…")
        cluster = start_cluster()
        say("执行 run_column_check --wait …")
        progress = run_check(args.timeout, cluster)
    finally:
        if cluster is not None:
            stop_cluster(cluster)
        server.stop()
    fetched = {"counts": dict(server.counts), "max_in_flight": server.max_in_flight}
    progress["snapshots_before"] = snapshots_before
    run = CheckRun.objects.order_by("-pk").first()
    if run is None:
        raise SystemExit(f"检查没有开始：{progress['error']}")
    return report(args, info, run, progress, fetched, load_before)


def report(args, info: dict, run, progress: dict, fetched: dict | None, load_before: float) -> int:
    from django.db import connection

    from cms.inspection.models import PageSnapshot

    say("汇总结果…")
    results = {
        "config": {"database": connection.vendor, "departments": info["departments"], "columns": info["columns"],
                   "items": info["items"], "workers": args.workers, "cpu_count": os.cpu_count(),
                   "python": sys.version.split()[0], "load_before": load_before,
                   "started": run.started_at.isoformat(timespec="seconds"), "build": {
                       k: info[k] for k in ("built", "build_seconds", "import_seconds", "structure_seconds",
                                            "documents", "links", "external_urls", "external_uses", "spot_check")}},
        "check": gather(run, fetched, info, progress["wall"], random.Random(args.seed)),
    }
    check, samples, cpu = results["check"], progress["samples"], progress["cpu"]
    check.update(
        warm=args.warm, snapshots_before=progress.get("snapshots_before"),
        snapshots_after=PageSnapshot.objects.count(),
        queue_length_max=max((s["queue"] for s in samples), default=None),
        publishing_idle_max_seconds=max((s["publishing_idle"] for s in samples), default=None),
        cluster_cpu_seconds=round(cpu, 1) if cpu else None,
        pages_per_cpu_second=round(check["pages"] / cpu, 1) if cpu else None,
        # the same CPU work spread over ``workers`` otherwise idle cores
        projected_seconds_idle_cores=round(cpu / args.workers, 1) if cpu else None, samples=samples,
    )
    results["config"]["load_after"] = round(os.getloadavg()[0], 1)
    if progress["error"] is not None:
        check["command_error"] = str(progress["error"])
    Path(args.output).write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print_table(results)
    print(f"结果已写入 {args.output}")
    return 0 if run.status == "finished" else 1


if __name__ == "__main__":
    sys.exit(main())
