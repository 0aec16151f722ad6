"""A department provisioned after set-up can publish projects at once."""

from __future__ import annotations

import pytest

from cms.departments.models import Department
from cms.departments.provisioning import provision_department


@pytest.mark.django_db
def test_new_department_groups_get_the_project_permissions(portal):
    department = provision_department(Department.objects.create(
        name="云溪县测试局", short_name="测试局", slug="csj", credit_code="114417000072804212"))
    codenames = set(department.contributors.permissions.values_list("codename", flat=True))
    assert {"add_project", "change_project"} <= codenames
