"""The whole-tree name search's index on PostgreSQL (decision 0058): `members_namesuffix`, one row per word of
each member's normalized name, kept in step by triggers.

- On `members_member`: statement-level triggers with transition tables, so a bulk insert or update (imports,
  restructurings, the demo generator) costs one set-based statement, not one per row. An update rewrites the
  rows of the members whose name, sort key, status or cell changed, and only those; a delete or a TRUNCATE
  removes them.
- On `organizations_organization`: a changed path (a restructuring moves a subtree) is copied to the rows of
  the members of that organization.

SQLite gets neither the table nor the triggers: there the search scans the names.
"""

from django.db import migrations, models

WORDS = """
    CROSS JOIN LATERAL (SELECT string_to_array(n.search_name, ' ') AS w) AS a
    CROSS JOIN LATERAL generate_subscripts(a.w, 1) AS i
    LEFT JOIN organizations_organization AS org ON org.id = n.organization_id
"""
COLUMNS = "member_id, position, suffix, head, path, status, sort_key"
VALUES = """
    n.id, i - 1, array_to_string(a.w[i:], ' '),
    CASE WHEN i = 1 THEN '' ELSE array_to_string(a.w[:i - 1], ' ') || ' ' END,
    org.path, n.status, n.sort_key
"""
CHANGED = """
    (n.search_name, n.sort_key, n.status, n.organization_id)
    IS DISTINCT FROM (o.search_name, o.sort_key, o.status, o.organization_id)
"""

CREATE = f"""
CREATE TABLE members_namesuffix (
    member_id bigint NOT NULL,
    position smallint NOT NULL,
    suffix varchar(200) COLLATE "C" NOT NULL,
    head varchar(200) NOT NULL,
    path varchar(255) COLLATE "C",
    status varchar(30) NOT NULL,
    sort_key varchar(600) COLLATE "C" NOT NULL,
    PRIMARY KEY (member_id, position)
);

CREATE FUNCTION members_namesuffix_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO members_namesuffix ({COLUMNS}) SELECT {VALUES} FROM new_rows AS n {WORDS};
    ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM members_namesuffix AS s USING old_rows AS o JOIN new_rows AS n ON n.id = o.id
            WHERE s.member_id = o.id AND {CHANGED};
        INSERT INTO members_namesuffix ({COLUMNS}) SELECT {VALUES}
            FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id AND {CHANGED} {WORDS};
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM members_namesuffix AS s USING old_rows AS o WHERE s.member_id = o.id;
    ELSE
        TRUNCATE members_namesuffix;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER members_namesuffix_insert AFTER INSERT ON members_member
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_namesuffix_sync();
CREATE TRIGGER members_namesuffix_update AFTER UPDATE ON members_member
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_namesuffix_sync();
CREATE TRIGGER members_namesuffix_delete AFTER DELETE ON members_member
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION members_namesuffix_sync();
CREATE TRIGGER members_namesuffix_truncate AFTER TRUNCATE ON members_member
    FOR EACH STATEMENT EXECUTE FUNCTION members_namesuffix_sync();

CREATE FUNCTION members_namesuffix_paths() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    paths text[];
BEGIN
    -- Most updates of organizations change no path: stop there. The moved ones go through arrays, which the
    -- planner sizes (a transition table has no statistics), so a few organizations read their members by index.
    SELECT array_agg(n.id), array_agg(n.path) INTO ids, paths
        FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id WHERE n.path IS DISTINCT FROM o.path;
    IF ids IS NOT NULL THEN
        UPDATE members_namesuffix AS s SET path = moved.path
            FROM unnest(ids, paths) AS moved(id, path) JOIN members_member AS m ON m.organization_id = moved.id
            WHERE s.member_id = m.id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER members_namesuffix_paths AFTER UPDATE ON organizations_organization
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_namesuffix_paths();

INSERT INTO members_namesuffix ({COLUMNS}) SELECT {VALUES} FROM members_member AS n {WORDS};

-- A search is a range of this index, and each suffix's rows are in Vietnamese order; it holds every column the
-- member list filters and sorts on, so a search reads no table rows (index-only scans: autovacuum keeps the
-- visibility map).
CREATE INDEX members_namesuffix_suffix_idx ON members_namesuffix (suffix, sort_key, member_id)
    INCLUDE (head, path, status);
ANALYZE members_namesuffix;
"""

DROP = """
DROP TRIGGER IF EXISTS members_namesuffix_paths ON organizations_organization;
DROP FUNCTION IF EXISTS members_namesuffix_paths() CASCADE;
DROP FUNCTION IF EXISTS members_namesuffix_sync() CASCADE;
DROP TABLE IF EXISTS members_namesuffix;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_sort_covering_index"), ("organizations", "0002_committee_constraints")]

    operations = [
        migrations.CreateModel(
            name="NameSuffix",
            fields=[
                ("pk", models.CompositePrimaryKey("member_id", "position", blank=True, editable=False, primary_key=True, serialize=False)),
                ("position", models.PositiveSmallIntegerField()),
                ("suffix", models.CharField(max_length=200)),
                ("head", models.CharField(max_length=200)),
                ("path", models.CharField(max_length=255, null=True)),
                ("status", models.CharField(max_length=30)),
                ("sort_key", models.CharField(max_length=600)),
                ("member", models.ForeignKey(db_constraint=False, on_delete=models.deletion.DO_NOTHING, related_name="+", to="members.member")),
            ],
            options={"db_table": "members_namesuffix", "managed": False},
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
