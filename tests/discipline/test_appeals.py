"""Appeals (1 month, read as 30 working days from receiving the decision) and their settlement: upheld, form
changed, annulled. An annulled decision no longer counts in the rating."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.discipline.enums import AppealResult, DisciplineForm
from dangbo.discipline.models import Discipline
from dangbo.discipline.services import appeal_deadline, record_appeal, record_discipline, settle_appeal
from dangbo.evaluations.enums import Level
from tests.conftest import World
from tests.evaluations.conftest import open_round, rating_of, take

TODAY = dt.date(2026, 11, 27)
RECEIVED = dt.date(2026, 5, 12)  # a Tuesday: 30 working days later is 23/06/2026 (no holiday in between)


def decision(world: World, **overrides: Any) -> Discipline:
    data: dict[str, Any] = {
        "actor": world.bloc_officer,
        "member": world.m1,
        "form": DisciplineForm.WARNING,
        "violation_date": dt.date(2026, 3, 2),
        "decision_date": dt.date(2026, 5, 8),
        "decision_number": "15-QĐ/ĐU",
        "deciding_organization": world.org_a,
        "votes_for": 8,
        "voters_entitled": 11,
        "received_on": RECEIVED,
        "today": TODAY,
    }
    data.update(overrides)
    return record_discipline(**data)


def unchanged(d: Discipline) -> tuple[Any, ...]:
    fresh = Discipline.objects.get(pk=d.pk)
    return (fresh.version, fresh.appealed_on, fresh.appeal_result, fresh.form, AuditEntry.objects.count())


def refused_appeal(d: Discipline, message: str, **kwargs: Any) -> None:
    before = unchanged(d)
    with pytest.raises(DomainError) as info:
        record_appeal(**{"actor": None, "discipline": d, "expected_version": d.version, "today": TODAY, **kwargs})
    assert message in info.value.message, info.value.message
    assert unchanged(d) == before


def refused_settlement(d: Discipline, message: str, **kwargs: Any) -> None:
    before = unchanged(d)
    data = {"actor": None, "discipline": d, "result": AppealResult.UPHELD, "decided_on": dt.date(2026, 8, 3),
            "decision_number": "3-QĐ/UBKT", "expected_version": d.version, "today": TODAY}  # fmt: skip
    with pytest.raises(DomainError) as info:
        settle_appeal(**{**data, **kwargs})
    assert message in info.value.message, info.value.message
    assert unchanged(d) == before


def test_the_appeal_deadline_is_the_30th_working_day_after_receipt(world: World) -> None:
    assert appeal_deadline(decision(world)) == dt.date(2026, 6, 23)


def test_without_a_receipt_date_the_window_counts_from_the_decision(world: World) -> None:
    assert appeal_deadline(decision(world, received_on=None)) == appeal_deadline(decision(world, decision_date=dt.date(
        2026, 5, 8), received_on=dt.date(2026, 5, 8), decision_number="16"))  # fmt: skip


def test_an_appeal_on_the_last_day_is_recorded_and_audited(world: World) -> None:
    d = record_appeal(actor=world.bloc_officer, discipline=decision(world), filed_on=dt.date(2026, 6, 23),
                      expected_version=1, today=TODAY)  # fmt: skip
    assert d.appealed_on == dt.date(2026, 6, 23) and d.version == 2 and d.appeal_pending
    entry = AuditEntry.objects.get(action="discipline.discipline.appealed")
    assert entry.after["appealed_on"] == "2026-06-23" and entry.scope_path == world.cell_a1.path


def test_an_appeal_after_one_month_is_refused(world: World) -> None:
    refused_appeal(
        decision(world),
        "Khiếu nại ngày 24/06/2026 đã quá thời hạn một tháng (30 ngày làm việc) kể từ ngày nhận quyết định (nhận "
        "quyết định ngày 12/05/2026): hạn cuối là ngày 23/06/2026 (Điều lệ Đảng, Điều 39; chưa thật chắc chắn",
        filed_on=dt.date(2026, 6, 24),
    )


def test_an_appeal_before_the_decision_was_received_is_refused(world: World) -> None:
    refused_appeal(decision(world), "Ngày khiếu nại (11/05/2026) không được trước ngày 12/05/2026.",
                   filed_on=dt.date(2026, 5, 11))  # fmt: skip


def test_a_second_appeal_is_refused(world: World) -> None:
    d = record_appeal(actor=None, discipline=decision(world), filed_on=RECEIVED, expected_version=1, today=TODAY)
    refused_appeal(d, "Đã ghi nhận khiếu nại ngày 12/05/2026", filed_on=dt.date(2026, 5, 13))


def test_a_stale_version_is_refused(world: World) -> None:
    d = decision(world)
    with pytest.raises(ConcurrentEditError):
        record_appeal(actor=None, discipline=d, filed_on=RECEIVED, expected_version=7, today=TODAY)
    assert unchanged(d)[0] == 1 and not AuditEntry.objects.filter(action="discipline.discipline.appealed").exists()


def appealed(world: World) -> Discipline:
    return record_appeal(actor=None, discipline=decision(world), filed_on=RECEIVED, expected_version=1, today=TODAY)


def test_settling_an_appeal_that_was_never_filed_is_refused(world: World) -> None:
    refused_settlement(decision(world), "Quyết định này chưa có khiếu nại để giải quyết.")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"result": AppealResult.CHANGED}, "Cần chọn hình thức kỷ luật mới khi thay đổi hình thức."),
        ({"result": AppealResult.CHANGED, "new_form": "warning"}, "Hình thức mới trùng hình thức đã quyết định"),
        ({"result": AppealResult.CHANGED, "new_form": "dismissal"}, "không giữ chức vụ nào"),
        ({"result": AppealResult.CHANGED, "new_form": "dissolution"}, "Đảng viên không thể bị kỷ luật"),
        ({"new_form": "reprimand"}, "Chỉ chọn hình thức mới khi kết quả là thay đổi hình thức kỷ luật."),
        ({"decided_on": dt.date(2026, 5, 11)}, "Ngày giải quyết khiếu nại (11/05/2026) không được trước ngày 12/05"),
        ({"decided_on": dt.date(2026, 11, 28)}, "không được sau ngày hôm nay (27/11/2026)"),
        ({"decision_number": "  "}, "Số quyết định giải quyết khiếu nại không được để trống."),
        ({"result": "pardoned"}, "Kết quả giải quyết khiếu nại “pardoned” không hợp lệ."),
    ],
)
def test_bad_settlements_are_refused(world: World, overrides: dict[str, Any], message: str) -> None:
    refused_settlement(appealed(world), message, **overrides)


def test_a_changed_form_keeps_the_first_one(world: World) -> None:
    d = settle_appeal(actor=None, discipline=appealed(world), result=AppealResult.CHANGED, new_form="reprimand",
                      decided_on=dt.date(2026, 8, 3), decision_number="3-QĐ/UBKT", expected_version=2,
                      today=TODAY)  # fmt: skip
    assert (d.form, d.original_form, d.version) == ("reprimand", "warning", 3)
    entry = AuditEntry.objects.get(action="discipline.discipline.appeal_settled")
    assert entry.before["form"] == "warning" and entry.after["form"] == "reprimand"
    refused_settlement(d, "Khiếu nại đã được giải quyết ngày 03/08/2026.")


def test_an_annulled_decision_no_longer_blocks_the_rating(world: World) -> None:
    campaign = open_round(world, 2024)
    d = decision(world, violation_date=dt.date(2024, 3, 2), decision_date=dt.date(2024, 5, 13), received_on=None)
    d = record_appeal(actor=None, discipline=d, filed_on=dt.date(2024, 5, 20), expected_version=1, today=TODAY)
    with pytest.raises(DomainError, match="bị kỷ luật ngày 13/05/2024"):  # pending: the decision applies meanwhile
        take(world.officer, rating_of(campaign, member=world.m1), "self_assessed", Level.GOOD)
    settle_appeal(actor=None, discipline=d, result=AppealResult.ANNULLED, decided_on=dt.date(2024, 8, 3),
                  decision_number="3-QĐ/UBKT", expected_version=2, today=TODAY)  # fmt: skip
    assert take(world.officer, rating_of(campaign, member=world.m1), "self_assessed", Level.GOOD).self_level == "good"
