"""``manage.py export_guides FILE [--department SLUG] [--live-only]``

Writes service guides to an .xlsx workbook that ``import_guides`` reads back unchanged.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cms.departments.models import Department
from cms.guides.spreadsheet.exporting import guides_for_export, write_guides_xlsx


class Command(BaseCommand):
    help = "把办事指南导出为 Excel（.xlsx）文件，导出的文件可修改后再导入。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="要写入的 .xlsx 文件")
        parser.add_argument("--department", default=None,
                            help="只导出该部门（网址标识，如 jyj；也可用统一社会信用代码）的办事指南")
        parser.add_argument("--live-only", action="store_true", help="只导出已发布的办事指南（导出发布版本）")

    def handle(self, *args, **options) -> None:
        departments = None
        reference = options["department"]
        if reference:
            department = (Department.objects.filter(slug=reference.lower()).first()
                          or Department.objects.filter(credit_code=reference.upper()).first())
            if department is None:
                raise CommandError(f"找不到网址标识或统一社会信用代码为“{reference}”的部门。")
            departments = [department.pk]
        guides = guides_for_export(departments=departments, live_only=options["live_only"])
        count = write_guides_xlsx(options["file"], guides, live_only=options["live_only"])
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"已导出 {count} 项办事指南到 {options['file']}。"))
