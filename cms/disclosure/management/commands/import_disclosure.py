"""``manage.py import_disclosure FILE --department CODE [--column KIND] [--user USERNAME]``

Imports disclosure items from an .xlsx or .csv file (UTF-8 or GBK) into a department's column
and publishes them with their 索引号.  All rows are checked first: if any row has a problem,
every problem is printed with its row number and nothing is imported.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cms.disclosure.importing import ImportTargetError, ImportValidationError, find_column, import_file
from cms.disclosure.importing.writing import WriteError


class Command(BaseCommand):
    help = "从 Excel（.xlsx）或 CSV 文件批量导入信息公开条目并发布。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="要导入的 .xlsx 或 .csv 文件（CSV 可为 UTF-8 或 GBK 编码）")
        parser.add_argument("--department", required=True, help="部门的统一社会信用代码或网址标识（如 jyj）")
        parser.add_argument(
            "--column", default=None,
            help="栏目类型（policy、notice、interpretation……）或栏目网址标识；默认为该部门的“政策文件”栏目",
        )
        parser.add_argument("--user", default=None, help="记为导入人和页面所有者的用户名")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options) -> None:
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"找不到用户“{options['user']}”。")
        try:
            column = find_column(options["department"], options["column"])
        except ImportTargetError as exc:
            raise CommandError(str(exc)) from exc

        verbose = options["verbosity"] > 0
        if verbose:
            self.stdout.write(f"导入到：{column.department.name if column.department_id else ''} / {column.title}")
        try:
            report = import_file(
                options["file"], column, user=user, dry_run=options["dry_run"],
                progress=verbose and not options["no_progress"],
            )
        except ImportValidationError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.summary()) from exc
        except (ImportTargetError, WriteError) as exc:
            raise CommandError(f"{exc}未导入任何条目。") from exc
        if verbose:
            self.stdout.write(self.style.SUCCESS(report.summary()))
            if report.created and not report.dry_run and report.seconds:
                self.stdout.write(f"速度：{report.items_per_second:.0f} 条/秒")
