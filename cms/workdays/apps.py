"""Working-day calendar: chinese-calendar plus the State Council's notices entered in the admin."""

from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "cms.workdays"
    label = "workdays"
    verbose_name = "工作日历"
    default_auto_field = "django.db.models.BigAutoField"
