"""Display of audit entries: Vietnamese labels for action codes, field names and values, object links.

Used by the partial `accounts/_audit_entries.html`, which renders any list of `AuditEntry` rows:

    {% include "accounts/_audit_entries.html" with entries=page.object_list %}

Entries store raw keys (`parent_id`, `form`, `reporting.year_report`); the page must never show them. Field
names become the model fields' verbose names, choice values their labels, ids of other records those records'
names: the ids of one page are resolved together (`audit_rows`, one query per kind of record), never per row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangbo.core.models import AuditEntry

register = template.Library()

ACTION_LABELS: dict[str, Any] = {
    "core.access.denied": gettext_lazy("Truy cập ngoài phạm vi bị từ chối"),
    "accounts.otp.enabled": gettext_lazy("Bật xác thực hai bước"),
    "accounts.api_token.created": gettext_lazy("Tạo mã truy cập API"),
    "accounts.api_token.revoked": gettext_lazy("Thu hồi mã truy cập API"),
    "members.member.created": gettext_lazy("Thêm đảng viên"),
    "members.member.updated": gettext_lazy("Sửa phiếu đảng viên"),
    "members.member.status_changed": gettext_lazy("Thay đổi trạng thái đảng viên"),
    "members.member.moved": gettext_lazy("Chuyển sinh hoạt sang chi bộ khác"),
    "members.member.viewed": gettext_lazy("Xem hồ sơ đảng viên"),
    "members.member.exported": gettext_lazy("Xuất danh sách đảng viên"),
    "members.member.imported": gettext_lazy("Nhập đảng viên từ tệp Excel"),
    "organizations.organization.created": gettext_lazy("Thành lập tổ chức đảng"),
    "organizations.organization.updated": gettext_lazy("Sửa thông tin tổ chức đảng"),
    "organizations.organization.exported": gettext_lazy("Xuất danh sách tổ chức đảng"),
    "organizations.restructured.create": gettext_lazy("Sắp xếp tổ chức: thành lập"),
    "organizations.restructured.rename": gettext_lazy("Sắp xếp tổ chức: đổi tên"),
    "organizations.restructured.reparent": gettext_lazy("Sắp xếp tổ chức: chuyển giao"),
    "organizations.restructured.merge": gettext_lazy("Sắp xếp tổ chức: hợp nhất"),
    "organizations.restructured.absorb": gettext_lazy("Sắp xếp tổ chức: sáp nhập"),
    "organizations.restructured.split": gettext_lazy("Sắp xếp tổ chức: chia tách"),
    "organizations.restructured.dissolve": gettext_lazy("Sắp xếp tổ chức: giải thể"),
    "organizations.committee.created": gettext_lazy("Thành lập cấp ủy"),
    "organizations.committee.updated": gettext_lazy("Sửa thông tin cấp ủy"),
    "organizations.committee.seat_added": gettext_lazy("Bổ sung cấp ủy viên"),
    "organizations.committee.seat_ended": gettext_lazy("Thôi giữ chức vụ cấp ủy"),
    "organizations.oversight.assigned": gettext_lazy("Phân công phụ trách cơ sở"),
    "organizations.oversight.ended": gettext_lazy("Kết thúc phân công phụ trách"),
    "organizations.committee.term_ended": gettext_lazy("Kết thúc nhiệm kỳ cấp ủy"),
    "organizations.committee.term_restored": gettext_lazy("Khôi phục nhiệm kỳ cấp ủy"),
    "core.job.downloaded": gettext_lazy("Tải tệp kết quả tác vụ nền"),
    "core.job.rerun": gettext_lazy("Chạy lại tác vụ nền bị lỗi"),
    "members.import.applied": gettext_lazy("Nhập dữ liệu từ tệp Excel"),
    "discipline.discipline.recorded": gettext_lazy("Ghi nhận quyết định kỷ luật"),
    "discipline.discipline.appealed": gettext_lazy("Ghi nhận khiếu nại quyết định kỷ luật"),
    "discipline.discipline.appeal_settled": gettext_lazy("Ghi nhận kết quả giải quyết khiếu nại kỷ luật"),
    "discipline.discipline.viewed": gettext_lazy("Xem quyết định kỷ luật qua API"),
    "discipline.ruleset.created": gettext_lazy("Thêm bộ quy tắc kỷ luật đảng"),
    "discipline.ruleset.changed": gettext_lazy("Sửa bộ quy tắc kỷ luật đảng"),
    "discipline.report.exported": gettext_lazy("Xuất báo cáo kỷ luật theo hình thức và cấp"),
    "evaluations.ruleset.created": gettext_lazy("Thêm bộ quy tắc xếp loại"),
    "evaluations.ruleset.changed": gettext_lazy("Sửa bộ quy tắc xếp loại"),
    "core.calendarday.created": gettext_lazy("Thêm ngày nghỉ, ngày làm bù vào lịch làm việc"),
    "core.calendarday.changed": gettext_lazy("Sửa ngày nghỉ, ngày làm bù trong lịch làm việc"),
    "core.calendarday.deleted": gettext_lazy("Xóa ngày nghỉ, ngày làm bù khỏi lịch làm việc"),
    "core.audit.archived": gettext_lazy("Lưu trữ nhật ký hoạt động một năm đã qua"),
    "admissions.decision.downloaded": gettext_lazy("Tải quyết định kết nạp (Word)"),
    "admissions.decision.pdf_requested": gettext_lazy("Tạo quyết định kết nạp (PDF)"),
    "admissions.recognition.downloaded": gettext_lazy("Tải quyết định công nhận đảng viên chính thức (Word)"),
    "admissions.recognition.pdf_requested": gettext_lazy("Tạo quyết định công nhận đảng viên chính thức (PDF)"),
    "admissions.candidates.exported": gettext_lazy("Xuất danh sách quần chúng ưu tú"),
    "admissions.probationary.exported": gettext_lazy("Xuất danh sách đảng viên dự bị"),
    "evaluations.campaign.opened": gettext_lazy("Mở đợt đánh giá, xếp loại"),
    "evaluations.campaign.locked": gettext_lazy("Khóa đợt đánh giá, xếp loại"),
    "evaluations.campaign.reopened": gettext_lazy("Mở lại đợt đánh giá đã khóa"),
    "evaluations.rating.self_assessed": gettext_lazy("Tự đánh giá, xếp loại"),
    "evaluations.rating.reviewed": gettext_lazy("Kiểm điểm, đề nghị xếp loại tại chi bộ"),
    "evaluations.rating.proposed": gettext_lazy("Đề xuất mức xếp loại"),
    "evaluations.rating.decided": gettext_lazy("Quyết định xếp loại"),
    "members.member.removed": gettext_lazy("Đưa ra khỏi danh sách đảng viên (đính chính lễ kết nạp)"),
    "members.member.status_undone": gettext_lazy("Hoàn tác thay đổi trạng thái đảng viên (đính chính)"),
    "admissions.ruleset.created": gettext_lazy("Thêm bộ quy tắc kết nạp"),
    "admissions.ruleset.changed": gettext_lazy("Sửa bộ quy tắc kết nạp"),
    "admissions.deciding_committee.created": gettext_lazy("Chỉ định cấp ủy quyết định kết nạp"),
    "admissions.deciding_committee.changed": gettext_lazy("Sửa cấp ủy quyết định kết nạp"),
    "admissions.candidate.proposed": gettext_lazy("Giới thiệu quần chúng ưu tú"),
    "admissions.candidate.viewed": gettext_lazy("Xem hồ sơ kết nạp"),
    "admissions.candidate.sheet_updated": gettext_lazy("Sửa lý lịch quần chúng ưu tú"),
    "admissions.candidate.course": gettext_lazy("Hồ sơ kết nạp: ghi nhận hoàn thành lớp bồi dưỡng"),
    "admissions.candidate.application": gettext_lazy("Hồ sơ kết nạp: ghi nhận đơn xin vào Đảng và lý lịch"),
    "admissions.candidate.verify": gettext_lazy("Hồ sơ kết nạp: ghi nhận kết quả thẩm tra lý lịch"),
    "admissions.candidate.sponsors": gettext_lazy("Hồ sơ kết nạp: ghi nhận người giới thiệu"),
    "admissions.candidate.cell_vote": gettext_lazy("Hồ sơ kết nạp: ghi nhận nghị quyết chi bộ"),
    "admissions.candidate.committee": gettext_lazy("Hồ sơ kết nạp: ghi nhận nghị quyết đảng ủy cơ sở"),
    "admissions.candidate.decision": gettext_lazy("Hồ sơ kết nạp: ghi nhận quyết định kết nạp"),
    "admissions.candidate.ceremony": gettext_lazy("Hồ sơ kết nạp: ghi nhận lễ kết nạp"),
    "admissions.candidate.recognition_vote": gettext_lazy("Hồ sơ kết nạp: ghi nhận biểu quyết công nhận chính thức"),
    "admissions.candidate.higher_decision": gettext_lazy("Hồ sơ kết nạp: ghi nhận quyết định của cấp ủy cấp trên"),
    "admissions.candidate.withdraw": gettext_lazy("Hồ sơ kết nạp: rút khỏi danh sách"),
    "admissions.candidate.reject": gettext_lazy("Hồ sơ kết nạp: không kết nạp"),
    "admissions.candidate.correct": gettext_lazy("Hồ sơ kết nạp: đính chính (trở lại bước trước)"),
    "evaluations.rating.verified": gettext_lazy("Thẩm định kết quả xếp loại"),
    "evaluations.rating.overridden": gettext_lazy("Cấp trên điều chỉnh xếp loại"),
    "evaluations.checklist.created": gettext_lazy("Ban hành tiêu chí danh hiệu"),
    "evaluations.checklist.updated": gettext_lazy("Sửa tiêu chí danh hiệu"),
    "evaluations.designation.created": gettext_lazy("Công nhận danh hiệu"),
    "evaluations.designation.revoked": gettext_lazy("Thu hồi danh hiệu"),
    "admissions.quota.created": gettext_lazy("Giao chỉ tiêu kết nạp đảng viên"),
    "admissions.quota.updated": gettext_lazy("Sửa chỉ tiêu kết nạp đảng viên"),
    "reporting.year_report.generated": gettext_lazy("Lập báo cáo kết quả năm"),
    "reporting.plan_review.generated": gettext_lazy("Lập báo cáo sơ kết, tổng kết kế hoạch"),
    "demo.campaign.filled": gettext_lazy("Nạp kết quả xếp loại mẫu"),
    "admissions.dossier.uploaded": gettext_lazy("Tải lên tài liệu hồ sơ kết nạp"),
    "admissions.dossier.viewed": gettext_lazy("Xem tài liệu hồ sơ kết nạp"),
    "movements.movement.temporary_out": gettext_lazy("Ghi nhận chuyển sinh hoạt tạm thời đi"),
    "movements.movement.temporary_in": gettext_lazy("Tiếp nhận sinh hoạt tạm thời từ ngoài Đảng bộ"),
    "movements.movement.temporary_returned": gettext_lazy("Ghi nhận kết thúc sinh hoạt tạm thời"),
    "movements.movement.exempted": gettext_lazy("Ghi nhận miễn công tác và sinh hoạt đảng"),
    "movements.movement.exemption_informed": gettext_lazy("Ghi nhận đã báo cáo cấp trên việc miễn sinh hoạt"),
    "movements.movement.exemption_ended": gettext_lazy("Ghi nhận trở lại công tác và sinh hoạt đảng"),
    "movements.movement.abroad_applied": gettext_lazy("Ghi nhận đơn xin đi nước ngoài"),
    "movements.movement.abroad_opinion": gettext_lazy("Ghi nhận ý kiến của chi bộ về việc đi nước ngoài"),
    "movements.movement.abroad_approved": gettext_lazy("Cấp ủy cơ sở đồng ý cho đi nước ngoài"),
    "movements.movement.abroad_departed": gettext_lazy("Ghi nhận xuất cảnh"),
    "movements.movement.abroad_returned": gettext_lazy("Ghi nhận về nước"),
    "movements.movement.abroad_reported": gettext_lazy("Ghi nhận báo cáo sau khi về nước"),
    "movements.movement.suspended": gettext_lazy("Ghi nhận đình chỉ sinh hoạt đảng"),
    "movements.movement.suspension_ended": gettext_lazy("Chấm dứt đình chỉ sinh hoạt đảng trước thời hạn"),
    "movements.movement.suspension_extended": gettext_lazy("Gia hạn đình chỉ sinh hoạt đảng"),
    "movements.member_records.viewed": gettext_lazy("Xem biến động của một đảng viên"),
    "notifications.read": gettext_lazy("Đọc thông báo"),
    "notifications.all_read": gettext_lazy("Đánh dấu tất cả thông báo đã đọc"),
    "notifications.preferences_changed": gettext_lazy("Đổi lựa chọn nhận thông báo"),
    "meetings.reply.recorded": gettext_lazy("Trả lời giấy mời sinh hoạt"),
    "meetings.meeting.scheduled": gettext_lazy("Lên lịch buổi sinh hoạt"),
    "meetings.meeting.plan_updated": gettext_lazy("Sửa kế hoạch buổi sinh hoạt"),
    "meetings.meeting.held": gettext_lazy("Ghi nhận buổi sinh hoạt đã tổ chức"),
    "meetings.meeting.attendance_saved": gettext_lazy("Điểm danh buổi sinh hoạt"),
    "meetings.meeting.minutes_recorded": gettext_lazy("Ghi biên bản, nghị quyết buổi sinh hoạt"),
    "meetings.meeting.guests_recorded": gettext_lazy("Ghi nhận cấp ủy cấp trên dự sinh hoạt"),
    "meetings.meeting.cancelled": gettext_lazy("Hủy buổi sinh hoạt"),
    "meetings.meeting.viewed": gettext_lazy("Xem buổi sinh hoạt"),
    "meetings.meeting.minutes_downloaded": gettext_lazy("Tải biên bản sinh hoạt (Word)"),
    "meetings.meeting.minutes_pdf_requested": gettext_lazy("Tạo biên bản sinh hoạt (PDF)"),
    "meetings.file.uploaded": gettext_lazy("Tải lên tệp của buổi sinh hoạt"),
    "meetings.file.viewed": gettext_lazy("Xem tệp của buổi sinh hoạt"),
    "meetings.ruleset.created": gettext_lazy("Thêm bộ quy tắc sinh hoạt đảng"),
    "meetings.ruleset.changed": gettext_lazy("Sửa bộ quy tắc sinh hoạt đảng"),
    "meetings.quarter.locked": gettext_lazy("Khóa số liệu sinh hoạt quý"),
    "meetings.quarter.unlocked": gettext_lazy("Mở khóa số liệu sinh hoạt quý"),
    "meetings.compliance.exported": gettext_lazy("Xuất tình hình sinh hoạt chi bộ theo quý"),
    "meetings.calendar.exported": gettext_lazy("Xuất lịch sinh hoạt chi bộ"),
    "assignments.task.assigned": gettext_lazy("Giao nhiệm vụ cho đảng viên"),
    "assignments.task.updated": gettext_lazy("Sửa nhiệm vụ được giao"),
    "assignments.task.progress": gettext_lazy("Cập nhật tiến độ nhiệm vụ"),
    "assignments.task.result": gettext_lazy("Ghi kết quả cuối năm của nhiệm vụ"),
    "assignments.task.removed": gettext_lazy("Xóa nhiệm vụ giao nhầm"),
    "assignments.tasks.exported": gettext_lazy("Xuất danh sách nhiệm vụ đảng viên"),
    "movements.residence_introduction.created": gettext_lazy("Giới thiệu đảng viên về sinh hoạt nơi cư trú"),
    "movements.residence_introduction.ended": gettext_lazy("Kết thúc giới thiệu sinh hoạt nơi cư trú"),
    "movements.residence_feedback.recorded": gettext_lazy("Ghi nhận xét của chi bộ nơi cư trú"),
    "movements.residence_feedback.corrected": gettext_lazy("Sửa nhận xét của chi bộ nơi cư trú"),
    "movements.residence_feedback.viewed": gettext_lazy("Xem nhận xét của chi bộ nơi cư trú"),
    "movements.report.exported": gettext_lazy("Xuất báo cáo biến động đảng viên"),
    "screening.ruleset.created": gettext_lazy("Thêm bộ quy tắc rà soát, sàng lọc"),
    "screening.ruleset.changed": gettext_lazy("Sửa bộ quy tắc rà soát, sàng lọc"),
    "screening.round.opened": gettext_lazy("Mở đợt rà soát, sàng lọc của chi bộ"),
    "screening.review.added": gettext_lazy("Chi bộ bổ sung đảng viên vào danh sách rà soát"),
    "screening.review.voted": gettext_lazy("Ghi kết quả biểu quyết rà soát, sàng lọc"),
    "screening.review.outcome": gettext_lazy("Ghi kết quả sau thời gian giáo dục, giúp đỡ"),
    "screening.round.closed": gettext_lazy("Kết thúc đợt rà soát, sàng lọc"),
    "screening.evidence.viewed": gettext_lazy("Xem căn cứ rà soát, sàng lọc của đảng viên"),
    "movements.ruleset.created": gettext_lazy("Thêm bộ quy tắc biến động đảng viên"),
    "movements.ruleset.changed": gettext_lazy("Sửa bộ quy tắc biến động đảng viên"),
    "movements.movement.viewed": gettext_lazy("Xem hồ sơ biến động đảng viên"),
    "movements.transfer.recorded": gettext_lazy("Chuyển sinh hoạt đảng viên trong Đảng bộ"),
    "movements.transfer.requested": gettext_lazy("Gửi chuyển sinh hoạt, chờ nơi nhận tiếp nhận"),
    "movements.transfer.accepted": gettext_lazy("Tiếp nhận đảng viên chuyển sinh hoạt đến"),
    "movements.transfer.declined": gettext_lazy("Từ chối tiếp nhận đảng viên chuyển sinh hoạt"),
    "movements.transfer.cancelled": gettext_lazy("Hủy thủ tục chuyển sinh hoạt"),
    "movements.transfer_out.started": gettext_lazy("Bắt đầu chuyển sinh hoạt ra ngoài Đảng bộ"),
    "movements.transfer_out.letter": gettext_lazy("Ghi giấy giới thiệu sinh hoạt đảng"),
    "movements.transfer_out.handed_over": gettext_lazy("Ghi ngày bàn giao đảng viên chuyển đi"),
    "movements.transfer_in.received": gettext_lazy("Tiếp nhận đảng viên từ ngoài Đảng bộ"),
    "movements.letter.downloaded": gettext_lazy("Tải giấy giới thiệu sinh hoạt đảng (Word)"),
    "movements.letter.pdf_requested": gettext_lazy("Tạo giấy giới thiệu sinh hoạt đảng (PDF)"),
    "dues.base.set": gettext_lazy("Khai báo đối tượng, căn cứ tính đảng phí"),
    "dues.base.changed": gettext_lazy("Sửa đối tượng, căn cứ tính đảng phí"),
    "dues.relief.added": gettext_lazy("Ghi miễn, giảm đảng phí"),
    "dues.relief.removed": gettext_lazy("Xóa miễn, giảm đảng phí ghi nhầm"),
    "dues.payment.recorded": gettext_lazy("Ghi thu đảng phí của đảng viên"),
    "dues.cell_month.recorded": gettext_lazy("Ghi thu đảng phí tháng của cả chi bộ"),
    "dues.month.excused": gettext_lazy("Ghi lý do chưa đóng đảng phí"),
    "dues.own.viewed": gettext_lazy("Xem sổ đảng phí của đảng viên"),
    "dues.profile.viewed": gettext_lazy("Xem hồ sơ đảng phí (đối tượng, căn cứ tính, miễn giảm) của đảng viên"),
    "dues.ledger.exported": gettext_lazy("Xuất sổ đảng phí của chi bộ"),
    "dues.arrears.exported": gettext_lazy("Xuất danh sách nợ đảng phí"),
    "dues.retention.set": gettext_lazy("Đặt tỷ lệ trích giữ lại đảng phí"),
    "dues.account.set": gettext_lazy("Đặt tài khoản thu đảng phí (VietQR)"),
    "dues.remittance.recorded": gettext_lazy("Ghi nộp đảng phí lên cấp trên"),
    "dues.remittance.changed": gettext_lazy("Sửa khoản nộp đảng phí lên cấp trên"),
    "dues.statement.exported": gettext_lazy("Xuất báo cáo thu, nộp đảng phí"),
    "dues.reconciliation.uploaded": gettext_lazy("Tải lên sao kê để đối soát đảng phí"),
    "dues.reconciliation.reviewed": gettext_lazy("Rà soát các dòng đối soát đảng phí"),
    "dues.reconciliation.applied": gettext_lazy("Ghi các dòng đối soát vào sổ đảng phí"),
    "complaints.ruleset.created": gettext_lazy("Thêm bộ quy tắc khiếu nại, tố cáo"),
    "complaints.ruleset.changed": gettext_lazy("Sửa bộ quy tắc khiếu nại, tố cáo"),
    "complaints.complaint.received": gettext_lazy("Tiếp nhận đơn khiếu nại, tố cáo"),
    "complaints.complaint.viewed": gettext_lazy("Xem đơn khiếu nại, tố cáo"),
    "complaints.complaint.assigned": gettext_lazy("Giao cán bộ giải quyết đơn"),
    "complaints.complaint.extended": gettext_lazy("Gia hạn giải quyết đơn"),
    "complaints.complaint.resolved": gettext_lazy("Ghi kết quả giải quyết đơn"),
    "complaints.complaint.replied": gettext_lazy("Ghi việc trả lời người gửi đơn"),
    "complaints.complaint.not_considered": gettext_lazy("Ghi đơn không xem xét, giải quyết"),
    "complaints.identity.viewed": gettext_lazy("Xem danh tính người khiếu nại, tố cáo"),
    "complaints.identity.corrected": gettext_lazy("Sửa danh tính người khiếu nại, tố cáo"),
    "complaints.list.exported": gettext_lazy("Xuất danh sách đơn khiếu nại, tố cáo"),
    "complaints.report.exported": gettext_lazy("Xuất báo cáo khiếu nại, tố cáo"),
    "complaints.notice.recorded": gettext_lazy("Ghi thông báo giữa cơ quan, đoàn thể và tổ chức đảng"),
    "complaints.notice.dated": gettext_lazy("Ghi ngày thông báo"),
    "inspection.programme.created": gettext_lazy("Lập chương trình kiểm tra, giám sát"),
    "inspection.programme.changed": gettext_lazy("Sửa chương trình kiểm tra, giám sát"),
    "inspection.case.planned": gettext_lazy("Thêm cuộc kiểm tra, giám sát vào chương trình"),
    "inspection.case.opened": gettext_lazy("Mở cuộc kiểm tra, giám sát (có quyết định)"),
    "inspection.case.decided": gettext_lazy("Ghi quyết định kiểm tra, giám sát"),
    "inspection.case.team_set": gettext_lazy("Ghi thành phần đoàn kiểm tra, giám sát"),
    "inspection.case.stage_recorded": gettext_lazy("Ghi một bước của cuộc kiểm tra, giám sát"),
    "inspection.case.finding_added": gettext_lazy("Ghi kết quả thẩm tra, xác minh"),
    "inspection.case.concluded": gettext_lazy("Kết luận cuộc kiểm tra, giám sát"),
    "inspection.case.follow_up_added": gettext_lazy("Giao việc theo dõi thực hiện kết luận"),
    "inspection.case.follow_up_done": gettext_lazy("Ghi hoàn thành việc theo dõi"),
    "inspection.case.closed": gettext_lazy("Hoàn thành cuộc kiểm tra, giám sát"),
    "inspection.case.viewed": gettext_lazy("Xem cuộc kiểm tra, giám sát"),
    "inspection.report.exported": gettext_lazy("Xuất báo cáo kiểm tra, giám sát"),
    "inspection.ruleset.created": gettext_lazy("Thêm bộ quy tắc kiểm tra, giám sát"),
    "inspection.ruleset.changed": gettext_lazy("Sửa bộ quy tắc kiểm tra, giám sát"),
    "recognition.ruleset.created": gettext_lazy("Thêm bộ quy tắc Huy hiệu Đảng"),
    "recognition.ruleset.changed": gettext_lazy("Sửa bộ quy tắc Huy hiệu Đảng"),
    "recognition.badge.proposed": gettext_lazy("Đề nghị tặng Huy hiệu Đảng"),
    "recognition.badge.awarded": gettext_lazy("Ghi quyết định tặng Huy hiệu Đảng"),
    "recognition.badge.withdrawn": gettext_lazy("Rút đề nghị tặng Huy hiệu Đảng"),
    "recognition.badges.exported": gettext_lazy("Xuất danh sách xét tặng Huy hiệu Đảng"),
    "recognition.report.exported": gettext_lazy("Xuất báo cáo Huy hiệu Đảng"),
    "recognition.illness.recorded": gettext_lazy("Ghi xác nhận đảng viên bị bệnh nặng"),
    "recognition.improvement.confirmed": gettext_lazy("Chi bộ công nhận đảng viên sửa chữa tốt khuyết điểm"),
    "recognition.commendation.proposed": gettext_lazy("Đề nghị khen thưởng"),
    "recognition.commendation.decided": gettext_lazy("Quyết định khen thưởng"),
    "recognition.commendation.refused": gettext_lazy("Không khen thưởng theo đề nghị"),
    "recognition.commendation_kind.created": gettext_lazy("Thêm loại khen thưởng"),
    "recognition.commendation_kind.changed": gettext_lazy("Sửa loại khen thưởng"),
    "recognition.commendation_level.created": gettext_lazy("Thêm mức khen thưởng"),
    "recognition.commendation_level.changed": gettext_lazy("Sửa mức khen thưởng"),
    "training.course.created": gettext_lazy("Mở lớp đào tạo, bồi dưỡng"),
    "training.course.updated": gettext_lazy("Sửa thông tin lớp đào tạo, bồi dưỡng"),
    "training.course.results_recorded": gettext_lazy("Ghi kết quả học tập, cấp giấy chứng nhận"),
    "training.enrollment.created": gettext_lazy("Ghi danh học viên vào lớp"),
    "training.enrollment.removed": gettext_lazy("Xóa học viên khỏi danh sách lớp"),
    "training.qualification.recorded": gettext_lazy("Ghi trình độ lý luận chính trị"),
    "training.qualification.corrected": gettext_lazy("Sửa trình độ lý luận chính trị"),
    "training.report.exported": gettext_lazy("Xuất báo cáo đào tạo, bồi dưỡng"),
    "training.ruleset.created": gettext_lazy("Thêm bộ quy tắc đào tạo, bồi dưỡng"),
    "training.ruleset.changed": gettext_lazy("Sửa bộ quy tắc đào tạo, bồi dưỡng"),
    "reporting.request.created": gettext_lazy("Yêu cầu cấp dưới gửi báo cáo"),
    "reporting.request.submitted": gettext_lazy("Gửi báo cáo cho cấp trên"),
    "reporting.request.reminded": gettext_lazy("Nhắc đơn vị gửi báo cáo"),
    "reporting.request.accepted": gettext_lazy("Tiếp nhận báo cáo của cấp dưới"),
    "reporting.request.returned": gettext_lazy("Trả lại báo cáo của cấp dưới"),
    "reporting.request.file_viewed": gettext_lazy("Mở tệp báo cáo của cấp dưới"),
    "library.document.created": gettext_lazy("Thêm văn bản vào thư viện"),
    "library.document.updated": gettext_lazy("Sửa văn bản trong thư viện"),
    "library.document.validity_set": gettext_lazy("Cập nhật hiệu lực văn bản"),
    "library.document.replaced": gettext_lazy("Thêm văn bản thay thế"),
    "library.document.downloaded": gettext_lazy("Tải tệp văn bản"),
    "library.bookmark.added": gettext_lazy("Lưu văn bản"),
    "library.bookmark.removed": gettext_lazy("Bỏ lưu văn bản"),
    "library.study.marked": gettext_lazy("Đánh dấu đã học tập văn bản"),
    "library.study.unmarked": gettext_lazy("Hủy đánh dấu học tập văn bản"),
    "library.study.exported": gettext_lazy("Xuất Excel tình hình học tập văn bản"),
    "questions.question.asked": gettext_lazy("Gửi câu hỏi, kiến nghị"),
    "questions.question.answered": gettext_lazy("Trả lời câu hỏi, kiến nghị"),
    "questions.question.closed": gettext_lazy("Đóng câu hỏi, kiến nghị"),
    "questions.question.viewed": gettext_lazy("Xem câu hỏi, kiến nghị"),
    "planning.plan.created": gettext_lazy("Lập kế hoạch"),
    "planning.plan.updated": gettext_lazy("Sửa kế hoạch"),
    "planning.plan.linked": gettext_lazy("Liên kết kế hoạch với văn bản trong thư viện"),
    "portal.handbook.viewed": gettext_lazy("Xem sổ tay đảng viên của mình"),
    "planning.task.created": gettext_lazy("Thêm nhiệm vụ vào kế hoạch"),
    "planning.task.updated": gettext_lazy("Sửa nhiệm vụ của kế hoạch"),
    "planning.task.progress_reported": gettext_lazy("Báo cáo tiến độ nhiệm vụ"),
    "planning.task.file_opened": gettext_lazy("Mở tệp báo cáo tiến độ nhiệm vụ"),
    "statforms.form.exported": gettext_lazy("Xuất biểu thống kê"),
    "statforms.form.export_started": gettext_lazy("Bắt đầu tạo sổ danh sách đảng viên"),
    "statforms.statform.created": gettext_lazy("Thêm biểu thống kê"),
    "statforms.statform.changed": gettext_lazy("Sửa biểu thống kê"),
}
# What an unknown action code is shown as: the label of its app (never the code).
APP_LABELS: dict[str, Any] = {
    "core": gettext_lazy("Hệ thống"),
    "accounts": gettext_lazy("Tài khoản"),
    "members": gettext_lazy("Đảng viên"),
    "organizations": gettext_lazy("Tổ chức đảng"),
    "discipline": gettext_lazy("Kỷ luật"),
    "evaluations": gettext_lazy("Đánh giá, xếp loại"),
    "admissions": gettext_lazy("Kết nạp đảng viên"),
    "meetings": gettext_lazy("Sinh hoạt chi bộ"),
    "movements": gettext_lazy("Biến động đảng viên"),
    "planning": gettext_lazy("Chỉ tiêu"),
    "reporting": gettext_lazy("Báo cáo"),
    "demo": gettext_lazy("Dữ liệu mẫu"),
    "assignments": gettext_lazy("Phân công nhiệm vụ"),
    "screening": gettext_lazy("Rà soát, sàng lọc"),
    "dues": gettext_lazy("Đảng phí"),
    "complaints": gettext_lazy("Khiếu nại, tố cáo"),
    "inspection": gettext_lazy("Kiểm tra, giám sát"),
    "recognition": gettext_lazy("Khen thưởng, Huy hiệu Đảng"),
    "training": gettext_lazy("Đào tạo, bồi dưỡng"),
    "library": gettext_lazy("Thư viện văn bản"),
    "questions": gettext_lazy("Hỏi đáp, kiến nghị"),
    "statforms": gettext_lazy("Biểu thống kê"),
}
# Background job kinds (`BackgroundJob.kind`, also the object name of `core.job.downloaded`).
JOB_KIND_LABELS: dict[str, Any] = {
    "reporting.year_report": gettext_lazy("Báo cáo kết quả năm"),
    "reporting.plan_review": gettext_lazy("Báo cáo sơ kết, tổng kết kế hoạch"),
    "planning.kpi.recompute": gettext_lazy("Tính lại số liệu chỉ tiêu"),
    "members.export": gettext_lazy("Xuất danh sách đảng viên"),
    "statforms.register": gettext_lazy("Sổ danh sách đảng viên"),
    "members.import.validate": gettext_lazy("Kiểm tra tệp nhập dữ liệu"),
    "members.import.apply": gettext_lazy("Nhập dữ liệu từ tệp Excel"),
    "meetings.compliance.recompute": gettext_lazy("Tính lại số liệu sinh hoạt theo quý"),
    "screening.signals.refresh": gettext_lazy("Tính dấu hiệu rà soát, sàng lọc"),
    "dues.months.compute": gettext_lazy("Tính sổ đảng phí các tháng"),
}


def action_choices() -> list[tuple[str, Any]]:
    """The audit filter's options: per app, "every action" (the code prefix) then each known action, by label."""
    groups: list[tuple[str, Any]] = [("", _("Mọi hành động"))]
    for app, app_label in APP_LABELS.items():
        codes = [(code, label) for code, label in ACTION_LABELS.items() if code.startswith(app + ".")]
        if not codes:
            continue
        options: list[tuple[str, Any]] = [(app + ".", _("%(app)s: mọi hành động") % {"app": app_label})]
        if app == "organizations":
            options.append(("organizations.restructured.", _("Sắp xếp tổ chức: mọi hình thức")))
        options += sorted(codes, key=lambda c: str(c[1]))
        groups.append((str(app_label), options))
    return groups


# The models whose fields explain an entry's before/after values, per object type (first match wins).
MODELS_OF_OBJECT_TYPE = {
    "member": [
        "members.Member", "recognition.Badge", "recognition.SeriousIllness", "recognition.ImprovementConfirmation",
        "recognition.Commendation",
    ],
    "organization": [
        "organizations.Organization", "organizations.Committee", "organizations.CommitteeSeat",
        "organizations.OversightAssignment", "recognition.Commendation",
    ],
    "rating": ["evaluations.Rating"],
    "campaign": ["evaluations.RatingCampaign"],
    "designation": ["evaluations.Designation"],
    "designation_checklist": ["evaluations.DesignationChecklist"],
    "ruleset": ["evaluations.RuleSet"],
    "candidate": ["admissions.Candidate"],
    "admission_ruleset": ["admissions.AdmissionRuleSet"],
    "deciding_committee": ["admissions.DecidingCommittee"],
    "discipline": ["discipline.Discipline"],
    "discipline_ruleset": ["discipline.DisciplineRuleSet"],
    "admission_quota": ["admissions.Quota"],
    "meeting": ["meetings.Meeting"],
    "meeting_ruleset": ["meetings.MeetingRuleSet"],
    "quarter_lock": ["meetings.QuarterLock"],
    "task": ["assignments.TaskAssignment"],
    "movement_ruleset": ["movements.MovementRuleSet"],
    "movement": ["movements.Movement"],
    "complaint": ["complaints.Complaint"],
    "complaint_notice": ["complaints.Notice"],
    "complaint_ruleset": ["complaints.ComplaintRuleSet"],
    "inspection_case": ["inspection.Case"],
    "inspection_programme": ["inspection.Programme"],
    "inspection_ruleset": ["inspection.InspectionRuleSet"],
    "badge_ruleset": ["recognition.BadgeRuleSet"],
    "commendation_kind": ["recognition.CommendationKind"],
    "commendation_level": ["recognition.CommendationLevel"],
    "course": ["training.Course"],
    "enrollment": ["training.Enrollment"],
    "qualification": ["training.Qualification"],
    "training_ruleset": ["training.TrainingRuleSet"],
    "report_request": ["reporting.ReportRequest"],
    "report_recipient": ["reporting.ReportRecipient"],
    "report_submission": ["reporting.ReportSubmission"],
    "party_document": ["library.PartyDocument"],
    "question": ["questions.Question"],
}  # fmt: skip
# Where an object's page is (url name taking the object id), when such a page exists.
URL_OF_OBJECT_TYPE = {
    "member": "members:detail", "organization": "organizations:detail", "meeting": "meetings:detail",
    "discipline": "discipline:detail", "inspection_case": "inspection:case",
    "inspection_programme": "inspection:programme",
    "party_document": "library:detail", "question": "questions:detail",
    "plan": "planning:plan", "plan_task": "planning:task",
}  # fmt: skip
# Internal bookkeeping that means nothing to a reader (ids of rows shown elsewhere, derived keys).
HIDDEN_KEYS = {
    "path", "unit_path", "depth", "search_name", "sort_key", "version", "seat_id", "assignment_id",
    "committee_id", "restructuring_id", "role", "job", "score_sheet", "file", "via",
}  # fmt: skip
EXTRA_FIELD_LABELS = {
    "organization_id": gettext_lazy("Chi bộ"),
    "organization": gettext_lazy("Chi bộ"),
    "parent_id": gettext_lazy("Trực thuộc"),
    "status": gettext_lazy("Trạng thái"),
    "member": gettext_lazy("Đảng viên"),
    "member_id": gettext_lazy("Đảng viên"),
    "monthly_slot": gettext_lazy("Tháng tính sinh hoạt thường kỳ"),
}
DATA_LABELS = {
    "rows": gettext_lazy("Số dòng"),
    "on": gettext_lazy("Từ ngày"),
    "reason": gettext_lazy("Lý do"),
    "decision_number": gettext_lazy("Số quyết định"),
    "effective_date": gettext_lazy("Ngày hiệu lực"),
    "path": gettext_lazy("Địa chỉ"),
    "source": gettext_lazy("Tổ chức nguồn"),
    "source_id": gettext_lazy("Tổ chức nguồn"),
    "sources": gettext_lazy("Các tổ chức nguồn"),
    "into_id": gettext_lazy("Sáp nhập vào"),
    "children": gettext_lazy("Số tổ chức trực thuộc chuyển đi"),
    "members": gettext_lazy("Số đảng viên"),
    "members_not_rated": gettext_lazy("Đảng viên không xếp loại"),
    "organizations": gettext_lazy("Số tổ chức"),
    "organizations_not_rated": gettext_lazy("Tổ chức không xếp loại"),
    "rule_set": gettext_lazy("Bộ quy tắc"),
    "skipped_rows": gettext_lazy("Số dòng bỏ qua"),
    "only_valid": gettext_lazy("Chỉ nhập các dòng hợp lệ"),
    "file_name": gettext_lazy("Tệp"),
    "year": gettext_lazy("Năm"),
    "format": gettext_lazy("Định dạng"),
    "bytes": gettext_lazy("Dung lượng (byte)"),
    "plan_number": gettext_lazy("Kế hoạch"),
    "review": gettext_lazy("Loại báo cáo"),
    "member": gettext_lazy("Đảng viên"),
    "member_id": gettext_lazy("Đảng viên"),
    "position": gettext_lazy("Chức vụ"),
    "subtree_size": gettext_lazy("Số tổ chức chuyển theo"),
    "dropped_not_yet_admitted": gettext_lazy("Bỏ qua (chưa kết nạp)"),
    "absent": gettext_lazy("Đảng viên vắng mặt"),
    "exempt_present": gettext_lazy("Miễn sinh hoạt nhưng có mặt"),
    "guests": gettext_lazy("Cấp ủy cấp trên dự"),
    "names": gettext_lazy("Họ tên"),
    "file_id": gettext_lazy("Tệp số"),
    "name": gettext_lazy("Tên tệp"),
    "size": gettext_lazy("Dung lượng (byte)"),
    "results": gettext_lazy("Kết quả học tập"),
    "entries": gettext_lazy("Số mục nhật ký"),
}
FILTER_LABELS = {
    "status": gettext_lazy("trạng thái"),
    "organization_id": gettext_lazy("tổ chức"),
    "gender": gettext_lazy("giới tính"),
    "age_band": gettext_lazy("độ tuổi"),
    "seniority_band": gettext_lazy("tuổi đảng"),
    "theory_level": gettext_lazy("lý luận chính trị"),
    "text": gettext_lazy("tìm"),
}
# Ids recorded under these keys (in `data` or in before/after without a model field) name these records.
ID_KEYS = {
    "member_id": "members.Member",
    "source_id": "organizations.Organization",
    "sources": "organizations.Organization",
    "into_id": "organizations.Organization",
    "organization_id": "organizations.Organization",
    "parent_id": "organizations.Organization",
    "guests": "members.Member",
}


@register.filter
def audit_label(action: str) -> str:
    """The Vietnamese name of an action code; an unknown code shows its app's name, never the code."""
    label = ACTION_LABELS.get(action)
    if label is not None:
        return str(label)
    app = APP_LABELS.get(action.split(".", 1)[0])
    return _("%(app)s: hành động khác") % {"app": app} if app is not None else _("Hành động khác")


@register.filter
def job_kind_label(kind: str) -> str:
    """The Vietnamese name of a background job kind."""
    label = JOB_KIND_LABELS.get(kind)
    return str(label) if label is not None else _("Tác vụ nền")


def _model_field(object_type: str, name: str) -> models.Field[Any, Any] | None:
    for model_label in MODELS_OF_OBJECT_TYPE.get(object_type, []):
        model = apps.get_model(model_label)
        for candidate in (name, name.removesuffix("_id")):  # foreign keys are recorded by their column
            try:
                field = model._meta.get_field(candidate)
            except FieldDoesNotExist:
                continue
            if isinstance(field, models.Field):
                return field
    return None


def _related_label(name: str, field: models.Field[Any, Any] | None) -> str | None:
    """The model ("app.Model") whose ids the key holds, if it holds ids."""
    if not name.endswith("_id") and name not in ID_KEYS:
        return None  # a name recorded next to an id ("member") is shown as it is
    if field is not None and field.many_to_one and field.related_model is not None:
        model = field.related_model
        return f"{model._meta.app_label}.{model.__name__}" if not isinstance(model, str) else None
    return ID_KEYS.get(name)


class _Names:
    """Ids met on one page, resolved to names with one query per model."""

    def __init__(self) -> None:
        self.wanted: dict[str, set[int]] = {}
        self.names: dict[tuple[str, int], str] = {}

    def want(self, model_label: str, value: Any) -> None:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int) or (isinstance(item, str) and item.isdigit()):
                self.wanted.setdefault(model_label, set()).add(int(item))

    def resolve(self) -> None:
        for model_label, ids in self.wanted.items():
            model = apps.get_model(model_label)
            rows = model._default_manager.filter(pk__in=ids)
            if model_label == "organizations.Organization":
                rows = rows.select_related("parent")
            for obj in rows:
                name = getattr(obj, "qualified_name", None) or getattr(obj, "full_name", None) or str(obj)
                self.names[(model_label, obj.pk)] = name

    def name(self, model_label: str, value: Any) -> str:
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            key = (model_label, int(item)) if str(item).isdigit() else None
            out.append(self.names.get(key, _("(đã xóa)")) if key else "—")
        return "; ".join(out) or "—"


def _display(value: Any, field: models.Field[Any, Any] | None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, list):
        return "; ".join(_display(v, None) for v in value if not isinstance(v, dict | list))
    if isinstance(value, dict):
        return "…"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def _field_label(entry: AuditEntry, name: str, field: models.Field[Any, Any] | None) -> str | None:
    if name in EXTRA_FIELD_LABELS:
        label = str(EXTRA_FIELD_LABELS[name])
    elif field is not None:
        label = str(field.verbose_name)
    elif name in DATA_LABELS:
        label = str(DATA_LABELS[name])
    else:
        return None  # a key no reader would understand: left out rather than shown raw
    return label[:1].upper() + label[1:]


def _change_keys(entry: AuditEntry) -> list[str]:
    before, after = entry.before or {}, entry.after or {}
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in HIDDEN_KEYS]
    # Where the name was recorded next to the id ("organization" and "organization_id"), the recorded name is
    # the one in force at the time: show it, not today's name of the id.
    return [k for k in keys if not (k.endswith("_id") and k.removesuffix("_id") in keys)]


def _data_keys(entry: AuditEntry) -> list[str]:
    data = entry.data or {}
    keys = [k for k in data if k not in HIDDEN_KEYS and (k in DATA_LABELS or k == "filters")]
    if "source" in keys and "source_id" in keys:
        keys.remove("source_id")
    if "member" in keys and "member_id" in keys:
        keys.remove("member_id")
    return keys


@register.simple_tag
def audit_rows(entries: Any) -> list[dict[str, Any]]:
    """One display row per entry: action label, object name and link, changes and details, ids resolved.

    Ids of other records (parent, cell, member, source organizations) are gathered over all the entries first
    and resolved with one query per model, so a page of 50 entries costs a handful of queries, not 50.
    """
    entries = list(entries)
    names = _Names()
    for entry in entries:
        for source in (entry.before or {}, entry.after or {}):
            for key in _change_keys(entry):
                if key in source:
                    related = _related_label(key, _model_field(entry.object_type, key))
                    if related:
                        names.want(related, source[key])
        data = entry.data or {}
        for key in _data_keys(entry):
            if key in ID_KEYS:
                names.want(ID_KEYS[key], data[key])
        filters = data.get("filters")
        if isinstance(filters, dict) and filters.get("organization_id"):
            names.want("organizations.Organization", filters["organization_id"])
    names.resolve()
    return [
        {
            "entry": entry,
            "label": audit_label(entry.action),
            "object_name": _object_name(entry),
            "object_url": audit_object_url(entry),
            "changes": _changes(entry, names),
            "details": _details(entry, names),
        }
        for entry in entries
    ]


def _object_name(entry: AuditEntry) -> str:
    if entry.object_type == "job":
        return job_kind_label(entry.object_repr)
    return entry.object_repr or "—"


def _value(entry: AuditEntry, key: str, value: Any, names: _Names) -> str:
    field = _model_field(entry.object_type, key)
    related = _related_label(key, field)
    if related and value not in (None, ""):
        return names.name(related, value)
    return _display(value, field)


def _changes(entry: AuditEntry, names: _Names) -> list[tuple[str, str, str]]:
    before, after = entry.before or {}, entry.after or {}
    out: list[tuple[str, str, str]] = []
    for key in _change_keys(entry):
        label = _field_label(entry, key, _model_field(entry.object_type, key))
        if label is None:
            continue
        old = _value(entry, key, before.get(key), names) if key in before else ""
        out.append((label, old, _value(entry, key, after.get(key), names)))
    return out


def _details(entry: AuditEntry, names: _Names) -> list[tuple[str, str]]:
    data = entry.data or {}
    out: list[tuple[str, str]] = []
    for key in _data_keys(entry):
        value = data[key]
        if key == "filters" and isinstance(value, dict):
            out.append((_("Bộ lọc"), _filters(value, names)))
        elif value not in (None, "", []):
            shown = names.name(ID_KEYS[key], value) if key in ID_KEYS else _data_value(key, value)
            out.append((str(DATA_LABELS[key]), shown))
    return out


def _data_value(key: str, value: Any) -> str:
    if key == "position":
        return _display(value, apps.get_model("organizations.CommitteeSeat")._meta.get_field("position"))
    if key == "format" and isinstance(value, str):
        return value.upper()
    return _display(value, None)


def _filters(filters: dict[str, Any], names: _Names) -> str:
    member = apps.get_model("members.Member")
    used = []
    for key, value in filters.items():
        if value in (None, "") or key not in FILTER_LABELS:
            continue
        if key == "organization_id":
            shown = names.name("organizations.Organization", value)
        else:
            try:
                shown = _display(value, member._meta.get_field(key))
            except FieldDoesNotExist:
                shown = _display(value, None)
        used.append(f"{FILTER_LABELS[key]}: {shown}")
    return "; ".join(used) or _("không")


@register.filter
def audit_changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(field label, value before, value after) of one entry; for lists, `audit_rows` resolves ids in bulk."""
    return audit_rows([entry])[0]["changes"]


@register.filter
def audit_details(entry: AuditEntry) -> list[tuple[str, str]]:
    """The entry's extra data (rows exported, effective date, reason, filters…) as (label, value)."""
    return audit_rows([entry])[0]["details"]


@register.filter
def audit_object_url(entry: AuditEntry) -> str:
    """The page of the entry's object, or "" when it has none."""
    name = URL_OF_OBJECT_TYPE.get(entry.object_type)
    if name is None or not entry.object_id.isdigit():
        return ""
    try:
        return reverse(name, args=[int(entry.object_id)])
    except NoReverseMatch:
        return ""
