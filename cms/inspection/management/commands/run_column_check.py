"""``manage.py run_column_check [--department CODE] [--wait | --inline]``: a column check from the terminal.

Without options the run is queued on the django-q2 cluster (like 立即检查 in the admin) and the
command returns; ``--wait`` follows it with a progress bar until it ends; ``--inline`` runs it in
this process (no worker needed).  Either way a summary is printed at the end.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from tqdm import tqdm

from cms.departments.models import Department
from cms.inspection.models import CheckRun, DepartmentScore, RunStatus, Trigger
from cms.inspection.runner import RunRefused, execute_inline, start_run


class Command(BaseCommand):
    help = "检查各部门栏目（空白、不更新、错误链接、错敏信息、元数据），可只检查一个部门。"

    def add_arguments(self, parser):
        parser.add_argument("--department", metavar="CODE", help="只检查该部门（网址标识、统一社会信用代码或名称）。")
        parser.add_argument("--monthly", action="store_true", help="作为月度检查（通报上月）。")
        parser.add_argument("--if-none", action="store_true", help="已有任何检查记录时什么也不做（用于初次安装）。")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--wait", action="store_true", help="等待后台任务完成并显示进度。")
        mode.add_argument("--inline", action="store_true", help="在本进程中执行，不需要后台任务进程。")
        parser.add_argument("--timeout", type=int, default=3600, help="--wait 最长等待秒数（默认 3600）。")

    def handle(self, *args, **options):
        if options["if_none"] and CheckRun.objects.exists():
            self.stdout.write("已有检查记录，跳过。")
            return
        department = self._department(options["department"]) if options["department"] else None
        trigger = Trigger.MONTHLY if options["monthly"] else Trigger.MANUAL
        try:
            run = start_run(department=department, trigger=trigger, enqueue=not options["inline"])
        except RunRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已发起：{run}（编号 {run.pk}）")
        if options["inline"]:
            with self._bar() as bar:
                run = execute_inline(run, progress=lambda r: self._update(bar, r))
        elif options["wait"]:
            run = self._wait(run, options["timeout"])
        else:
            self.stdout.write("已交给后台任务执行；可在管理后台“栏目检查”中查看进度。")
            return
        self._summary(run)
        if run.status != RunStatus.FINISHED:
            raise CommandError(f"检查未完成：{run.get_status_display()} {run.error[:300]}")

    def _department(self, code: str) -> Department:
        found = Department.objects.filter(Q(slug=code) | Q(credit_code=code.upper()) | Q(name=code)).first()
        if found is None:
            raise CommandError(f"找不到部门：{code}")
        return found

    def _bar(self):
        return tqdm(total=1, unit="项", desc="检查", file=self.stderr, disable=None, dynamic_ncols=True)

    @staticmethod
    def _update(bar, run: CheckRun) -> None:
        bar.total = max(run.chunks_total, 1)
        bar.n = run.chunks_done
        bar.set_description(run.get_stage_display() or "检查")
        bar.refresh()

    def _wait(self, run: CheckRun, timeout: int) -> CheckRun:
        deadline = time.monotonic() + timeout
        with self._bar() as bar:
            while time.monotonic() < deadline:
                run.refresh_from_db()
                self._update(bar, run)
                if run.status in (RunStatus.FINISHED, RunStatus.FAILED):
                    return run
                time.sleep(1)
        raise CommandError("等待超时：检查仍在后台进行（请确认后台任务进程 qcluster 正在运行）。")

    def _summary(self, run: CheckRun) -> None:
        summary = run.summary or {}
        elapsed = (run.finished_at - run.started_at).total_seconds() if run.finished_at and run.started_at else 0
        self.stdout.write(self.style.SUCCESS(f"{run}：{run.get_status_display()}，用时 {elapsed:.1f} 秒"))
        self.stdout.write(
            f"检查部门 {summary.get('departments', 0)} 个，发现问题 {summary.get('findings', 0)} 个"
            f"（新增 {summary.get('new_findings', 0)}，销号 {summary.get('closed_findings', 0)}），"
            f"单项否决 {summary.get('vetoed', 0)} 个部门。"
        )
        for score in DepartmentScore.objects.filter(run=run).select_related("department").order_by("rank")[:10]:
            veto = "（单项否决）" if score.vetoed else ""
            rank = f"第 {score.rank} 名 " if score.rank else ""
            self.stdout.write(f"  {rank}{score.department.name}：{score.score} 分{veto}")
