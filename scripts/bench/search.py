"""Search benchmark: the portal's embedded engine against Wagtail's database search backend,
on the same synthetic corpus of Chinese government documents and the same queries.

Steps (each timed):

1. a fresh database (SQLite file ``var/bench/search.sqlite3`` by default, or the PostgreSQL
   database ``<DATABASE_URL name>_bench_search``), migrated, with the benchmark-only app
   ``searchbench`` (``scripts/bench/search_settings.py``);
2. ``--docs`` documents and ``--queries`` queries with known relevant documents
   (``search_corpus.py``: substring, phrase, pinyin, typo and synonym queries); the synonym
   groups the synonym queries rely on are created as ``search.models.Synonym`` rows;
3. the embedded engine: ``search.indexing.analyse`` (in a pool of ``--workers`` processes) and
   ``get_engine().begin_rebuild()`` in batches of ``--batch``, then ``replace_vocabulary``;
   every query through ``search.service.search``: latency p50/p95 and recall@10 per kind;
4. Wagtail's database backend (``wagtail.search.backends.database``, not the portal's
   ``WAGTAILSEARCH_BACKENDS``): ``add_bulk`` in batches, then the same queries
   (``backend.search(parse_query_string(q), BenchDocument.objects.all())[:10]``).

recall@10 = |relevant ∩ top 10| / min(|relevant|, 10), averaged per kind.  Prints markdown
tables and writes ``--output`` (default var/bench/search-results.json).
Usage: scripts/bench_search [--docs 100000] [--queries 200] [--seed N] [--reset-database]
       [--skip-wagtail] [--output file.json];  DATABASE_URL=postgres://... for PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import secrets
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / "var" / "bench"
HERE = Path(__file__).resolve().parent
# The project's ``search`` package must win over this file (also named search): the project
# first, this directory (search_corpus, search_settings, searchbench) last.
sys.path[:] = [str(ROOT / "site"), str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]

import search_corpus  # noqa: E402

KINDS = search_corpus.KINDS
URL_NUMBER = re.compile(r"/bench/(\d+)/")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="站内搜索基准：内置引擎与 Wagtail 数据库搜索后端在同一语料、同一组查询上的对比。")
    parser.add_argument("--docs", type=int, default=100_000, help="合成文档数（默认 100000）")
    parser.add_argument("--queries", type=int, default=200, help="查询数，五类平均分配（默认 200）")
    parser.add_argument("--seed", type=int, default=20260101, help="随机种子（相同种子生成相同语料和查询）")
    parser.add_argument("--batch", type=int, default=1000, help="每批写入索引的文档数（默认 1000）")
    parser.add_argument("--workers", type=int, default=2, help="分词分析的进程数（默认 2；0 表示在主进程内）")
    parser.add_argument("--warmup", type=int, default=20, help="每个引擎计时前的预热查询数（默认 20）")
    parser.add_argument("--reset-database", action="store_true",
                        help="基准数据库已存在时先删除重建（SQLite 文件或 PostgreSQL 的 <库名>_bench_search）")
    parser.add_argument("--skip-wagtail", action="store_true", help="不测 Wagtail 数据库搜索后端")
    parser.add_argument("--output", default=str(BENCH_DIR / "search-results.json"), help="结果 JSON 文件")
    return parser.parse_args(argv)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- database ---------------------------------------------------------------------------------


def fresh_database(args: argparse.Namespace) -> str:
    """The URL of an empty benchmark database (created here; an existing one only with
    ``--reset-database``)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        path = BENCH_DIR / "search.sqlite3"
        if path.exists() and not args.reset_database:
            raise SystemExit(f"{path} 已存在；确认可删除重建请加 --reset-database。")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    from urllib.parse import urlsplit

    import environ
    import psycopg

    config = environ.Env.db_url_config(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("DATABASE_URL 只支持 PostgreSQL（或不设置，使用 SQLite）。")
    name = f"{config['NAME']}_bench_search"
    params = {"host": config.get("HOST") or None, "port": config.get("PORT") or None,
              "user": config.get("USER") or None, "password": config.get("PASSWORD") or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            if not args.reset_database:
                raise SystemExit(f"数据库 {name} 已存在；确认可删除重建请加 --reset-database。")
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return urlsplit(url)._replace(path=f"/{name}").geturl()


def setup_django(database_url: str) -> None:
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "search_settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "ELASTICSEARCH_URL": "",  # the embedded engine, whatever the shell has
    })
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, run_syncdb=True, verbosity=0)


def revision() -> str:
    """The commit measured (the search package changes often: figures belong to a commit)."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    try:
        return git("rev-parse", "--short", "HEAD") + (" + 未提交的 search/ 改动" if git("status", "--porcelain", "--", "search") else "")
    except OSError:
        return ""


def database_size() -> int | None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages * cursor.fetchone()[0]


# --- measuring --------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def recall_at_10(relevant: list[int], found: list[int]) -> float:
    return len(set(relevant) & set(found[:10])) / min(len(relevant), 10)


def summarise(rows: list[dict]) -> dict:
    """Latency and recall, overall and per kind."""
    def block(subset: list[dict]) -> dict:
        latencies = [r["ms"] for r in subset]
        return {
            "queries": len(subset),
            "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
            "p95_ms": round(percentile(latencies, 0.95), 2) if latencies else None,
            "max_ms": round(max(latencies), 2) if latencies else None,
            "recall_at_10": round(statistics.fmean(r["recall"] for r in subset), 3) if subset else None,
            "total_median": statistics.median(r["total"] for r in subset) if subset and "total" in subset[0] else None,
            "suggested": sum(1 for r in subset if r.get("suggestion")),
        }

    out = {"overall": block([r for r in rows if r["kind"] in KINDS])}
    for kind in (*KINDS, "control"):
        out[kind] = block([r for r in rows if r["kind"] == kind])
    for variant in ("full", "initials"):
        subset = [r for r in rows if r["kind"] == "pinyin" and r.get("variant") == variant]
        if subset:
            out[f"pinyin_{variant}"] = block(subset)
    return out


def run_queries(name: str, queries, run_one, warmup: int) -> list[dict]:
    """Each query once, timed; ``run_one(q)`` returns ``(top document numbers, extra)``."""
    from tqdm import tqdm

    for query in queries[:warmup]:
        run_one(query.q)
    rows = []
    for query in tqdm(queries, desc=f"{name} 查询", unit="条", leave=False):
        t0 = time.perf_counter()
        found, extra = run_one(query.q)
        ms = (time.perf_counter() - t0) * 1000
        rows.append({"kind": query.kind, "variant": query.variant, "q": query.q, "target": query.target,
                     "relevant": query.relevant, "top": found, "ms": round(ms, 2),
                     "recall": recall_at_10(query.relevant, found), **extra})
    return rows


# --- the embedded engine ------------------------------------------------------------------------


def _fields(doc: search_corpus.Doc) -> dict:
    """Raw fields as the registry reads them (policies and interpretations: 文号 as key term)."""
    keywords = doc.doc_number if doc.type in ("policy", "interpretation") else ""
    return {"title": doc.title, "body": doc.body, "keywords": keywords, "department": doc.department,
            "date": doc.date, "doc_number": doc.doc_number, "url": f"/bench/{doc.n}/"}


def _analyse_batch(batch: list[tuple[str, str, str, dict]]) -> tuple[list, Counter, float]:
    """Entries and vocabulary counts (one per document) of a batch, and the CPU time spent."""
    from search.indexing import analyse

    started = time.process_time()
    entries, vocabulary = [], Counter()
    for key, type_key, group, fields in batch:
        entry, words = analyse(key, type_key, group, fields)
        entries.append(entry)
        vocabulary.update(set(words))
    return entries, vocabulary, time.process_time() - started


def index_embedded(corpus: search_corpus.Corpus, batch_size: int, workers: int) -> dict:
    import multiprocessing

    from django.db import connections
    from tqdm import tqdm

    from search import lexicon
    from search.engines import get_engine
    from search.indexing import replace_vocabulary

    lexicon.ensure_dictionary()  # loaded once here, inherited by the forked workers
    engine = get_engine()
    batches = [[(d.key, d.type, search_corpus.GROUP_OF[d.type], _fields(d)) for d in corpus.docs[i:i + batch_size]]
               for i in range(0, len(corpus.docs), batch_size)]
    vocabulary: Counter = Counter()
    write_seconds = analyse_cpu = 0.0
    pool = None
    if workers > 1:
        connections.close_all()  # no connection may be shared with the forked workers
        pool = multiprocessing.get_context("fork").Pool(workers)
    started = time.perf_counter()
    try:
        results = pool.imap(_analyse_batch, batches) if pool else map(_analyse_batch, batches)
        rebuild = engine.begin_rebuild()
        with tqdm(total=len(corpus.docs), desc="内置引擎 建索引", unit="篇", leave=False) as bar:
            for entries, counts, cpu in results:
                t0 = time.perf_counter()
                rebuild.add(entries)
                write_seconds += time.perf_counter() - t0
                analyse_cpu += cpu
                vocabulary.update(counts)
                bar.update(len(entries))
        t0 = time.perf_counter()
        rebuild.finish()
        finish_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        replace_vocabulary(vocabulary)
        vocabulary_seconds = time.perf_counter() - t0
    finally:
        if pool:
            pool.close()
            pool.join()
    total = time.perf_counter() - started
    return {
        "engine": engine.name, "docs": len(corpus.docs), "seconds": round(total, 2),
        "docs_per_second": round(len(corpus.docs) / total, 1), "workers": workers, "batch": batch_size,
        "analyse_cpu_seconds": round(analyse_cpu, 2), "write_seconds": round(write_seconds, 2),
        "finish_seconds": round(finish_seconds, 2), "vocabulary_seconds": round(vocabulary_seconds, 2),
        "vocabulary_terms": len(vocabulary),
    }


def control_queries(corpus: search_corpus.Corpus, seed: int, count: int = 20) -> list[search_corpus.Query]:
    """Whole titles without punctuation, typed exactly: a check that an engine finds anything
    at all (Wagtail's backends index such a title as one token).  Not in the overall figures."""
    import random
    from collections import defaultdict

    by_title: dict[str, list[int]] = defaultdict(list)
    for doc in corpus.docs:
        by_title[doc.title].append(doc.n)
    plain = sorted(t for t, ns in by_title.items() if len(ns) <= 10 and re.fullmatch(r"[\u4e00-\u9fff]+", t))
    picked = random.Random(seed).sample(plain, min(count, len(plain)))
    return [search_corpus.Query("control", t, t, relevant=sorted(by_title[t])) for t in picked]


def query_embedded(queries: list, warmup: int) -> tuple[list[dict], dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.service import SearchRequest, search

    def run_one(q: str):
        response = search(SearchRequest(q=q, per_page=10))
        found = [int(m.group(1)) for r in response.results if (m := URL_NUMBER.search(r.url))]
        return found, {"total": response.total, "corrected": response.corrected, "relaxed": response.relaxed,
                       "suggestion": response.suggestion}

    rows = run_queries("内置引擎", queries, run_one, warmup)
    statements = []
    for query in queries:  # SQL statements per search, counted apart from the timing
        with CaptureQueriesContext(connection) as ctx:
            search(SearchRequest(q=query.q, per_page=10))
        statements.append(len(ctx.captured_queries))
    sql = {"median": statistics.median(statements), "max": max(statements)} if statements else {}
    return rows, sql


# --- Wagtail's database backend ----------------------------------------------------------------


def wagtail_run(corpus: search_corpus.Corpus, queries: list, batch_size: int, warmup: int) -> tuple[dict, list[dict]]:
    from modelsearch.utils import parse_query_string
    from searchbench.models import BenchDocument
    from tqdm import tqdm
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend("wagtail.search.backends.database")
    t0 = time.perf_counter()
    BenchDocument.objects.bulk_create(
        (BenchDocument(id=d.n, title=d.title, body=d.body, type=d.type, department=d.department, date=d.date,
                       doc_number=d.doc_number) for d in corpus.docs),
        batch_size=batch_size,
    )
    rows_seconds = time.perf_counter() - t0
    index_seconds = 0.0
    last = 0
    with tqdm(total=len(corpus.docs), desc="Wagtail 建索引", unit="篇", leave=False) as bar:
        while True:
            objects = list(BenchDocument.objects.filter(id__gt=last).order_by("id")[:batch_size])
            if not objects:
                break
            t0 = time.perf_counter()
            backend.add_bulk(BenchDocument, objects)
            index_seconds += time.perf_counter() - t0
            last = objects[-1].id
            bar.update(len(objects))
    index = {"engine": type(backend).__module__ + "." + type(backend).__name__, "docs": len(corpus.docs),
             "seconds": round(index_seconds, 2), "docs_per_second": round(len(corpus.docs) / index_seconds, 1),
             "batch": batch_size, "model_rows_seconds": round(rows_seconds, 2)}

    def run_one(q: str):
        _, query = parse_query_string(q)
        found = [document.id for document in backend.search(query, BenchDocument.objects.all())[:10]]
        return found, {}

    return index, run_queries("Wagtail", queries, run_one, warmup)


# --- report -------------------------------------------------------------------------------------


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) and value <= 1 else str(value)


def print_tables(results: dict) -> None:
    config = results["config"]
    print()
    print(f"### 站内搜索基准：{config['database']}，{config['docs']} 篇文档，{config['queries']} 条查询"
          f"（种子 {config['seed']}，CPU {config['cpu_count']} 个，版本 {config['revision']}）")
    print()
    print("| 引擎 | 建索引 篇/秒 | 建索引 秒 | 查询 p50 ms | 查询 p95 ms | " + " | ".join(KINDS) + " | 总体 |")
    print("|---|---:|---:|---:|---:|" + "---:|" * (len(KINDS) + 1))
    for name, engine in results["engines"].items():
        s = engine["summary"]
        recalls = " | ".join(_fmt(s[k]["recall_at_10"]) for k in KINDS)
        print(f"| {name} | {engine['index']['docs_per_second']} | {engine['index']['seconds']} | "
              f"{s['overall']['p50_ms']} | {s['overall']['p95_ms']} | {recalls} | {_fmt(s['overall']['recall_at_10'])} |")
    print()
    print("| 引擎 | 类别 | 查询数 | p50 ms | p95 ms | 最大 ms | recall@10 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, engine in results["engines"].items():
        for kind, block in engine["summary"].items():
            if kind != "overall":
                print(f"| {name} | {kind} | {block['queries']} | {block['p50_ms']} | {block['p95_ms']} | "
                      f"{block['max_ms']} | {_fmt(block['recall_at_10'])} |")
    print()
    print("control：整条标题（无标点）原样输入，仅用于确认引擎本身可用，不计入总体。")
    for note in results["notes"]:
        print(f"注：{note}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = round(os.getloadavg()[0], 1)
    results: dict = {"config": {}, "corpus": {}, "engines": {}, "notes": []}

    t0 = time.perf_counter()
    database_url = fresh_database(args)
    setup_django(database_url)
    from django.db import connection
    from tqdm import tqdm

    say(f"数据库：{connection.vendor}（{connection.settings_dict['NAME']}），迁移用时 {time.perf_counter() - t0:.1f} 秒")
    results["config"] = {
        "database": connection.vendor, "docs": args.docs, "queries": args.queries, "seed": args.seed,
        "batch": args.batch, "workers": args.workers, "warmup": args.warmup, "python": sys.version.split()[0],
        "cpu_count": os.cpu_count(), "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "load_before": load_before, "revision": revision(),
    }

    t0 = time.perf_counter()
    with tqdm(total=args.docs, desc="生成语料", unit="篇", leave=False) as bar:
        corpus = search_corpus.build(args.docs, args.queries, args.seed, progress=bar.update)
    kinds = Counter(q.kind for q in corpus.queries)
    relevant = [len(q.relevant) for q in corpus.queries]
    results["corpus"] = {
        "generate_seconds": round(time.perf_counter() - t0, 2), "docs": len(corpus.docs),
        "types": dict(Counter(d.type for d in corpus.docs)),
        "body_chars_mean": round(statistics.fmean(len(d.body) for d in corpus.docs), 1),
        "queries": len(corpus.queries), "queries_per_kind": dict(kinds),
        "relevant_per_query": {"min": min(relevant), "mean": round(statistics.fmean(relevant), 2),
                               "max": max(relevant)} if relevant else {},
        "dropped_candidates": corpus.dropped, "synonym_groups": len(corpus.synonyms),
    }
    say(f"语料：{len(corpus.docs)} 篇，查询 {len(corpus.queries)} 条 {dict(kinds)}，"
        f"用时 {results['corpus']['generate_seconds']} 秒")
    if len(corpus.queries) < args.queries:
        results["notes"].append(f"只生成了 {len(corpus.queries)} 条有确定答案的查询（要求 {args.queries}）。")

    from search import lexicon
    from search.models import Synonym

    Synonym.objects.bulk_create([Synonym(terms=f"{a}，{b}", note="搜索基准") for a, b in corpus.synonyms])
    lexicon.bump_version()

    say(f"内置引擎：分析并写入索引（{args.workers} 个分析进程，每批 {args.batch} 篇）…")
    index = index_embedded(corpus, args.batch, args.workers)
    index["database_bytes_after"] = database_size()
    say(f"  {index['docs']} 篇，{index['seconds']} 秒，{index['docs_per_second']} 篇/秒"
        f"（分析 CPU {index['analyse_cpu_seconds']} 秒，写入 {index['write_seconds']} 秒，"
        f"收尾 {index['finish_seconds']} 秒，词汇表 {index['vocabulary_seconds']} 秒）")
    say("内置引擎：查询…")
    queries = corpus.queries + control_queries(corpus, args.seed)
    rows, sql = query_embedded(queries, args.warmup)
    results["engines"]["内置引擎"] = {"index": index, "summary": summarise(rows), "sql_per_search": sql,
                                    "rows": rows}
    s = results["engines"]["内置引擎"]["summary"]["overall"]
    say(f"  p50 {s['p50_ms']} ms，p95 {s['p95_ms']} ms，recall@10 {s['recall_at_10']}；每次搜索 SQL {sql}")

    if not args.skip_wagtail:
        say("Wagtail 数据库后端：建索引…")
        index, rows = wagtail_run(corpus, queries, args.batch, args.warmup)
        results["engines"]["Wagtail database"] = {"index": index, "summary": summarise(rows), "rows": rows}
        s = results["engines"]["Wagtail database"]["summary"]["overall"]
        say(f"  {index['docs']} 篇，{index['seconds']} 秒，{index['docs_per_second']} 篇/秒；"
            f"p50 {s['p50_ms']} ms，p95 {s['p95_ms']} ms，recall@10 {s['recall_at_10']}")

    results["config"]["load_after"] = round(os.getloadavg()[0], 1)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print_tables(results)
    print(f"结果已写入 {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
