"""Portal benchmark: build a large county site through the import path, then measure it.

Steps (each timed):

1. a fresh database (SQLite file under var/bench/ by default, or ``DATABASE_URL``), migrated;
2. the portal structure and ``--departments`` provisioned departments (11 columns each);
3. import files generated per column (.xlsx for the largest column, CSV in UTF-8 with BOM
   and GBK for the others) and imported with the import service / ``import_disclosure``;
   one column gets at least 4,200 items so that its page 200 exists;
4. SQL queries per public page, counted in-process (Django test client);
5. the real server (gunicorn, production settings, whitenoise) on 127.0.0.1 and a free port:
   p50/p95 latency of sequential requests per page, and of a static file of the same size
   served by the same server, as a reference.

Prints a table and writes var/bench/results.json.  Only 127.0.0.1 is contacted.
Usage: scripts/bench_portal [--items 100000] [--departments 22] [--requests 200]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import http.client
import io
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable

# --- configuration ----------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="门户性能基准：经导入流程建立大型站点，测量导入速度、页面延迟和查询数。")
    parser.add_argument("--items", type=int, default=100_000, help="导入的信息公开条目总数（默认 100000）")
    parser.add_argument("--departments", type=int, default=22, help="部门数（默认 22，每个部门 11 个栏目）")
    parser.add_argument("--big-column", type=int, default=None,
                        help="最大栏目的条目数（默认 max(4200, items/10)，保证第 200 页存在）")
    parser.add_argument("--requests", type=int, default=200, help="每个页面的顺序请求次数（默认 200）")
    parser.add_argument("--warmup", type=int, default=20, help="每个页面的预热请求次数（默认 20）")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn 工作进程数（默认 2）")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--reset-database", action="store_true",
                        help="DATABASE_URL 指向的数据库已有数据表时先清空（删除 public 模式下的全部表）")
    parser.add_argument("--max-minutes", type=float, default=180, help="总时限（分钟），超时则跳过剩余的延迟测量")
    parser.add_argument("--output", default=str(BENCH_DIR / "results.json"))
    return parser.parse_args(argv)


def bench_environment(database_url: str) -> dict[str, str]:
    """Production-like settings for the in-process build and the server."""
    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(BENCH_DIR / "static"),
        "MEDIA_ROOT": str(BENCH_DIR / "media"),
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
    }


# --- phases -------------------------------------------------------------------------------------


@dataclass
class Results:
    config: dict = field(default_factory=dict)
    phases: dict = field(default_factory=dict)
    imports: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def fresh_database(args: argparse.Namespace) -> str:
    """Return the DATABASE_URL of an empty database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        path = BENCH_DIR / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import environ

    config = environ.Env.db_url_config(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("DATABASE_URL 只支持 PostgreSQL（或不设置，使用 SQLite）。")
    import psycopg

    params = {"host": config.get("HOST") or None, "port": config.get("PORT") or None,
              "user": config.get("USER") or None, "password": config.get("PASSWORD") or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
            return url
    with psycopg.connect(dbname=config["NAME"], autocommit=True, **params) as db:
        tables = db.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
        if tables:
            if not args.reset_database:
                raise SystemExit(f"数据库 {config['NAME']} 中已有 {tables} 张表；基准测试需要空库，确认可清空请加 --reset-database。")
            db.execute("DROP SCHEMA public CASCADE")
            db.execute("CREATE SCHEMA public")
    return url


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    import django

    django.setup()


def migrate_and_collect() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    shutil.rmtree(BENCH_DIR / "static", ignore_errors=True)
    call_command("collectstatic", interactive=False, verbosity=0)


# --- site structure -------------------------------------------------------------------------

DEPARTMENT_NAMES = [
    ("发展和改革局", "fgj"), ("教育局", "jyj"), ("科学技术局", "kjj"), ("工业和信息化局", "gxj"), ("公安局", "gaj"),
    ("民政局", "mzj"), ("司法局", "sfj"), ("财政局", "czj"), ("人力资源和社会保障局", "rsj"), ("自然资源局", "zrzyj"),
    ("生态环境分局", "sthjj"), ("住房和城乡建设局", "zjj"), ("交通运输局", "jtysj"), ("水利局", "slj"),
    ("农业农村局", "nyncj"), ("商务局", "swj"), ("文化广电旅游体育局", "wglj"), ("卫生健康局", "wjj"),
    ("退役军人事务局", "tyjrj"), ("应急管理局", "yjj"), ("审计局", "sjj"), ("市场监督管理局", "scjgj"),
    ("统计局", "tjj"), ("医疗保障局", "ybj"), ("林业局", "lyj"), ("城关镇", "cgz"), ("青山镇", "qsz"),
    ("白石乡", "bsx"), ("溪口镇", "xkz"), ("东岭乡", "dlx"),
]


def credit_code(index: int) -> str:
    from cms.departments.credit_code import check_character

    body = f"114417000{index:08d}"
    return body + check_character(body)


def build_structure(count: int):
    """The portal, an office for the portal's own columns, and ``count`` provisioned departments."""
    from cms.columns.models import ColumnPage
    from cms.departments.models import Department, DepartmentKind
    from cms.departments.provisioning import provision_department
    from cms.home.setup import setup_portal

    portal = setup_portal()
    office = provision_department(Department.objects.create(
        name="云溪县人民政府办公室", short_name="县政府办", slug="zfb", credit_code=credit_code(0), order=1))
    ColumnPage.objects.filter(pk__in=[portal.news.pk, portal.notices.pk]).update(department=office)
    departments = [office]
    for index in range(count - 1):
        name, slug = DEPARTMENT_NAMES[index % len(DEPARTMENT_NAMES)]
        if index >= len(DEPARTMENT_NAMES):
            slug = f"{slug}{index}"
            name = f"{name}{index}"
        kind = DepartmentKind.TOWNSHIP if name.endswith(("镇", "乡")) else DepartmentKind.DEPARTMENT
        department = Department.objects.create(
            name=f"云溪县{name}" if kind == DepartmentKind.DEPARTMENT else f"云溪县{name}人民政府",
            short_name=name, slug=slug, credit_code=credit_code(index + 1), kind=kind, order=10 + index,
        )
        departments.append(provision_department(department))
    return portal, departments


# --- generated content ------------------------------------------------------------------------

SUBJECTS = [
    "义务教育学校招生入学", "农村公路养护", "安全生产专项整治", "城乡居民医疗保险", "高标准农田建设", "河湖长制",
    "森林防火", "优化营商环境", "老旧小区改造", "就业创业补贴", "防汛抗旱", "食品安全监督抽检", "耕地保护",
    "冬春季传染病防控", "乡村振兴重点帮扶", "政府信息公开", "财政预算绩效管理", "政务服务“一网通办”",
    "生活垃圾分类", "文化惠民活动", "退役军人优待抚恤", "最低生活保障", "中小学课后服务", "建设工程质量",
]
ACTIONS = ["关于印发", "关于进一步加强", "关于做好", "关于开展", "关于调整", "关于公布", "关于规范"]
ENDINGS = ["工作方案的通知", "实施意见", "管理办法的通知", "工作的通知", "专项行动方案", "情况的公告", "有关事项的通知"]
SENTENCES = [
    "为认真贯彻落实上级有关部署，结合本县实际，制定本方案。",
    "各乡镇、各有关单位要高度重视，明确责任分工，确保各项任务按期完成。",
    "本办法自印发之日起施行，有效期五年。",
    "对工作中发现的问题，要及时整改，并将整改情况报县人民政府办公室。",
    "加强统筹协调，建立健全工作机制，形成齐抓共管的工作格局。",
    "严格落实属地管理责任和行业监管责任，切实保障人民群众生命财产安全。",
    "各单位要于每季度末将工作进展情况书面报送牵头部门。",
    "本通知由县有关主管部门负责解释。",
]
GENRE_LABELS = ["通知", "通知", "通知", "意见", "决定", "公告", "通告", "报告", "函", "其他"]


class ContentFactory:
    """Deterministic, plausible rows for import files."""

    def __init__(self, seed: int, topics: list[str]) -> None:
        self.random = random.Random(seed)
        self.topics = topics
        self.serial = 0
        self.today = datetime.date.today()
        self.seen: set[tuple[int, str, str, datetime.date]] = set()

    def row(self, department, column_kind: str, policies: list[str] | None = None) -> dict[str, object]:
        r = self.random
        self.serial += 1
        published = self.today - datetime.timedelta(days=r.randint(1, 3650))
        written = published - datetime.timedelta(days=r.randint(0, 20))
        year = published.year
        number = f"云{department.short_name[:2]}发〔{year}〕{self.serial}号"
        subject = r.choice(SUBJECTS)
        title = f"{r.choice(ACTIONS)}{subject}{r.choice(ENDINGS)}"
        paragraphs = "\n".join(
            "".join(r.choice(SENTENCES) for _ in range(r.randint(2, 5))) for _ in range(r.randint(3, 8))
        )
        validity = r.choices(["有效", "失效", "废止"], weights=[90, 5, 5])[0]
        changed = (published + datetime.timedelta(days=r.randint(30, 900))) if validity != "有效" else None
        if changed and changed > self.today:
            changed = self.today
        row: dict[str, object] = {
            "标题": title, "正文": paragraphs, "内容概述": f"本文件涉及{subject}等事项。",
            "成文日期": written, "发布日期": published, "文号": number, "主题分类": r.choice(self.topics),
            "体裁分类": r.choice(GENRE_LABELS), "有效性": validity, "失效废止日期": changed,
            "关键词": " ".join(r.sample(["教育", "安全", "民生", "财政", "农业", "交通", "医疗", "就业"], 2)),
            "发布机构": department.name,
        }
        if column_kind == "interpretation":
            row["标题"] = f"《{title}》政策解读"
            row["文号"] = ""
            if policies:
                row["解读的政策文件"] = r.choice(policies)
        # 标题 + 文号 + 成文日期 identify an item: keep them unique within a department
        key = (department.pk, str(row["标题"]), str(row["文号"]), written)
        while key in self.seen:
            written -= datetime.timedelta(days=1)
            key = (department.pk, str(row["标题"]), str(row["文号"]), written)
        self.seen.add(key)
        row["成文日期"] = written
        return row


def write_xlsx(path: Path, rows: list[dict[str, object]]) -> None:
    from openpyxl import Workbook

    headers = list(rows[0])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)


def write_csv(path: Path, rows: list[dict[str, object]], encoding: str) -> None:
    headers = list(dict.fromkeys(h for row in rows for h in row))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        values = []
        for header in headers:
            value = row.get(header)
            values.append(value.isoformat() if isinstance(value, datetime.date) else ("" if value is None else value))
        writer.writerow(values)
    path.write_bytes(buffer.getvalue().encode(encoding))


COLUMN_WEIGHTS = {
    "zcwj": 30, "tzgg": 18, "gzdt": 26, "zcjd": 5, "ghjh": 4, "czyjs": 4, "rsxx": 5, "ndbg": 1, "qt": 3,
    "jgzn": 1, "ldxx": 1,
}


def plan_columns(portal, departments, items: int, big: int) -> list[tuple[object, int]]:
    """(column, item count) pairs: the big column first, then the weighted rest."""
    from cms.columns.models import ColumnPage

    big_column = ColumnPage.objects.child_of(departments[1].disclosure_page).get(slug="zcwj")
    others: list[tuple[object, int]] = []
    for department in departments:
        for column in ColumnPage.objects.child_of(department.disclosure_page).order_by("path"):
            if column.pk != big_column.pk:
                others.append((column, COLUMN_WEIGHTS.get(column.slug, 1)))
    others += [(ColumnPage.objects.get(pk=portal.news.pk), 60), (ColumnPage.objects.get(pk=portal.notices.pk), 40)]
    rest = max(items - big, 0)
    total_weight = sum(w for _, w in others)
    plan = [(big_column, min(items, big))]
    assigned = 0
    for column, weight in others:
        share = rest * weight // total_weight
        plan.append((column, share))
        assigned += share
    # hand out the rounding remainder to the heaviest columns
    for index in sorted(range(1, len(plan)), key=lambda i: -others[i - 1][1])[: rest - assigned]:
        column, share = plan[index]
        plan[index] = (column, share + 1)
    # policies before interpretations, so 解读的政策文件 can refer to them
    return sorted(plan, key=lambda pair: pair[0].kind == "interpretation")


def generate_files(plan, factory: ContentFactory, directory: Path) -> list[tuple[object, Path, int]]:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    policies_by_department: dict[int, list[str]] = {}
    files = []
    for index, (column, count) in enumerate(plan):
        if count <= 0:
            continue
        department = column.department
        rows = [factory.row(department, column.kind, policies_by_department.get(department.pk)) for _ in range(count)]
        if column.kind == "policy":
            policies_by_department.setdefault(department.pk, []).extend(str(r["文号"]) for r in rows[:200])
        if index == 0 or count >= 3000:
            path = directory / f"{index:03d}-{department.slug}-{column.slug}.xlsx"
            write_xlsx(path, rows)
        else:
            encoding = "gbk" if index % 2 else "utf-8-sig"
            path = directory / f"{index:03d}-{department.slug}-{column.slug}-{encoding}.csv"
            write_csv(path, rows, encoding)
        files.append((column, path, count))
    return files


def run_imports(files) -> dict:
    from django.core.management import call_command

    from cms.disclosure.importing import import_file

    started, cpu_started = time.perf_counter(), time.process_time()
    per_file = []
    for position, (column, path, count) in enumerate(files):
        t0 = time.perf_counter()
        if position == 0:
            out = io.StringIO()
            call_command("import_disclosure", str(path), "--department", column.department.credit_code,
                         "--column", column.slug, stdout=out)
            created = count
        else:
            created = import_file(path, column).created
        elapsed = time.perf_counter() - t0
        per_file.append({"file": path.name, "rows": count, "created": created, "seconds": round(elapsed, 3)})
        if position == 0:
            say(f"  最大栏目 {column.department.short_name}/{column.title}：{count} 条（{path.suffix}），"
                f"{elapsed:.1f} 秒，{count / elapsed:.0f} 条/秒")
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    items = sum(f["created"] for f in per_file)
    return {
        "files": len(per_file), "items": items, "seconds": round(total, 2),
        "items_per_second": round(items / total, 1) if total else None,
        # in-process CPU time (parsing, validation, SQLite's own work): what one idle core would give
        "cpu_seconds": round(cpu, 2), "items_per_cpu_second": round(items / cpu, 1) if cpu else None,
        "largest_file": per_file[0] if per_file else None,
        "per_file": per_file,
    }


# --- pages ------------------------------------------------------------------------------------


def page_urls(portal, departments, plan) -> dict[str, str]:
    from cms.columns.models import ITEMS_PER_PAGE
    from cms.core.models import ContentItemPage

    big_column = plan[0][0]
    column_url = big_column.get_url()
    items = big_column.items()
    count = items.count()
    middle = items[count // 2] if count else None
    urls = {
        "首页": "/",
        "栏目第1页": column_url,
    }
    if count > 199 * ITEMS_PER_PAGE:
        urls["栏目第200页"] = f"{column_url}?page=200"
    if middle is not None:
        urls["条目页"] = ContentItemPage.objects.get(pk=middle.pk).get_url()
    urls["公开目录"] = portal.catalogue.get_url()
    urls["目录按部门筛选"] = f"{portal.catalogue.get_url()}?department={departments[1].pk}"
    return urls


def count_queries(urls: dict[str, str]) -> dict[str, dict]:
    """Queries and response size per page, measured in-process on the second (warm) request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    out = {}
    for name, url in urls.items():
        first = client.get(url)
        if first.status_code != 200:
            raise SystemExit(f"{name} {url} 返回 {first.status_code}")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        out[name] = {"url": url, "queries": len(ctx.captured_queries), "bytes": len(response.content)}
    return out


def write_static_twins(pages: dict[str, dict]) -> dict[str, str]:
    """A static file of the same byte size per page, in STATIC_ROOT (served by whitenoise)."""
    directory = BENCH_DIR / "static" / "bench"
    directory.mkdir(parents=True, exist_ok=True)
    urls = {}
    for index, (name, info) in enumerate(pages.items()):
        path = directory / f"page-{index}.html"
        filler = ("<p>静态参照文件</p>\n" * (info["bytes"] // 20 + 1)).encode()
        path.write_bytes(filler[: info["bytes"]])
        urls[name] = f"/static/bench/{path.name}"
    return urls


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    log = open(BENCH_DIR / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--pythonpath", "site", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn 启动失败，见 {BENCH_DIR / 'gunicorn.log'}")
        try:
            status, _ = fetch(port, "/healthz")
            if status == 200:
                return process, port
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(process)
    raise SystemExit("gunicorn 在 90 秒内没有就绪。")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def fetch(port: int, url: str) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", url, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


def measure(port: int, url: str, requests: int, warmup: int) -> dict:
    for _ in range(warmup):
        fetch(port, url)
    timings = []
    size = 0
    for _ in range(requests):
        t0 = time.perf_counter()
        status, size = fetch(port, url)
        timings.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise SystemExit(f"{url} 返回 {status}")
    timings.sort()
    return {
        "requests": requests, "bytes": size,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 2),
        "mean_ms": round(statistics.fmean(timings), 2),
        "max_ms": round(timings[-1], 2),
    }


# --- report -----------------------------------------------------------------------------------


def print_table(results: Results) -> None:
    imp = results.imports
    print()
    print("=" * 96)
    print(f"数据库：{results.config['database']}    部门 {results.config['departments']} 个，"
          f"栏目 {results.config['columns']} 个，条目 {imp['items']} 条（{imp['files']} 个导入文件）")
    print(f"导入：{imp['items']} 条，用时 {imp['seconds']} 秒，{imp['items_per_second']} 条/秒"
          f"（含解析文件；最大栏目单文件 {imp['largest_file']['rows']} 条 {imp['largest_file']['seconds']} 秒）")
    print(f"      CPU {imp['cpu_seconds']} 秒，{imp['items_per_cpu_second']} 条/CPU秒；"
          f"负载 {results.config.get('load_before')} → {results.config.get('load_after')}（CPU {results.config['cpu_count']} 个）")
    print("-" * 96)
    print(f"{'页面':<14}{'SQL查询':>8}{'字节':>10}{'p50 ms':>10}{'p95 ms':>10}{'静态p50':>10}{'静态p95':>10}{'p50倍数':>10}")
    for name, page in results.pages.items():
        live, static = page.get("latency", {}), page.get("static", {})
        ratio = page.get("ratio_p50")
        print(f"{name:<14}{page['queries']:>10}{page['bytes']:>11}{live.get('p50_ms', '-'):>12}{live.get('p95_ms', '-'):>10}"
              f"{static.get('p50_ms', '-'):>12}{static.get('p95_ms', '-'):>10}{ratio if ratio else '-':>10}")
    print("=" * 96)
    for note in results.notes:
        print(f"注：{note}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = round(os.getloadavg()[0], 1)
    deadline = time.time() + args.max_minutes * 60
    results = Results()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)

    t0 = time.perf_counter()
    database_url = fresh_database(args)
    env = bench_environment(database_url)
    setup_django(env)
    from django.db import connection

    say(f"迁移数据库（{connection.vendor}）并收集静态文件…")
    migrate_and_collect()
    results.phases["migrate_seconds"] = round(time.perf_counter() - t0, 1)

    t0 = time.perf_counter()
    say(f"建立门户结构和 {args.departments} 个部门…")
    portal, departments = build_structure(args.departments)
    from cms.columns.models import ColumnPage
    from cms.taxonomy.models import Topic

    results.phases["structure_seconds"] = round(time.perf_counter() - t0, 1)
    columns = ColumnPage.objects.count()
    say(f"  {len(departments)} 个部门，{columns} 个栏目，用时 {results.phases['structure_seconds']} 秒")

    t0 = time.perf_counter()
    big = args.big_column or max(4200, args.items // 10)
    plan = plan_columns(portal, departments, args.items, big)
    factory = ContentFactory(args.seed, list(Topic.objects.values_list("name", flat=True).distinct()))
    say(f"生成导入文件（{args.items} 条）…")
    files = generate_files(plan, factory, BENCH_DIR / "files")
    results.phases["generate_seconds"] = round(time.perf_counter() - t0, 1)

    say(f"导入 {len(files)} 个文件…")
    results.imports = run_imports(files)
    say(f"  导入 {results.imports['items']} 条，用时 {results.imports['seconds']} 秒，"
        f"{results.imports['items_per_second']} 条/秒（CPU {results.imports['cpu_seconds']} 秒，"
        f"{results.imports['items_per_cpu_second']} 条/CPU秒）")
    results.config = {
        "database": connection.vendor, "departments": len(departments), "columns": columns,
        "items": results.imports["items"], "requests_per_page": args.requests, "warmup": args.warmup,
        "gunicorn_workers": args.workers, "python": sys.version.split()[0],
        "cpu_count": os.cpu_count(), "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "load_before": load_before,
    }

    say("统计每个页面的 SQL 查询数…")
    urls = page_urls(portal, departments, plan)
    results.pages = count_queries(urls)
    if "栏目第200页" not in urls:
        results.notes.append("最大栏目不足 200 页，未测第 200 页（--items 或 --big-column 太小）。")
    static_urls = write_static_twins(results.pages)
    connection.close()

    say("启动 gunicorn（生产配置）…")
    process, port = start_server(env, args.workers)
    try:
        for name, page in results.pages.items():
            if time.time() > deadline:
                results.notes.append(f"超过总时限，跳过“{name}”及之后页面的延迟测量。")
                break
            say(f"  测量 {name}（{page['url']}）…")
            page["latency"] = measure(port, page["url"], args.requests, args.warmup)
            page["static"] = measure(port, static_urls[name], args.requests, args.warmup)
            if page["static"]["p50_ms"]:
                page["ratio_p50"] = round(page["latency"]["p50_ms"] / page["static"]["p50_ms"], 1)
    finally:
        stop_server(process)

    results.config["load_after"] = round(os.getloadavg()[0], 1)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results.__dict__, ensure_ascii=False, indent=2), encoding="utf-8")
    print_table(results)
    print(f"结果已写入 {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
