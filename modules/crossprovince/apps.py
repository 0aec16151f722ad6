"""Partner regions, agreements and their items, and the cases handled for other regions."""

from django.apps import AppConfig


class CrossprovinceConfig(AppConfig):
    name = "modules.crossprovince"
    label = "crossprovince"
    verbose_name = "跨省通办"
    default_auto_field = "django.db.models.BigAutoField"
