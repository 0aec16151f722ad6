"""``manage.py ensure_department``: create or update a department and provision it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.departments.models import Department, DepartmentKind
from cms.departments.provisioning import ProvisioningError, provision_department


class Command(BaseCommand):
    help = "创建或更新一个部门（乡镇），并建立其信息公开栏目、用户组和审核流程。可重复运行。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", required=True, help="部门全称")
        parser.add_argument("--short-name", required=True, help="简称，用于用户组名")
        parser.add_argument("--slug", required=True, help="网址标识（小写字母、数字）")
        parser.add_argument("--credit-code", required=True, help="18 位统一社会信用代码")
        parser.add_argument("--kind", choices=DepartmentKind.values, default=DepartmentKind.DEPARTMENT)
        parser.add_argument("--issuer-code", default="", help="索引号前缀（默认用统一社会信用代码）")
        parser.add_argument("--address", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--office-hours", default="")
        parser.add_argument("--order", type=int, default=100)

    def handle(self, *args, **options) -> None:
        department = Department.objects.filter(credit_code=options["credit_code"].upper()).first() or Department()
        department.name = options["name"]
        department.short_name = options["short_name"]
        department.slug = options["slug"]
        department.credit_code = options["credit_code"].upper()
        department.kind = options["kind"]
        department.issuer_code = options["issuer_code"]
        department.address = options["address"]
        department.phone = options["phone"]
        department.office_hours = options["office_hours"]
        department.order = options["order"]
        try:
            department.full_clean()
        except ValidationError as exc:
            raise CommandError("；".join(f"{k}: {'，'.join(v)}" for k, v in exc.message_dict.items())) from exc
        created = department.pk is None
        try:
            with transaction.atomic():  # the department and its subtree, or nothing
                department.save()
                provision_department(department)
        except ProvisioningError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{'已创建' if created else '已更新'}：{department.name}"))
