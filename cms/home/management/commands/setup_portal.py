"""``manage.py setup_portal``: create the portal structure and roles (idempotent)."""

from django.core.management.base import BaseCommand

from cms.home.setup import setup_portal


class Command(BaseCommand):
    help = "建立门户基本结构（首页、频道、公开目录、公开指南、部门信息公开导航）和门户编辑角色。可重复运行。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--site-title", default="云溪县人民政府")

    def handle(self, *args, **options) -> None:
        structure = setup_portal(options["site_title"])
        self.stdout.write(self.style.SUCCESS(f"门户结构就绪：{structure.home.title}"))
