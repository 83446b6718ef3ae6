"""The limitation period checked when a signs-of-violation case opens (Quy định 69-QĐ/TW, Art. 4, as amended by
Quy định 264-QĐ/TW): a violation past its period can no longer be disciplined, so no case is opened on it.

The period is the discipline rule set's (`discipline.selectors.limitation_ends`, with the subject's later recorded
violations restarting the clock); the last day within it may still open a case, the day after may not.
"""

from __future__ import annotations

import datetime as dt

from dangbo.core.errors import DomainError
from dangbo.discipline.enums import DisciplineForm, ViolationKind
from dangbo.discipline.rules import rules_in_force
from dangbo.discipline.selectors import later_violations_of, limitation_ends
from dangbo.members.models import Member
from dangbo.organizations.models import Organization


def check_limitation(
    *, violation_date: dt.date, violation_kind: str, form: str, on: dt.date, member: Member | None,
    organization: Organization | None,
) -> str:  # fmt: skip
    """Refuse to open a case on `on` about a violation whose limitation period has ended; the violation kind
    (ordinary when not given) otherwise."""
    kind = violation_kind or ViolationKind.ORDINARY
    if kind not in ViolationKind.values:
        raise DomainError("Loại vi phạm (để tính thời hiệu) không hợp lệ.", field="violation_kind")
    rules = rules_in_force(on)
    later = later_violations_of(member=member, organization=organization, after=violation_date)
    ends = limitation_ends(violation_date, kind, form, rules, later_violations=later)
    if ends is None or on <= ends:
        return kind
    level = str(DisciplineForm(form).label).lower()
    raise DomainError(
        rules.limitation_source.cite(
            f"Không thể mở cuộc kiểm tra: vi phạm ngày {violation_date:%d/%m/%Y} (mức {level}) đã hết thời hiệu xử "
            f"lý kỷ luật: thời hiệu {rules.limitation_years[form]} năm kết thúc ngày {ends:%d/%m/%Y}, ngày quyết "
            f"định kiểm tra là {on:%d/%m/%Y}"
        )
        + ".",
        field="violation_date",
    )
