"""The production log format, shared by the settings (the application's loggers) and gunicorn's own logger."""

from __future__ import annotations

from typing import Any


def json_formatter() -> dict[str, Any]:
    """One JSON object per line: time, level, logger, message, and whatever `extra` fields a record carries."""
    return {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        "json_ensure_ascii": False,  # Vietnamese messages stay readable in the journal
    }
