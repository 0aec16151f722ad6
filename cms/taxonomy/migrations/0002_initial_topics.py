"""The initial 主题分类."""

from django.db import migrations

from cms.taxonomy.defaults import ensure_default_topics


def create_topics(apps, schema_editor):
    ensure_default_topics(apps.get_model("taxonomy", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop)]
