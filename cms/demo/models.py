"""A record that the demo content was built, so ``load_demo`` runs once and then does nothing."""

from __future__ import annotations

from django.db import models


class DemoBuild(models.Model):
    """One row per completed demo build."""

    finished_at = models.DateTimeField("完成时间", auto_now_add=True)
    items = models.PositiveIntegerField("条目数", default=0)
    seconds = models.FloatField("用时（秒）", default=0)

    class Meta:
        verbose_name = "演示内容构建记录"
        verbose_name_plural = "演示内容构建记录"

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M}：{self.items} 条"
