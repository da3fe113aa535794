"""Full-text search: the unaccent extension and a GIN index on PostgreSQL, an FTS5 table on
SQLite. Each step runs on its own database only (the other is left untouched)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

FTS_TABLE = "mediation_document_fts"


class UnaccentOnPostgres(UnaccentExtension):
    """UnaccentExtension whose reverse, like its forward, does nothing outside PostgreSQL (the
    stock one asks pg_extension on any database)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        super().database_backwards(app_label, schema_editor, from_state, to_state)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS mediation_documenttext_search_gin "
            "ON mediation_documenttext USING gin (search_vector)"
        )
    elif vendor == "sqlite":
        # Accents removed by the tokenizer too; the services index text already folded and
        # lemmatised (see services.index_text).
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS mediation_documenttext_search_gin")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]

    operations = [
        # CreateExtension does nothing on other databases, and nothing when the extension
        # exists. A database user without the right to create it needs an administrator to run
        # "CREATE EXTENSION unaccent;" once before migrating.
        UnaccentOnPostgres(),
        migrations.RunPython(forwards, backwards),
    ]
