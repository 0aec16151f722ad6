"""The catalogue of intermediary services (中介服务事项目录), editable by the operator."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel


class ServiceCategory(models.Model):
    """A kind of intermediary service (测绘, 检测, 评估, 咨询 …) that projects and qualifications name."""

    name = models.CharField("服务类型", max_length=60, unique=True)
    code = models.SlugField("代码", max_length=30, unique=True, help_text="小写字母、数字和连字符，例如 survey。")
    description = models.TextField("说明", blank=True)
    order = models.PositiveIntegerField("排序", default=100)
    active = models.BooleanField("启用", default=True)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("description"), FieldPanel("order"),
              FieldPanel("active")]

    class Meta:
        verbose_name = "中介服务类型"
        verbose_name_plural = "中介服务类型"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
