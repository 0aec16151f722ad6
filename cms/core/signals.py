"""A content item belongs to the department of the column it sits in, also after a move."""

from __future__ import annotations

from django.apps import apps
from django.dispatch import receiver
from wagtail.signals import post_page_move


@receiver(post_page_move, dispatch_uid="core.item_follows_its_column")
def item_follows_its_column(sender, instance, parent_page_before, parent_page_after, **kwargs) -> None:
    """Moving an item into another department's column hands it to that department."""
    if parent_page_before.pk == parent_page_after.pk:
        return
    from .models import ContentItemPage

    column_model = apps.get_model("columns", "ColumnPage")
    department_id = column_model.objects.filter(pk=parent_page_after.pk).values_list("department_id", flat=True).first()
    if department_id is not None:
        ContentItemPage.objects.filter(pk=instance.pk).update(department_id=department_id)
