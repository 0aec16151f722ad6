"""The 门户编辑 group (portal editors) keeps the dictionary of wrong and sensitive words.

Grants add/change/delete/view on ``WordEntry``.  The group is created if it does not exist yet;
``setup_portal`` finds it by name and grants the same.  Department groups get nothing.
"""

from django.db import migrations

PORTAL_EDITORS = "门户编辑"
PERMISSIONS = [f"{action}_wordentry" for action in ("add", "change", "delete", "view")]


def grant(apps, schema_editor) -> None:
    from django.contrib.auth.management import create_permissions

    # On a new database the permissions are created after all migrations have run: create
    # this app's now.
    app_config = apps.get_app_config("wordcheck")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=PORTAL_EDITORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="wordcheck", codename__in=PERMISSIONS))


def revoke(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=PORTAL_EDITORS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="wordcheck", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("wordcheck", "0002_default_words"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
