"""Columns (栏目): lists of items with a kind and an owning department."""

from django.apps import AppConfig


class ColumnsConfig(AppConfig):
    name = "cms.columns"
    label = "columns"
    verbose_name = "栏目"
    default_auto_field = "django.db.models.BigAutoField"
