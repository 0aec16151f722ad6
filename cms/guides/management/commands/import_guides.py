"""``manage.py import_guides FILE [--user USERNAME] [--dry-run]``

Imports service guides from an .xlsx workbook (sheets 办事指南 and 申请材料, see
``cms.guides.spreadsheet.columns``).  Every row is checked first: if any cell is wrong, every
problem is printed with its sheet, row and column and nothing is imported.  Complete guides
are published (submitted for review when ``--user`` may not publish there); incomplete ones
are saved as drafts and listed with the elements they lack.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cms.guides.spreadsheet.errors import GuideImportError
from cms.guides.spreadsheet.importing import import_guides


class Command(BaseCommand):
    help = "从 Excel（.xlsx）文件导入办事指南：完整的发布，缺少要素的存为草稿。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="要导入的 .xlsx 文件（工作表“办事指南”和“申请材料”）")
        parser.add_argument("--user", default=None,
                            help="以该用户的身份导入（只能导入其有权管理的部门；记为修改人）")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options) -> None:
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"找不到用户“{options['user']}”。")
        verbose = options["verbosity"] > 0
        try:
            report = import_guides(options["file"], user=user, dry_run=options["dry_run"],
                                   progress=verbose and not options["no_progress"])
        except GuideImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.summary()) from exc
        if not verbose:
            return
        for outcome in report.drafts:
            self.stdout.write(self.style.WARNING(
                f"第 {outcome.row} 行 {outcome.title}（{outcome.code}）存为草稿，缺少：{'、'.join(outcome.missing)}"
            ))
        self.stdout.write(self.style.SUCCESS(report.summary()))
