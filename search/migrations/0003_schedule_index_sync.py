"""The every-minute schedule that drains the search index outbox."""

from django.db import migrations


def create_schedules(apps, schema_editor) -> None:
    from cms.core.schedules import ensure_schedules

    ensure_schedules(apps.get_model("django_q", "Schedule"))


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext"), ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"), ("core", "0006_cache_table")]

    operations = [migrations.RunPython(create_schedules, migrations.RunPython.noop)]
