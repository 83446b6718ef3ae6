"""Inspection and supervision (Quy định 296-QĐ/TW of 30/5/2025, which replaced 22-QĐ/TW): the kinds of case, the
bodies that run them, the stages of a case in order and the conclusion's outcomes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    ROUTINE_SUPERVISION = "routine_supervision", _("Giám sát thường xuyên")
    THEMATIC_SUPERVISION = "thematic_supervision", _("Giám sát chuyên đề")
    SUSPECTED_VIOLATION = "suspected_violation", _("Kiểm tra khi có dấu hiệu vi phạm")
    DUTY_EXECUTION = "duty_execution", _("Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát và thi hành kỷ luật đảng")
    PARTY_FINANCE = "party_finance", _("Kiểm tra tài chính đảng")


class Body(models.TextChoices):
    """Who in the inspecting organization runs the programme or the case."""

    COMMITTEE = "committee", _("Cấp ủy, chi bộ")
    INSPECTION_COMMISSION = "inspection_commission", _("Ủy ban Kiểm tra")


class SubjectKind(models.TextChoices):
    MEMBER = "member", _("Đảng viên")
    ORGANIZATION = "organization", _("Tổ chức đảng")


class CaseState(models.TextChoices):
    PLANNED = "planned", _("Trong chương trình, chưa tiến hành")
    IN_PROGRESS = "in_progress", _("Đang tiến hành")
    CONCLUDED = "concluded", _("Đã kết luận, đang theo dõi")
    CLOSED = "closed", _("Đã hoàn thành")


class ConclusionResult(models.TextChoices):
    NO_VIOLATION = "no_violation", _("Không có vi phạm")
    REMEDY = "remedy", _("Có vi phạm, yêu cầu khắc phục")
    DISCIPLINE = "discipline", _("Có vi phạm, phải xem xét kỷ luật")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Trưởng đoàn")
    MEMBER = "member", _("Thành viên")


class Stage(models.TextChoices):
    DECISION = "decision", _("Quyết định và kế hoạch")
    NOTICE = "notice", _("Thông báo cho đối tượng")
    REPORT = "report", _("Đối tượng báo cáo")
    VERIFICATION = "verification", _("Thẩm tra, xác minh")
    DRAFT = "draft", _("Dự thảo báo cáo, đối tượng giải trình")
    CONCLUSION = "conclusion", _("Kết luận")
    CONCLUSION_NOTICE = "conclusion_notice", _("Thông báo kết luận")
    FOLLOW_UP = "follow_up", _("Theo dõi thực hiện kết luận")


@dataclass(frozen=True)
class StageSpec:
    stage: Stage
    field: str  # the case's date field that records the day it was done

    @property
    def label(self) -> Promise:
        return self.stage.label


# The stages of every case, in the order they are done; the decision's date starts every deadline.
STAGES: tuple[StageSpec, ...] = (
    StageSpec(Stage.DECISION, "decision_date"),
    StageSpec(Stage.NOTICE, "notice_on"),
    StageSpec(Stage.REPORT, "report_on"),
    StageSpec(Stage.VERIFICATION, "verified_on"),
    StageSpec(Stage.DRAFT, "draft_on"),
    StageSpec(Stage.CONCLUSION, "concluded_on"),
    StageSpec(Stage.CONCLUSION_NOTICE, "conclusion_notice_on"),
    StageSpec(Stage.FOLLOW_UP, "closed_on"),
)
STAGE_FIELD = {spec.stage.value: spec.field for spec in STAGES}
# The stages recorded with a plain date (the others have their own step: decision, conclusion, closing).
DATED_STAGES = (Stage.NOTICE, Stage.REPORT, Stage.VERIFICATION, Stage.DRAFT, Stage.CONCLUSION_NOTICE)

# The levels a rule set names (an organization's level, `organizations.enums.OrgLevel`).
LEVELS = ("upper", "grassroots", "below")
