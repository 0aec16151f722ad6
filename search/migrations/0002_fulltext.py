"""The full-text structures of the embedded engine, per database vendor.

SQLite: an FTS5 table ``search_fts`` (rowid = document id) whose ``unicode61`` tokenizer only
splits the pre-segmented tokens on spaces.  PostgreSQL: a weighted ``tsv`` column with a GIN
index.  Other vendors get nothing (they must use Elasticsearch).
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, pinyin, tokenize = 'unicode61 remove_diacritics 0')"
)
POSTGRES_CREATE = (
    "ALTER TABLE search_indexeddocument ADD COLUMN IF NOT EXISTS tsv tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX IF NOT EXISTS search_doc_tsv ON search_indexeddocument USING gin (tsv)",
)


def create(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_doc_tsv")
        schema_editor.execute("ALTER TABLE search_indexeddocument DROP COLUMN IF EXISTS tsv")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_documents_and_dictionaries")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
