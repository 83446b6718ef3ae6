"""Domain errors: raised by services, shown to the user in Vietnamese, and nothing is saved."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the change. `message` is the Vietnamese text shown to the user."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class ConcurrentEditError(DomainError):
    """Someone else saved the record after this user opened it."""

    def __init__(self) -> None:
        super().__init__(
            "Bản ghi đã được người khác sửa sau khi bạn mở nó. Hãy tải lại trang và nhập lại thay đổi.",
            code="stale",
        )
