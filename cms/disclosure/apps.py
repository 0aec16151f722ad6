"""Disclosure items with catalogue metadata, 索引号, the catalogue and guide, import and export."""

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "cms.disclosure"
    label = "disclosure"
    verbose_name = "政府信息公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the catalogue cache receivers)
