"""Broken-link checking: links of rendered public pages, resolved internally or fetched with limits."""

from django.apps import AppConfig


class LinkcheckConfig(AppConfig):
    name = "cms.linkcheck"
    label = "linkcheck"
    verbose_name = "链接检查"
    default_auto_field = "django.db.models.BigAutoField"
