"""网上中介服务超市: agencies register, owners publish projects, agencies are selected and evaluated."""

from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "modules.marketplace"
    label = "marketplace"
    verbose_name = "中介服务超市"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
