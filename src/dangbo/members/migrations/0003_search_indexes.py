"""Index-backed accent-insensitive search on PostgreSQL: a trigram GIN index on the stored
normalized name. SQLite has no trigram index; there the search is a plain scan of the column."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS member_search_trgm ON members_member USING gin (search_name gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS org_search_trgm ON organizations_organization USING gin (search_name gin_trgm_ops)"
    )
    # Subtree queries use `path LIKE 'prefix%'`: a pattern-ops index serves them whatever the collation.
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS org_path_pattern ON organizations_organization (path varchar_pattern_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in ("member_search_trgm", "org_search_trgm", "org_path_pattern"):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_initial"), ("organizations", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
