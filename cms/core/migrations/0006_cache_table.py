"""The cache table of the embedded profile (``DatabaseCache``); nothing to do with Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_page_depth_path_index")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
