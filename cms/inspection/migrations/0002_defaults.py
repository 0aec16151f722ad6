"""Default rules, kind intervals and the schedules of the monthly column check."""

from django.db import migrations


def forwards(apps, schema_editor):
    from cms.core.schedules import ensure_schedules
    from cms.inspection.models.rules import ensure_rules

    ensure_rules(apps.get_model("inspection", "Rule"), apps.get_model("inspection", "KindInterval"))
    ensure_schedules(apps.get_model("django_q", "Schedule"))


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial"), ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"), ("core", "0003_schedule_publishing")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
