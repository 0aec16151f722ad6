"""The editable topic taxonomy (主题分类) of disclosure items."""

from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "cms.taxonomy"
    label = "taxonomy"
    verbose_name = "主题分类"
    default_auto_field = "django.db.models.BigAutoField"
