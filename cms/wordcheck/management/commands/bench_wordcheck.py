"""``manage.py bench_wordcheck [--texts N] [--chars N] [--extra-words N]``: matcher throughput."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cms.wordcheck.bench import run


class Command(BaseCommand):
    help = "测量错敏词匹配速度：在模拟的政务文本上运行词库匹配，报告每秒处理的 MB 数和文本数。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--texts", type=int, default=100_000, help="匹配的文本数（默认 100000）")
        parser.add_argument("--chars", type=int, default=2_000, help="每篇文本的字数（默认 2000）")
        parser.add_argument("--pool", type=int, default=2_000, help="轮流使用的不同文本数（默认 2000）")
        parser.add_argument("--planted", type=float, default=0.1, help="含一个错敏词的文本比例（默认 0.1）")
        parser.add_argument("--extra-words", type=int, default=0, help="在默认词库外再加的随机词数（默认 0）")

    def handle(self, *args, **options) -> None:
        result = run(texts=options["texts"], chars=options["chars"], pool=options["pool"],
                     planted_share=options["planted"], extra_words=options["extra_words"])
        self.stdout.write(
            f"词库 {result.entries} 条；{result.texts} 篇文本，{result.megabytes:.1f} MB（UTF-8），"
            f"用时 {result.seconds:.2f} 秒；{result.mb_per_second:.1f} MB/s，"
            f"{result.texts_per_second:,.0f} 篇/秒；命中 {result.hits} 处。"
        )
