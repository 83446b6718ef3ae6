"""Backups that restore (decision 0052): `manage.py backup` and `manage.py restore`.

A backup is one folder `dangbo-YYYYMMDD-HHMMSS` in `DANGBO_BACKUP_DIR`: the database (`database.dump`, PostgreSQL's
custom format, or `database.sqlite3`), the uploaded files (`media.tar`) and `manifest.json` (vendor, applied
migrations per app, app version, created time, SHA-256 of every file). `manifest` reads and checks it,
`database` dumps and restores each vendor, `media` packs and unpacks MEDIA_ROOT, `writing` creates backups
atomically and prunes old ones, `restoring` refuses what must not be restored and restores the rest.
"""
