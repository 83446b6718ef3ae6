"""Before the application server or the worker starts: the settings load and the database answers.

`python -m dangbo.serving.preflight` prints one clear sentence, in Vietnamese and English, for a missing or
mistyped setting (e.g. no `DJANGO_SECRET_KEY`) or a database that cannot be reached, instead of a traceback
from the first worker; it exits 1 then, 0 when all is ready. scripts/serve and the gunicorn configuration run it.
"""

from __future__ import annotations

import sys


def _where(database: dict[str, object]) -> str:
    """Host, port and name of the database, never its user or password."""
    host = database.get("HOST") or "localhost"
    port = database.get("PORT") or ""
    return f"{host}{':' if port else ''}{port}/{database.get('NAME')}"


def problems() -> list[str]:
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError, connections

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        return [str(exc)]
    except ValueError as exc:  # a mistyped address in DANGBO_TRUSTED_PROXIES or DANGBO_METRICS_ALLOWED
        return [f"Cấu hình sai / Bad setting: {exc}"]
    connection = connections["default"]
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        where = _where(connection.settings_dict)
        return [
            f"Không kết nối được cơ sở dữ liệu {where} (DATABASE_URL): {reason} / "
            f"Cannot reach the database {where} (DATABASE_URL): {reason}"
        ]
    finally:
        connections.close_all()
    return []


def main() -> int:
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    if not found:
        print("Cấu hình và cơ sở dữ liệu sẵn sàng / settings and database ready")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
