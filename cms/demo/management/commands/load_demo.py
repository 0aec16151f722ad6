"""``manage.py load_demo``: build the demo county portal once; later runs change nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cms.demo.accounts import accounts_summary
from cms.demo.build import DEFAULT_ITEMS, build_demo


class Command(BaseCommand):
    help = (
        "建立演示用的县级门户（云溪县人民政府）：部门和乡镇、演示账号、约 2000 条已发布信息、公开指南和待审核条目。"
        "已建立过的数据库不做任何修改。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--items", type=int, default=DEFAULT_ITEMS,
            help=f"生成的已发布条目数（默认 {DEFAULT_ITEMS}；测试时可用较小的数）",
        )

    def handle(self, *args, **options) -> None:
        if options["items"] < 1:
            raise CommandError("--items 须为正整数。")
        verbose = options["verbosity"] > 0
        result = build_demo(
            options["items"], out=self.stdout.write if verbose else (lambda line: None), bars=verbose,
        )
        if result.already_built:
            self.stdout.write(f"演示内容已存在（{result.items} 条已发布条目），未做任何修改。")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"演示内容已建立：新增 {result.created} 条，共有已发布条目 {result.items} 条，用时 {result.seconds:.1f} 秒。"
            ))
        if verbose:
            for line in accounts_summary():
                self.stdout.write(self.style.WARNING(line) if line.startswith("演示账号") else line)
