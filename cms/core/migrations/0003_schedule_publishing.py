"""The django-q2 schedule that runs scheduled publishing (go_live_at / expire_at) every minute."""

from django.db import migrations

from cms.core.schedules import SCHEDULED_PUBLISHING, ensure_schedules


def create_schedule(apps, schema_editor):
    ensure_schedules(apps.get_model("django_q", "Schedule"))


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULED_PUBLISHING).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]
    operations = [migrations.RunPython(create_schedule, remove_schedule)]
