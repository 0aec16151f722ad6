"""The django-q2 schedules of the marketplace: 中介超市到期处理 (every minute), 中介服务评价提醒 (daily)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from modules.marketplace.tasks import ensure_marketplace_schedules

    ensure_marketplace_schedules(apps.get_model("django_q", "Schedule"))


def backwards(apps, schema_editor):
    from modules.marketplace.tasks import DUE_PROJECTS, EVALUATION_REMINDERS

    apps.get_model("django_q", "Schedule").objects.filter(name__in=[DUE_PROJECTS, EVALUATION_REMINDERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0002_project_number_completion"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
