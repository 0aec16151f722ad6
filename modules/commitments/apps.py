"""Notice-and-commitment items, commitment cases, verification and credit records."""

from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "modules.commitments"
    label = "commitments"
    verbose_name = "告知承诺制"
    default_auto_field = "django.db.models.BigAutoField"
