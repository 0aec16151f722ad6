"""The two-step review workflow with four-eyes approval."""

from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "cms.workflows"
    label = "workflows"
    verbose_name = "审核流程"
    default_auto_field = "django.db.models.BigAutoField"
