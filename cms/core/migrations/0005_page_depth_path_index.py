"""An index on Wagtail's page table by (depth, path).

Children of a page are selected by ``depth = n AND path BETWEEN ...`` (``cms.core.queries``);
without this index the path range of a page near the root covers every descendant (the whole
portal), and the database reads them all to find a handful of children.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0004_publish_date_set_on_first_publication"), ("wagtailcore", "0001_initial")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS core_page_depth_path ON wagtailcore_page (depth, path)",
            "DROP INDEX IF EXISTS core_page_depth_path",
        )
    ]
