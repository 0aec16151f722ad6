"""The topic taxonomy (主题分类) used to classify disclosure items.

Editors maintain it in the admin; the initial two-level list follows the topic
classification used on the national government-information catalogue (综合政务, 国民经济管理, ...).
"""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Topic(index.Indexed, models.Model):
    """One entry of the 主题分类; an entry may have a parent (two levels)."""

    name = models.CharField("名称", max_length=60)
    parent = models.ForeignKey(
        "self", verbose_name="上级分类", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveIntegerField("排序", default=100)

    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="topic_unique_name_per_parent")]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name
