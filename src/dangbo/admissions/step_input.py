"""What a step of the admission workflow is given and hands back: the step's data read with Vietnamese messages
(`Input`, which records what it read, JSON-safe, for the `Transition`), the context a handler works in (`Ctx`),
where the candidacy goes (`Outcome`), and the checks every step's date goes through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dangbo.core.errors import DomainError

from .enums import Step
from .models import Candidate
from .rules import AdmissionRules
from .selectors import open_transitions

# The longest reason a step keeps (the pages' forms take as much).
REASON_LENGTH = 2000


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


class Input:
    """Reads the step's data; what it read goes into `record` (JSON-safe)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data if isinstance(data, dict) else {}
        self.record: dict[str, Any] = {}

    def date(self, key: str, label: str, *, required: bool = True) -> dt.date | None:
        value = self.data.get(key)
        if isinstance(value, str) and value.strip():
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise DomainError(f"{label} không đúng định dạng ngày.", field=key) from None
        if isinstance(value, dt.datetime):
            value = value.date()
        if value in (None, ""):
            if required:
                raise DomainError(f"Chưa nhập {label.lower()}.", field=key)
            self.record[key] = None
            return None
        if not isinstance(value, dt.date):
            raise DomainError(f"{label} không đúng định dạng ngày.", field=key)
        self.record[key] = value.isoformat()
        return value

    def day(self, key: str, label: str) -> dt.date:
        value = self.date(key, label)
        assert value is not None
        return value

    def whole(self, key: str, label: str) -> int:
        value = self.data.get(key)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            raise DomainError(f"{label} phải là một số nguyên.", field=key)
        if value < 0:
            raise DomainError(f"{label} không được âm.", field=key)
        self.record[key] = value
        return value

    def text(self, key: str, label: str, *, required: bool = False, max_length: int = 60) -> str:
        value = " ".join(str(self.data.get(key) or "").split())
        if required and not value:
            raise DomainError(f"Chưa nhập {label.lower()}.", field=key)
        if len(value) > max_length:
            raise DomainError(f"{label} dài quá {max_length} ký tự.", field=key)
        self.record[key] = value
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key)
        flag = value is True or (isinstance(value, str) and value.lower() in {"1", "true", "on", "yes"})
        self.record[key] = flag
        return flag


@dataclass
class Ctx:
    actor: Any
    candidate: Candidate
    step: Step
    input: Input
    today: dt.date
    made: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    to_stage: str
    on: dt.date
    rules: AdmissionRules | None = None


def not_future(ctx: Ctx, day: dt.date, key: str, label: str) -> None:
    if day > ctx.today:
        raise DomainError(f"{label} không được sau ngày hôm nay.", field=key)


def after_previous_step(ctx: Ctx, day: dt.date, key: str, label: str) -> None:
    """A step's date is not before the date of the previous step still standing."""
    last = open_transitions(ctx.candidate).order_by("-at", "-pk").first()
    previous = last.on if last is not None else ctx.candidate.proposed_on
    if day < previous:
        raise DomainError(f"{label} không được trước ngày của bước trước ({d(previous)}).", field=key)


def dated(ctx: Ctx, key: str, label: str, *, after_previous: bool = True) -> dt.date:
    day = ctx.input.day(key, label)
    not_future(ctx, day, key, label)
    if after_previous:
        after_previous_step(ctx, day, key, label)
    return day
