"""Hash the clear-text tokens of DRF's `authtoken` app into `ApiToken`, then drop its table.

An old key (40 hex characters, no dot) keeps working until the default lifetime runs out: its first 8
characters become the prefix, and the digest is that of `<prefix>.<rest>`, the form `check_key` gives an old
key. The table is read with SQL because the app is no longer installed; then it is dropped.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TABLE = "authtoken_token"


def hash_old_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires_at = timezone.now() + dt.timedelta(days=int(settings.DANGBO_API_TOKEN_DAYS))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {TABLE}")
        rows = cursor.fetchall()
    for key, user_id in rows:
        prefix = key[:8]
        if ApiToken.objects.filter(prefix=prefix).exists():
            continue  # two old keys sharing 8 characters: the second one is dropped, not guessed at
        ApiToken.objects.create(
            user_id=user_id,
            name="Token cũ (trước khi lưu dạng băm)",
            prefix=prefix,
            digest=hashlib.sha256(f"{prefix}.{key[8:]}".encode()).hexdigest(),
            expires_at=expires_at,
        )
    schema_editor.execute(f"DROP TABLE {TABLE}")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_token")]

    operations = [migrations.RunPython(hash_old_tokens, migrations.RunPython.noop)]
