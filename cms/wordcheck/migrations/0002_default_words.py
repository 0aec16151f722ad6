"""The default dictionary of wrong and sensitive words (idempotent: existing entries are kept)."""

from django.db import migrations

from cms.wordcheck.defaults import ensure_default_words


def create_words(apps, schema_editor):
    created = ensure_default_words(apps.get_model("wordcheck", "WordEntry"))
    if created:
        # Bulk rows send no signals: tell running processes to rebuild their matchers.
        from django.core.cache import cache

        from cms.wordcheck.matcher import VERSION_KEY

        try:
            cache.delete(VERSION_KEY)
        except Exception:  # noqa: BLE001 - a cache out of reach: processes started later build afresh
            pass


class Migration(migrations.Migration):
    dependencies = [("wordcheck", "0001_initial"), ("core", "0006_cache_table")]
    operations = [migrations.RunPython(create_words, migrations.RunPython.noop)]
