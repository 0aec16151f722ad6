from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Loads every app's ``searchable`` declarations and connects the index outbox."""

    name = "search"
    label = "search"
    verbose_name = "站内搜索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("searchable")
        from . import signals  # noqa: F401
