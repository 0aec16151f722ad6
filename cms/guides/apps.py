"""Service guides: page types, required elements, public listings, import and export."""

from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "cms.guides"
    label = "guides"
    verbose_name = "办事指南"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
