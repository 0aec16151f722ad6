"""Builds the demo county portal."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cms.demo"
    label = "demo"
    verbose_name = "演示内容"
    default_auto_field = "django.db.models.BigAutoField"
