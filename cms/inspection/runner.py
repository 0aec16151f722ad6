"""Runs of the column check, split into durable chunks.

Rules (DESIGN "Background work"):
- a run goes through the stages 栏目和元数据 → 页面内容和站内链接 → 外部链接 → 汇总评分; each stage
  is planned as ``RunChunk`` rows when the previous one is complete;
- a chunk computes outside any transaction, then writes its findings, marks itself done and, if it
  was the last of its stage, plans the next stage, all in one transaction holding the run's row
  lock; a chunk already done is skipped; so a worker killed at any moment costs one chunk, and no
  finding is lost or written twice;
- chunks are queued on django-q2 after the commit; a chunk whose task was lost is queued again
  by the watchdog schedule (``resume_stalled_runs``); a chunk that fails three times fails the run;
- each external URL is fetched once per run (``LinkTarget``), whatever the number of pages.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import traceback
from collections.abc import Callable
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import STAGE_ORDER, CheckRun, ChunkStatus, LinkTarget, LinkUse, RunChunk, RunStatus, Stage, Trigger
from .planning import URLS_PER_CHUNK, batches, column_paths, department_page_ids, departments_of_run, pages_per_chunk
from .recording import Recorder

logger = logging.getLogger("gongkai.inspection")

MAX_ATTEMPTS = 3
#: A pending chunk queued longer ago than this is queued again (above django-q2's ``retry``).
STALL_AFTER = datetime.timedelta(minutes=7)
TASK = "cms.inspection.tasks.run_chunk"


class RunRefused(Exception):
    """A run cannot start (another run of the same scope is in progress)."""


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(day: datetime.date) -> datetime.date:
    return first_of_month(first_of_month(day) - datetime.timedelta(days=1))


def start_run(*, department=None, trigger: str = Trigger.MANUAL, user=None,
              today: datetime.date | None = None, enqueue: bool = True) -> CheckRun:
    """Create a run and plan its first stage.  A monthly run reports on the month just ended."""
    today = today or timezone.localdate()
    period = previous_month(today) if trigger == Trigger.MONTHLY else first_of_month(today)
    with transaction.atomic():
        busy = CheckRun.objects.select_for_update().filter(status__in=(RunStatus.PENDING, RunStatus.RUNNING))
        clash = busy.exists() if department is None else (
            busy.filter(department=department).exists() or busy.filter(department__isnull=True).exists())
        if clash:
            raise RunRefused("已有检查正在进行，请等它完成后再发起。")
        run = CheckRun.objects.create(
            department=department, trigger=trigger, period=period, checked_on=today, requested_by=user,
            status=RunStatus.RUNNING, started_at=timezone.now(),
        )
        _plan(run, Stage.COLUMNS, enqueue=enqueue)
    return run


def _plan(run: CheckRun, stage: str, *, enqueue: bool) -> None:
    """Create the chunks of ``stage`` (inside the caller's transaction) and queue them on commit."""
    departments = departments_of_run(run)
    if stage == Stage.COLUMNS:
        chunks = [("home", {})] if run.is_site_wide else []
        chunks += [(f"d{pk}", {"department": pk}) for pk in departments]
    elif stage == Stage.PAGES:
        chunks = [("chrome", {"chrome": True})] if run.is_site_wide else []
        for pk in ([None] if run.is_site_wide else []) + departments:
            for number, ids in enumerate(batches(department_page_ids(pk), pages_per_chunk())):
                chunks.append((f"d{pk or 'county'}-{number}", {"department": pk, "pages": ids}))
    elif stage == Stage.EXTERNAL:
        ids = list(LinkTarget.objects.filter(run=run, checked=False).order_by("host", "pk").values_list("pk", flat=True))
        chunks = [(f"u{number}", {"targets": group}) for number, group in enumerate(batches(_spread(ids), URLS_PER_CHUNK))]
    else:
        chunks = [("finish", {})]
    now = timezone.now()
    rows = RunChunk.objects.bulk_create(
        [RunChunk(run=run, stage=stage, key=key, payload=payload, enqueued_at=now) for key, payload in chunks],
        ignore_conflicts=True,
    )
    CheckRun.objects.filter(pk=run.pk).update(stage=stage, chunks_total=F("chunks_total") + len(rows))
    run.stage = stage
    if not chunks:
        return _plan(run, _next_stage(stage), enqueue=enqueue) if stage != Stage.FINISH else None
    if enqueue:
        ids = list(RunChunk.objects.filter(run=run, stage=stage, status=ChunkStatus.PENDING).values_list("pk", flat=True))
        transaction.on_commit(lambda: _enqueue(ids))
    return None


def _spread(target_ids: list[int]) -> list[int]:
    """Interleave hosts so one chunk does not hold all the URLs of one slow host."""
    hosts = dict(LinkTarget.objects.filter(pk__in=target_ids).values_list("pk", "host"))
    by_host: dict[str, list[int]] = {}
    for pk in target_ids:
        by_host.setdefault(hosts[pk], []).append(pk)
    queues = list(by_host.values())
    spread = []
    while queues:
        spread += [queue.pop(0) for queue in queues]
        queues = [queue for queue in queues if queue]
    return spread


def _next_stage(stage: str) -> str | None:
    position = STAGE_ORDER.index(stage)
    return STAGE_ORDER[position + 1] if position + 1 < len(STAGE_ORDER) else None


def _enqueue(chunk_ids: list[int]) -> None:
    from django_q.tasks import async_task

    for pk in chunk_ids:
        async_task(TASK, pk, task_name=f"inspection-chunk-{pk}", group="栏目检查")


# --- one chunk ---------------------------------------------------------------------------

def run_chunk(chunk_id: int, *, enqueue: bool = True) -> str:
    """Run one chunk (idempotent: a chunk already done, or of a finished run, is skipped)."""
    chunk = RunChunk.objects.select_related("run").filter(pk=chunk_id).first()
    if chunk is None or chunk.status != ChunkStatus.PENDING or chunk.run.status != RunStatus.RUNNING:
        return "skipped"
    RunChunk.objects.filter(pk=chunk.pk).update(attempts=F("attempts") + 1)
    try:
        work = _compute(chunk)
        with transaction.atomic():
            run = CheckRun.objects.select_for_update().get(pk=chunk.run_id)
            current = RunChunk.objects.select_for_update().get(pk=chunk.pk)
            if current.status != ChunkStatus.PENDING or run.status != RunStatus.RUNNING:
                return "skipped"
            work(run)
            current.status, current.finished_at, current.error = ChunkStatus.DONE, timezone.now(), ""
            current.save(update_fields=["status", "finished_at", "error"])
            CheckRun.objects.filter(pk=run.pk).update(chunks_done=F("chunks_done") + 1)
            _advance(run, chunk.stage, enqueue=enqueue)
        return "done"
    except Exception:  # noqa: BLE001 - recorded on the chunk; retried, then the run fails
        logger.exception("栏目检查任务 %s 失败", chunk_id)
        _failed(chunk_id, traceback.format_exc(), enqueue=enqueue)
        return "failed"


def _advance(run: CheckRun, stage: str, *, enqueue: bool) -> None:
    if run.stage != stage or RunChunk.objects.filter(run=run, stage=stage).exclude(status=ChunkStatus.DONE).exists():
        return
    following = _next_stage(stage)
    if following is None:
        CheckRun.objects.filter(pk=run.pk).update(status=RunStatus.FINISHED, finished_at=timezone.now())
        run.status = RunStatus.FINISHED
        transaction.on_commit(lambda: _after_finish(run.pk))
    else:
        _plan(run, following, enqueue=enqueue)


def _after_finish(run_id: int) -> None:
    from .notify import notify_departments

    try:
        notify_departments(CheckRun.objects.get(pk=run_id))
    except Exception:  # noqa: BLE001 - a mail server down must not undo a finished run
        logger.exception("栏目检查 %s 的通知发送失败", run_id)


def _failed(chunk_id: int, error: str, *, enqueue: bool) -> None:
    with transaction.atomic():
        chunk = RunChunk.objects.select_for_update().get(pk=chunk_id)
        chunk.error = error[-4000:]
        if chunk.attempts >= MAX_ATTEMPTS:
            chunk.status = ChunkStatus.FAILED
            CheckRun.objects.filter(pk=chunk.run_id).update(
                status=RunStatus.FAILED, finished_at=timezone.now(), error=f"任务 {chunk.key} 连续失败：{error[-1000:]}"
            )
        else:
            chunk.enqueued_at = timezone.now()
            if enqueue:
                transaction.on_commit(lambda: _enqueue([chunk_id]))
        chunk.save(update_fields=["error", "status", "enqueued_at"])


def _compute(chunk: RunChunk) -> Callable[[CheckRun], None]:
    """Do the chunk's reading and checking; return the write step to run in the transaction."""
    from .checks import paths

    paths.clear()
    run, payload = chunk.run, chunk.payload
    if chunk.stage == Stage.COLUMNS:
        return _columns_work(run, payload)
    if chunk.stage == Stage.PAGES:
        return _pages_work(run, payload)
    if chunk.stage == Stage.EXTERNAL:
        return _external_work(payload)
    return _finish_work()


def _columns_work(run: CheckRun, payload: dict):
    from .checks.columns import column_defects, home_defects
    from .checks.guides import guide_defects
    from .checks.metadata import metadata_defects

    department_id = payload.get("department")
    if department_id is None:  # the site: its home page and the county's own columns
        defects = (home_defects(run.checked_on) + column_defects(None, run.checked_on)
                   + metadata_defects(None, run.checked_on))
    else:
        defects = (column_defects(department_id, run.checked_on) + metadata_defects(department_id, run.checked_on)
                   + guide_defects(department_id))
    return lambda locked: Recorder(locked).record_all(defects)


def _pages_work(run: CheckRun, payload: dict):
    from cms.home.models import HomePage

    from .checks.pages import PageChecker, PageResult

    checker = PageChecker()
    department_id = payload.get("department")
    if payload.get("chrome"):  # the site chrome, on the home page
        result = PageResult()
        home = HomePage.objects.live().first()
        if home is not None:
            checker.check_page(home, None, None, result, whole_page=True)
    else:
        result = checker.check_pages(payload["pages"], department_id, column_paths(department_id))

    def write(locked: CheckRun) -> None:
        from . import snapshots

        Recorder(locked).record_all(result.defects)
        _store_external(locked, result.external)
        snapshots.save(result.snapshots)

    return write


def _store_external(run: CheckRun, links) -> None:
    if not links:
        return
    hashes = {link.url: hashlib.sha1(link.url.encode("utf-8")).hexdigest() for link in links}
    LinkTarget.objects.bulk_create(
        [LinkTarget(run=run, url=url, url_hash=digest, host=(urlsplit(url).hostname or "")[:255])
         for url, digest in hashes.items()],
        ignore_conflicts=True,
    )
    targets = dict(LinkTarget.objects.filter(run=run, url_hash__in=hashes.values()).values_list("url_hash", "pk"))
    LinkUse.objects.bulk_create(
        [LinkUse(target_id=targets[hashes[link.url]], page_id=link.page_id, department_id=link.department_id,
                 column_id=link.column_id, text=link.text) for link in links],
        ignore_conflicts=True,
    )


def _external_work(payload: dict):
    from cms.linkcheck.external import ExternalChecker

    from .checks.pages import broken_link_defect
    from .checks.paths import public_path
    from .models import InspectionSettings

    settings = InspectionSettings.current()
    targets = list(LinkTarget.objects.filter(pk__in=payload["targets"]))
    checker = ExternalChecker(timeout=float(settings.external_timeout), per_host=settings.external_per_host)
    answers = checker.check_many([target.url for target in targets])

    def write(locked: CheckRun) -> None:
        recorder = Recorder(locked)
        broken = []
        for target in targets:
            answer = answers[target.url]
            target.checked, target.ok, target.status, target.reason = True, answer.ok, answer.status, answer.reason[:200]
            if not answer.ok:
                broken.append((target, answer))
        LinkTarget.objects.bulk_update(targets, ["checked", "ok", "status", "reason"])
        for target, answer in broken:
            for use in LinkUse.objects.filter(target=target).select_related("page"):
                base = dict(department_id=use.department_id, page_id=use.page_id, page_title=use.page.title,
                            url=public_path(use.page.url_path), column_id=use.column_id)
                defect = broken_link_defect(target.url, use.text, answer, base)
                if recorder.enabled(defect.rule):
                    recorder.record(defect)

    return write


def _finish_work():
    def write(locked: CheckRun) -> None:
        from .scoring import finish_run

        finish_run(locked)

    return write


# --- driving runs -------------------------------------------------------------------------

def execute_inline(run: CheckRun, progress: Callable[[CheckRun], None] | None = None) -> CheckRun:
    """Run every pending chunk of ``run`` in this process, stage after stage (terminal and tests)."""
    while True:
        run.refresh_from_db()
        if progress:
            progress(run)
        if run.status != RunStatus.RUNNING:
            return run
        pending = list(RunChunk.objects.filter(run=run, status=ChunkStatus.PENDING).order_by("pk")
                       .values_list("pk", flat=True))
        if not pending:
            return run
        for pk in pending:
            run_chunk(pk, enqueue=False)
            if progress:
                run.refresh_from_db()
                progress(run)


def resume_stalled_runs(now: datetime.datetime | None = None) -> int:
    """Queue again the pending chunks of running runs whose task seems lost; returns how many."""
    now = now or timezone.now()
    stalled = list(
        RunChunk.objects.filter(run__status=RunStatus.RUNNING, status=ChunkStatus.PENDING,
                                enqueued_at__lt=now - STALL_AFTER).values_list("pk", flat=True)
    )
    if stalled:
        RunChunk.objects.filter(pk__in=stalled).update(enqueued_at=now)
        _enqueue(stalled)
    return len(stalled)
