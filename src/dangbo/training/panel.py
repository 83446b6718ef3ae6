"""The training panel of the member page (registered in `apps.TrainingConfig.ready` through `members.panels`):
the theory level on the sheet, the qualifications, the courses with their results and certificates (valid or
not on the day), and, for those who manage training over the member's cell, the link to record a qualification.
Reads only: the member page has checked access and audited the view."""

from __future__ import annotations

from typing import Any

from dangbo.accounts.enums import Right
from dangbo.members.panels import PanelContext

from .selectors import is_valid_on, member_record


def member_panel_context(ctx: PanelContext) -> dict[str, Any] | None:
    record = member_record(ctx.member)
    courses = [
        (
            e,
            getattr(e, "certificate", None),
            is_valid_on(e.certificate, ctx.today) if hasattr(e, "certificate") else None,
        )
        for e in record.enrollments
    ]
    return {
        "qualifications": record.qualifications,
        "courses": courses,
        "can_record": ctx.scope.covers_path(Right.MANAGE_TRAINING, ctx.member.organization.path),
        "today": ctx.today,
    }
