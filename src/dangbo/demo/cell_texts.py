"""The words of the demo's meetings and tasks: topics, agendas, minutes, resolutions, places, task titles."""

from __future__ import annotations

import datetime as dt
import random

from dangbo.assignments.enums import TaskKind
from dangbo.meetings.enums import AbsenceReason, MeetingKind
from dangbo.meetings.models import Meeting
from dangbo.organizations.models import Organization

CANCEL_REASON = "Trùng lịch hội nghị của cấp trên; chi bộ sinh hoạt vào ngày khác trong tháng."
GUEST_NOTE = "Dự sinh hoạt theo phân công phụ trách"
REASONS = [AbsenceReason.WORK] * 4 + [AbsenceReason.SICK] * 2 + [
    AbsenceReason.FAMILY, AbsenceReason.STUDY, AbsenceReason.SPECIAL_DUTY, AbsenceReason.OTHER]  # fmt: skip
THEMES = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần trách nhiệm, gương mẫu",
    "Thực hiện Quy định số 144-QĐ/TW về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên",
    "Nâng cao chất lượng chuyển đổi số trong cơ quan, đơn vị",
    "Phòng, chống tham nhũng, lãng phí, tiêu cực trong thực thi công vụ",
    "Vai trò nêu gương của đảng viên trong thực hiện nhiệm vụ chuyên môn",
    "Cải cách hành chính, nâng cao chỉ số hài lòng của người dân và doanh nghiệp",
    "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
    "Thực hành tiết kiệm, chống lãng phí trong cơ quan, doanh nghiệp",
    "Đổi mới phương thức lãnh đạo của chi bộ đối với nhiệm vụ chính trị của đơn vị",
    "Quán triệt Nghị quyết Đại hội Đảng bộ Khối nhiệm kỳ 2025–2030",
]
ROOMS = ["Phòng họp tầng 2", "Hội trường cơ quan", "Phòng họp số 1", "Phòng họp giao ban", "Phòng họp tầng 3"]
AGENDA_REGULAR = (
    "1. Thông tin thời sự, chủ trương, chính sách mới.\n2. Đánh giá kết quả thực hiện nhiệm vụ tháng trước.\n"
    "3. Phương hướng, nhiệm vụ tháng tới.\n4. Thảo luận, biểu quyết nghị quyết."
)
AGENDA_THEMATIC = (
    "1. Báo cáo đề dẫn chuyên đề.\n2. Đảng viên thảo luận, liên hệ bản thân.\n"
    "3. Chi bộ kết luận, đề ra giải pháp thực hiện."
)
TASKS = {
    TaskKind.PROFESSIONAL: [
        "Chủ trì xây dựng kế hoạch công tác chuyên môn của phòng năm {year}",
        "Hoàn thành hồ sơ số hóa tài liệu lưu trữ thuộc lĩnh vực phụ trách",
        "Rút ngắn thời gian giải quyết thủ tục hành chính được giao",
        "Tham mưu xây dựng đề án, báo cáo chuyên đề của đơn vị",
        "Hoàn thành chỉ tiêu kế hoạch sản xuất, kinh doanh được giao",
    ],
    TaskKind.PARTY_WORK: [
        "Theo dõi, tổng hợp việc học tập nghị quyết của chi bộ",
        "Phụ trách công tác kiểm tra, giám sát của chi bộ",
        "Viết tin, bài tuyên truyền trên trang thông tin của Đảng bộ",
    ],
    TaskKind.MASS_ORGANIZATION: [
        "Phụ trách công tác công đoàn của phòng",
        "Hướng dẫn hoạt động của Chi đoàn thanh niên",
        "Tổ chức phong trào thi đua của đơn vị năm {year}",
    ],
    TaskKind.RESIDENCE: ["Tham gia sinh hoạt và công tác ở nơi cư trú theo Quy định 213-QĐ/TW"],
    TaskKind.HELP_MEMBER: [
        "Giúp đỡ quần chúng ưu tú phấn đấu vào Đảng",
        "Giúp đỡ đảng viên dự bị trong thời gian dự bị",
    ],
}
TASK_WEIGHTS = {TaskKind.PROFESSIONAL: 6, TaskKind.PARTY_WORK: 2, TaskKind.MASS_ORGANIZATION: 2,
                TaskKind.RESIDENCE: 1, TaskKind.HELP_MEMBER: 1}  # fmt: skip
RESULT_NOTES = {
    "exceeded": "Hoàn thành vượt yêu cầu, được chi bộ biểu dương.",
    "on_time": "Hoàn thành đúng thời hạn, bảo đảm chất lượng.",
    "late": "Hoàn thành nhưng chậm so với thời hạn.",
    "not_done": "Chưa hoàn thành; chi bộ nhắc nhở, tiếp tục theo dõi.",
}


def place(rng: random.Random, cell: Organization) -> str:
    return rng.choice(ROOMS)


def topic(rng: random.Random, kind: str, day: dt.date) -> str:
    month = f"tháng {day.month}/{day.year}"
    if kind == MeetingKind.REGULAR:
        return f"Sinh hoạt chi bộ thường kỳ {month}"
    theme = rng.choice(THEMES)
    if kind == MeetingKind.COMBINED:
        return f"Sinh hoạt thường kỳ {month} kết hợp chuyên đề: {theme}"
    return f"Chuyên đề: {theme}"


def agenda(kind: str) -> str:
    if kind == MeetingKind.REGULAR:
        return AGENDA_REGULAR
    if kind == MeetingKind.THEMATIC:
        return AGENDA_THEMATIC
    return AGENDA_REGULAR + "\n5. Sinh hoạt chuyên đề: báo cáo đề dẫn, thảo luận, kết luận."


def resolutions(kind: str) -> str:
    if kind == MeetingKind.THEMATIC:
        return "Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể để thực hiện chuyên đề; chi bộ kiểm tra hằng quý."
    return "Chi bộ thống nhất các nhiệm vụ trọng tâm của tháng tới và phân công đảng viên phụ trách thực hiện."


def minutes(m: Meeting, present: int, expected: int) -> str:
    assert m.started_at is not None and m.ended_at is not None
    return (
        f"Chi bộ sinh hoạt từ {m.started_at:%H} giờ {m.started_at:%M} đến {m.ended_at:%H} giờ {m.ended_at:%M} "
        f"ngày {m.day:%d/%m/%Y}. Có mặt {present}/{expected} đảng viên. Đồng chí Bí thư chi bộ chủ trì; "
        "các đảng viên phát biểu ý kiến; chi bộ biểu quyết thông qua nghị quyết."
    )
