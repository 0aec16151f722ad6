"""Notice-and-commitment items, commitment cases, verification and credit records."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_permissions(sender, **kwargs) -> None:
    """After migrations: the service centre's and the departments' rights (idempotent)."""
    from django.contrib.auth.models import Permission

    if not Permission.objects.filter(content_type__app_label="commitments").exists():
        return  # permissions are created by an earlier post_migrate receiver; nothing to grant yet
    from .permissions import ensure_commitments_permissions

    try:
        ensure_commitments_permissions()
    except Permission.DoesNotExist:
        return  # the admin-access permission is not there yet (a partial migration): next migrate grants


class CommitmentsConfig(AppConfig):
    name = "modules.commitments"
    label = "commitments"
    verbose_name = "告知承诺制"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401

        post_migrate.connect(_ensure_permissions, sender=self, dispatch_uid="commitments.permissions")
