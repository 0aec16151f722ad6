"""Partner regions, agreements and their items, and the cases handled for other regions."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_permissions(sender, **kwargs) -> None:
    """After migrations: the service centre's, the editors' and the departments' rights (idempotent)."""
    from django.contrib.auth.models import Permission

    needed = Permission.objects.filter(content_type__app_label__in=("crossprovince", "wagtailadmin"))
    if needed.values("content_type__app_label").distinct().count() < 2:
        return  # permissions are created by an earlier post_migrate receiver; nothing to grant yet
    from .permissions import ensure_crossprovince_permissions

    ensure_crossprovince_permissions()


def _department_provisioned(sender, department, **kwargs) -> None:
    """A new department's contributors and reviewers get their rights on items and cases."""
    from .permissions import ensure_department_permissions

    ensure_department_permissions(department)


class CrossprovinceConfig(AppConfig):
    name = "modules.crossprovince"
    label = "crossprovince"
    verbose_name = "跨省通办"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.departments.provisioning import department_provisioned

        from . import signals  # noqa: F401

        post_migrate.connect(_ensure_permissions, sender=self, dispatch_uid="crossprovince.permissions")
        department_provisioned.connect(_department_provisioned, dispatch_uid="crossprovince.department_rights")
