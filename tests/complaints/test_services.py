"""Letters: reception (handled with a deadline, or closed "không xem xét" with the rule), the deadlines of each kind
at each level, extensions within the maximum, the result and the reply, the discipline complaint that is the
appeal; every refusal with nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.complaints import services
from dangbo.complaints.deadlines import letter_deadline
from dangbo.complaints.enums import Channel, ComplaintKind, ComplaintResult, ComplaintState, NotConsideredReason
from dangbo.complaints.models import ComplainantIdentity, Complaint
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.discipline.models import Discipline
from dangbo.organizations.enums import OrgKind
from tests.factories import make_org

from .conftest import PERSON, TODAY, denounce, nothing_written

pytestmark = pytest.mark.django_db


def test_denunciation_received_with_its_deadline_and_identity_apart(world: Any) -> None:
    letter = denounce(world)
    assert letter.state == ComplaintState.HANDLING and letter.rule_code == "KNTC-2025"
    # 90 working days from the day after 02/03/2026 (27/4, 30/4 and 1/5 off): 09/07/2026.
    assert letter.due_on == dt.date(2026, 7, 9)
    sentence = letter_deadline(letter).sentence
    assert "giải quyết tố cáo ở chi bộ, đảng ủy cơ sở: 90 ngày làm việc kể từ ngày nhận đơn (02/03/2026)" in sentence
    assert "gia hạn không quá 30 ngày làm việc" in sentence and "Hạn giải quyết: 09/07/2026" in sentence
    identity = ComplainantIdentity.objects.get(complaint=letter)
    assert identity.full_name == "Lê Văn Tố" and identity.citizen_id == "001080012345"
    entry = AuditEntry.objects.get(action="complaints.complaint.received")
    text = str(entry.before) + str(entry.after) + str(entry.data) + entry.object_repr
    for value in PERSON.values():
        assert value not in text  # the fact is audited, never the person
    assert "kê khai tài sản" not in text


def test_deadlines_by_kind_and_level(world: Any, reprimand: Discipline) -> None:
    upper = denounce(world, handling_organization=world.bloc, actor=None)
    assert "ở cấp trên cơ sở" in letter_deadline(upper).sentence and "giả định" in letter_deadline(upper).sentence
    petition = denounce(world, kind=ComplaintKind.PETITION, subject_member=None)
    assert petition.due_on == dt.date(2026, 5, 28)  # 60 working days [assumed]
    assert "giả định" in letter_deadline(petition).sentence
    appeal = denounce(world, kind=ComplaintKind.DISCIPLINE_COMPLAINT, discipline=reprimand, subject_member=None,
                      received_on=dt.date(2026, 3, 10))  # fmt: skip
    sentence = letter_deadline(appeal).sentence
    assert "khiếu nại kỷ luật đảng ở cấp tỉnh và tương đương trở xuống: 90 ngày làm việc" in sentence
    assert "không gia hạn" in sentence and "Quy định 30-QĐ/TW" in sentence


def test_a_2024_letter_reads_the_rule_set_of_qd_22(world: Any) -> None:
    letter = denounce(world, received_on=dt.date(2024, 5, 6))
    assert letter.rule_code == "KNTC-2021"


@pytest.mark.parametrize(
    ("reason", "identity", "repeat"),
    [
        (NotConsideredReason.ANONYMOUS, {}, False),
        (NotConsideredReason.FALSE_NAME, {"full_name": "Nguyễn Văn A"}, False),
        (NotConsideredReason.NO_ADDRESS, {"full_name": "Trần B"}, False),
        (NotConsideredReason.REPEATED, dict(PERSON), True),
    ],
)
def test_letters_not_considered_are_recorded_and_closed(world: Any, reason: str, identity: dict[str, str],
                                                        repeat: bool) -> None:  # fmt: skip
    first = denounce(world, received_on=dt.date(2026, 1, 5)) if repeat else None
    letter = denounce(world, identity=identity, not_considered_reason=reason, repeat_of=first)
    assert letter.state == ComplaintState.NOT_CONSIDERED and letter.closed_on == letter.received_on
    assert letter.due_on is None and letter.repeat_of == first
    entry = AuditEntry.objects.filter(action="complaints.complaint.received").latest("pk")
    assert entry.data["rule"].startswith("Không xem xét, giải quyết (Quy định 296-QĐ/TW")


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"identity": {}}, "đơn nặc danh"),
        ({"identity": {"full_name": "Trần B"}}, "Đơn không rõ địa chỉ"),
        ({"not_considered_reason": NotConsideredReason.REPEATED}, "hãy chọn đơn đã gửi trước"),
        ({"not_considered_reason": NotConsideredReason.ANONYMOUS}, "Đơn nặc danh không ghi họ tên"),
        ({"subject_member": None}, "Hãy chọn đảng viên hoặc tổ chức đảng bị tố cáo"),
        ({"received_on": dt.date(2026, 7, 1)}, "chưa đến"),
        ({"received_on": dt.date(1999, 12, 31)}, "không hợp lệ"),
        ({"summary": "   "}, "Hãy nhập nội dung tóm tắt"),
        ({"summary": "x" * 5001}, "dài quá 5000 ký tự"),
        ({"channel": Channel.FORWARDED}, "cơ quan, tổ chức đã chuyển đơn"),
        ({"channel": "pigeon"}, "hình thức nhận đơn"),
        ({"kind": "rumour"}, "Hãy chọn loại đơn"),
        ({"identity": {**PERSON, "citizen_id": "12345"}}, "đúng 12 chữ số"),
        ({"identity": {**PERSON, "email": "<script>@x"}}, "thư điện tử không hợp lệ"),
        ({"identity": {**PERSON, "phone": "=1+1"}}, "Số điện thoại"),
        ({"identity": {**PERSON, "full_name": "A" * 201}}, "dài quá 200 ký tự"),
    ],
)
def test_reception_refusals_write_nothing(world: Any, over: dict[str, Any], words: str) -> None:
    with nothing_written(), pytest.raises(DomainError) as err:
        denounce(world, **over)
    assert words in err.value.message


def test_subject_must_lie_under_the_handler(world: Any) -> None:
    with nothing_written(), pytest.raises(DomainError, match="không thuộc Đảng bộ Sở Tài chính"):
        denounce(world, subject_member=world.m3)
    with nothing_written(), pytest.raises(DomainError, match="do cấp trên của tổ chức đó giải quyết"):
        denounce(world, subject_member=None, subject_organization=world.org_a)
    group = make_org(name="Tổ đảng 1", kind=OrgKind.PARTY_GROUP, parent=world.cell_a1)
    with nothing_written(), pytest.raises(DomainError, match="không phải tổ chức đảng đang hoạt động"):
        denounce(world, handling_organization=group, subject_member=None)
    letter = denounce(world, subject_member=None, subject_organization=world.cell_a1)
    assert letter.subject_name == str(world.cell_a1)


def test_assignee_must_handle_letters_there(world: Any, people: Any) -> None:
    with nothing_written(), pytest.raises(DomainError, match="Cán bộ được giao phải có quyền"):
        denounce(world, assignee=people.inspector_b)
    with nothing_written(), pytest.raises(DomainError, match="Cán bộ được giao phải có quyền"):
        denounce(world, assignee=people.secretary_a1)
    letter = denounce(world, assignee=people.inspector_a)
    moved = services.assign_complaint(actor=None, complaint=letter, assignee=people.bloc_inspector,
                                      expected_version=letter.version)  # fmt: skip
    assert moved.assignee == people.bloc_inspector and moved.version == 2


def extend(letter: Complaint, days: int, **over: Any) -> Complaint:
    data: dict[str, Any] = dict(
        actor=None,
        complaint=letter,
        working_days=days,
        reason="Cần xác minh thêm",
        granted_on=dt.date(2026, 6, 1),
        expected_version=letter.version,
        today=TODAY,
    )
    data.update(over)
    return services.extend_complaint(**data)


def test_extensions_up_to_thirty_working_days(world: Any) -> None:
    letter = denounce(world)
    with nothing_written(), pytest.raises(DomainError) as err:
        extend(letter, 31)
    assert "được gia hạn không quá 30 ngày làm việc" in err.value.message
    letter = extend(letter, 20)
    assert letter.due_on == dt.date(2026, 8, 6) and letter.extended_days == 20
    with nothing_written(), pytest.raises(DomainError, match="không quá 30 ngày làm việc, đã gia hạn 20"):
        extend(letter, 11)
    letter = extend(letter, 10)
    assert letter.due_on == dt.date(2026, 8, 20) and letter.extended_days == 30
    assert list(letter.extensions.values_list("previous_due", "new_due")) == [
        (dt.date(2026, 7, 9), dt.date(2026, 8, 6)), (dt.date(2026, 8, 6), dt.date(2026, 8, 20))
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="complaints.complaint.extended").count() == 2


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"reason": " "}, "Hãy nhập lý do gia hạn"),
        ({"granted_on": dt.date(2026, 3, 1)}, "không được trước ngày nhận đơn"),
        ({"granted_on": dt.date(2026, 7, 1)}, "chưa đến"),
        ({"working_days": 0}, "từ 1 đến 365"),
    ],
)
def test_extension_refusals(world: Any, over: dict[str, Any], words: str) -> None:
    letter = denounce(world)
    with nothing_written(), pytest.raises(DomainError) as err:
        extend(letter, over.pop("working_days", 5), **over)
    assert words in err.value.message


def test_no_extension_after_the_deadline_nor_for_a_discipline_complaint(world: Any, reprimand: Discipline) -> None:
    late = denounce(world, received_on=dt.date(2025, 10, 1))
    with nothing_written(), pytest.raises(DomainError, match="Đã quá hạn giải quyết"):
        extend(late, 5, granted_on=dt.date(2026, 6, 1))
    appeal = denounce(world, kind=ComplaintKind.DISCIPLINE_COMPLAINT, discipline=reprimand, subject_member=None,
                      received_on=dt.date(2026, 3, 10))  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="không quá 0 ngày làm việc"):
        extend(appeal, 1)


def resolve(letter: Complaint, **over: Any) -> Complaint:
    data: dict[str, Any] = dict(actor=None, complaint=letter, resolved_on=dt.date(2026, 6, 15),
                                resolution_number="05-KL/UBKT", result=ComplaintResult.PARTLY_FOUNDED,
                                expected_version=letter.version, today=TODAY)  # fmt: skip
    data.update(over)
    return services.resolve_complaint(**data)


def test_result_and_reply(world: Any) -> None:
    letter = denounce(world)
    with nothing_written(), pytest.raises(DomainError, match="không được trước ngày nhận đơn"):
        resolve(letter, resolved_on=dt.date(2026, 3, 1))  # a result before the receipt
    with nothing_written(), pytest.raises(DomainError, match="Kết quả không phù hợp với tố cáo"):
        resolve(letter, result=ComplaintResult.UPHELD)
    with nothing_written(), pytest.raises(ConcurrentEditError):
        resolve(letter, expected_version=letter.version + 1)
    letter = resolve(letter)
    assert letter.state == ComplaintState.RESOLVED and letter.result == ComplaintResult.PARTLY_FOUNDED
    with nothing_written(), pytest.raises(DomainError, match="Đã có kết quả"):
        resolve(letter)
    with nothing_written(), pytest.raises(DomainError, match="không được trước ngày giải quyết"):
        services.reply_complaint(actor=None, complaint=letter, replied_on=dt.date(2026, 6, 14), reply_method="letter",
                                 expected_version=letter.version, today=TODAY)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="hình thức trả lời"):
        services.reply_complaint(actor=None, complaint=letter, replied_on=dt.date(2026, 6, 20), reply_method="x",
                                 expected_version=letter.version, today=TODAY)  # fmt: skip
    letter = services.reply_complaint(actor=None, complaint=letter, replied_on=dt.date(2026, 6, 20),
                                      reply_method="letter", expected_version=letter.version, today=TODAY)  # fmt: skip
    assert letter.state == ComplaintState.REPLIED and letter.closed_on == dt.date(2026, 6, 20)


def test_close_not_considered_while_handling(world: Any) -> None:
    first = denounce(world, received_on=dt.date(2026, 1, 5))
    letter = denounce(world)
    with nothing_written(), pytest.raises(DomainError, match="hãy chọn đơn đã gửi trước"):
        services.close_not_considered(
            actor=None,
            complaint=letter,
            reason=NotConsideredReason.REPEATED,
            closed_on=dt.date(2026, 3, 5),
            expected_version=letter.version,
            today=TODAY,
        )
    with nothing_written(), pytest.raises(DomainError, match="nhận trước đơn này"):
        services.close_not_considered(actor=None, complaint=first, reason=NotConsideredReason.REPEATED,
                                      repeat_of=letter, closed_on=dt.date(2026, 3, 5), expected_version=first.version,
                                      today=TODAY)  # fmt: skip
    closed = services.close_not_considered(actor=None, complaint=letter, reason=NotConsideredReason.REPEATED,
                                           repeat_of=first, closed_on=dt.date(2026, 3, 5),
                                           expected_version=letter.version, today=TODAY)  # fmt: skip
    assert closed.state == ComplaintState.NOT_CONSIDERED and closed.repeat_of == first


def test_discipline_complaint_is_the_appeal(world: Any, reprimand: Discipline) -> None:
    appeal = denounce(world, kind=ComplaintKind.DISCIPLINE_COMPLAINT, discipline=reprimand, subject_member=None,
                      received_on=dt.date(2026, 3, 10))  # fmt: skip
    assert appeal.subject_member == world.m1
    reprimand.refresh_from_db()
    assert reprimand.appealed_on == dt.date(2026, 3, 10)
    with nothing_written(), pytest.raises(DomainError, match="không đóng là “không xem xét”"):
        services.close_not_considered(
            actor=None,
            complaint=appeal,
            reason=NotConsideredReason.FALSE_NAME,
            closed_on=dt.date(2026, 3, 12),
            expected_version=appeal.version,
            today=TODAY,
        )
    with nothing_written(), pytest.raises(DomainError, match="kết quả đối với quyết định kỷ luật"):
        resolve(appeal)
    settled = resolve(appeal, appeal_result="changed", new_form="warning", result="")
    assert settled.result == ComplaintResult.PARTLY_UPHELD
    reprimand.refresh_from_db()
    assert (reprimand.appeal_result, reprimand.form) == ("changed", "warning")


def test_discipline_complaint_after_the_window_is_refused_with_nothing_written(
    world: Any, reprimand: Discipline
) -> None:
    with nothing_written(), pytest.raises(DomainError) as err:
        denounce(world, kind=ComplaintKind.DISCIPLINE_COMPLAINT, discipline=reprimand, subject_member=None,
                 received_on=dt.date(2026, 5, 4))  # fmt: skip
    assert "đã quá thời hạn một tháng" in err.value.message
    assert not Complaint.objects.exists()


def test_discipline_complaint_goes_to_a_level_above(world: Any, reprimand: Discipline) -> None:
    with nothing_written(), pytest.raises(DomainError, match="cấp trên của cấp đã quyết định kỷ luật"):
        denounce(world, kind=ComplaintKind.DISCIPLINE_COMPLAINT, discipline=reprimand, subject_member=None,
                 handling_organization=world.cell_a1, received_on=dt.date(2026, 3, 10))  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="Chỉ đơn khiếu nại kỷ luật đảng"):
        denounce(world, discipline=reprimand, received_on=dt.date(2026, 3, 10))
