"""Give every provisioned department its guide folder (when the portal has a guide index)."""

from __future__ import annotations

from django.dispatch import receiver

from cms.departments.provisioning import department_provisioned


@receiver(department_provisioned)
def _guide_folder(sender, department, **kwargs) -> None:
    from .setup import ensure_guide_folder

    ensure_guide_folder(department)
