"""A newly provisioned department's groups get the marketplace permissions at once (as project owners)."""

from __future__ import annotations

from django.dispatch import receiver

from cms.departments.provisioning import department_provisioned


@receiver(department_provisioned, dispatch_uid="marketplace.department_provisioned")
def _department_permissions(sender, department, **kwargs) -> None:
    from .roles import grant_department_permissions

    grant_department_permissions(department)
