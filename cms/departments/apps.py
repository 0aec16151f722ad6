"""Departments and townships, and the provisioning of their disclosure subtree."""

from django.apps import AppConfig


class DepartmentsConfig(AppConfig):
    name = "cms.departments"
    label = "departments"
    verbose_name = "部门与乡镇"
    default_auto_field = "django.db.models.BigAutoField"
