"""Monthly column checks against the national website-inspection rules: runs, findings, scores, rectification."""

from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "cms.inspection"
    label = "inspection"
    verbose_name = "栏目检查"
    default_auto_field = "django.db.models.BigAutoField"
