"""The 门户编辑 group (portal editors) manages the search dictionaries and reads the report.

Grants add/change/delete/view on user words, synonyms and best bets, and view on the query log
(the search report).  The group is created if it does not exist yet; ``setup_portal`` finds it
by name.  Department groups (信息员, 审核员) get nothing.
"""

from django.db import migrations

PORTAL_EDITORS = "门户编辑"
PERMISSIONS = [
    f"{action}_{model}" for model in ("userword", "synonym", "bestbet") for action in ("add", "change", "delete", "view")
] + ["view_querylog"]


def grant(apps, schema_editor) -> None:
    from django.contrib.auth.management import create_permissions

    # On a new database the permissions are created after all migrations have run: create
    # this app's now.
    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=PORTAL_EDITORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="search", codename__in=PERMISSIONS))


def revoke(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=PORTAL_EDITORS).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="search", codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_schedule_index_sync"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
