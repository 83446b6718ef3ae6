"""Where the dues signal gets its months: the interface the dues ledger will fill.

The setting `DANGBO_SCREENING_DUES_PROVIDER` names (dotted path) a function

    provider(year: int, path: str) -> dict[int, list[int]] | None

that answers, for the members whose current cell lies under `path` (materialized path prefix), the months
(1–12) of `year` they owe dues for without a valid reason: `{member_id: [3, 4, 5]}`. Members who owe nothing
may be left out. `None` means "no dues records for that year and subtree": the pages then say that the dues
signal could not be computed, rather than suggesting nobody owes anything. The provider must be set-based (a
few queries whatever the size of the subtree): the whole province is computed in one go.

Until the dues app exists the default provider `no_dues_data` answers `None`. See decision 0027.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

DuesProvider = Callable[[int, str], "dict[int, list[int]] | None"]
SETTING = "DANGBO_SCREENING_DUES_PROVIDER"
DEFAULT_PROVIDER = "dangbo.screening.dues.no_dues_data"
NO_DATA_TEXT = (
    "Chưa có số liệu đảng phí: dấu hiệu “không đóng đảng phí” chưa được tính (phần quản lý đảng phí sẽ cung cấp)."
)


def no_dues_data(year: int, path: str) -> dict[int, list[int]] | None:
    """The default provider: no dues records anywhere."""
    return None


def provider_name() -> str:
    return str(getattr(settings, SETTING, "") or DEFAULT_PROVIDER)


def provider_configured() -> bool:
    """Whether a dues ledger has been plugged in (the default provider knows nothing)."""
    return provider_name() != DEFAULT_PROVIDER


def unpaid_months(year: int, path: str) -> dict[int, list[int]] | None:
    """The unpaid months of `year` per member under `path`, from the configured provider (None: no data)."""
    provider: DuesProvider = import_string(provider_name())
    found = provider(year, path)
    if found is None:
        return None
    return {
        int(member_id): sorted({int(m) for m in months if 1 <= int(m) <= 12}) for member_id, months in found.items()
    }
