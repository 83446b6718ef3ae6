"""The letters' pages: reception through the form (refusals beside it, nothing saved), the hub's filters (overdue
with the rule's sentence), the steps with a stale version refused, ids outside the scope posted or in the address
(404, logged), the detail audited, the final level of a discipline complaint."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from dangbo.complaints.enums import ComplaintKind, ComplaintState
from dangbo.complaints.models import Complaint
from dangbo.core.models import AuditEntry
from dangbo.discipline.models import Discipline
from tests.conftest import login

from .conftest import PERSON, denounce, nothing_written

pytestmark = pytest.mark.django_db


def reception(world: Any, **over: Any) -> dict[str, Any]:
    data = {"kind": ComplaintKind.DENUNCIATION, "received_on": "02/03/2026", "channel": "post",
            "handling_organization": world.org_a.pk, "subject_member": world.m1.pk,
            "summary": "Tố cáo sử dụng xe công vào việc riêng", **PERSON}  # fmt: skip
    data.update(over)
    return data


def test_reception_form_records_the_letter(world: Any, people: Any) -> None:
    client = login(people.inspector_a)
    assert client.get(reverse("complaints:receive")).status_code == 200
    response = client.post(reverse("complaints:receive"), reception(world))
    letter = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("complaints:detail", args=[letter.pk])
    assert letter.identity.full_name == PERSON["full_name"] and letter.created_by == people.inspector_a


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"full_name": ""}, "đơn nặc danh"),
        ({"received_on": "31/12/2099"}, ""),
        ({"received_on": "32/13/2026"}, ""),
        ({"summary": ""}, ""),
        ({"citizen_id": "abc"}, "đúng 12 chữ số"),
    ],
)
def test_reception_refusals_shown_with_nothing_saved(world: Any, people: Any, over: dict[str, Any],
                                                     words: str) -> None:  # fmt: skip
    client = login(people.inspector_a)
    with nothing_written():
        response = client.post(reverse("complaints:receive"), reception(world, **over))
    assert response.status_code == 400 and words in response.content.decode()


@pytest.mark.parametrize("field", ["handling_organization", "subject_member", "subject_organization", "repeat_of"])
def test_posted_ids_outside_the_scope_are_404_and_logged(world: Any, people: Any, field: str) -> None:
    other = denounce(world, actor=None, handling_organization=world.org_b, subject_member=world.m3)
    ids = {"handling_organization": world.org_b.pk, "subject_member": world.m3.pk,
           "subject_organization": world.cell_b1.pk, "repeat_of": other.pk}  # fmt: skip
    client = login(people.inspector_a)
    before = Complaint.objects.count()
    response = client.post(reverse("complaints:receive"), reception(world, **{field: ids[field]}))
    assert response.status_code == 404 and Complaint.objects.count() == before
    assert AuditEntry.objects.filter(action="core.access.denied").count() == 1


def test_absurd_ids_in_the_address_and_filters(world: Any, people: Any) -> None:
    client = login(people.inspector_a)
    assert client.get("/khieu-nai-to-cao/99999999999999999999/").status_code == 404
    assert client.get(reverse("complaints:home") + f"?to_chuc={world.org_b.pk}").status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="organization").count() == 1
    assert client.get(reverse("complaints:home") + "?nam=99999").status_code == 400


def test_hub_lists_overdue_letters_with_the_rule(world: Any, people: Any) -> None:
    late = denounce(world, received_on=dt.date(2025, 1, 6))
    closed = denounce(world, received_on=dt.date(2025, 1, 6), identity={}, not_considered_reason="anonymous")
    client = login(people.inspector_a)
    html = client.get(reverse("complaints:home")).content.decode()
    assert 'id="complaints-overdue"' in html and "giải quyết tố cáo ở chi bộ, đảng ủy cơ sở: 90 ngày làm việc" in html
    overdue = client.get(reverse("complaints:home") + "?qua_han=on").content.decode()
    assert f'id="complaint-{late.pk}"' in overdue and overdue.count('<tr id="complaint-') == 1
    assert f'id="complaint-{closed.pk}"' not in overdue
    kinds = client.get(reverse("complaints:home") + "?loai=petition").content.decode()
    assert "Không có đơn nào khớp với bộ lọc." in kinds


def test_detail_is_audited_and_steps_run(world: Any, people: Any) -> None:
    letter = denounce(world)
    client = login(people.inspector_a)
    page = client.get(reverse("complaints:detail", args=[letter.pk])).content.decode()
    assert AuditEntry.objects.filter(action="complaints.complaint.viewed").count() == 1
    assert 'id="step-gia-han"' in page and 'id="step-ket-qua"' in page and 'id="letter-deadline"' in page
    url = reverse("complaints:step", args=[letter.pk, "gia-han"])
    post = {"gia-han-working_days": "31", "gia-han-granted_on": "01/06/2026", "gia-han-reason": "Xác minh thêm",
            "version": "1"}  # fmt: skip
    with nothing_written():
        refused = client.post(url, post)
    assert refused.status_code == 400 and "không quá 30 ngày làm việc" in refused.content.decode()
    post["gia-han-working_days"] = "10"
    post["gia-han-granted_on"] = "01/06/2026"
    assert client.post(url, post).status_code == 302
    with nothing_written():
        stale = client.post(url, post)  # the version moved: someone saved first
    assert stale.status_code == 400 and "người khác" in stale.content.decode()
    result = {"ket-qua-resolved_on": "01/03/2026", "ket-qua-resolution_number": "3-KL/UBKT",
              "ket-qua-result": "founded", "version": "2"}  # fmt: skip
    with nothing_written():
        early = client.post(reverse("complaints:step", args=[letter.pk, "ket-qua"]), result)
    assert early.status_code == 400 and "không được trước ngày nhận đơn" in early.content.decode()
    result["ket-qua-resolved_on"] = "20/06/2026"
    assert client.post(reverse("complaints:step", args=[letter.pk, "ket-qua"]), result).status_code == 302
    reply = {"tra-loi-replied_on": "25/06/2026", "tra-loi-reply_method": "letter", "version": "3"}
    assert client.post(reverse("complaints:step", args=[letter.pk, "tra-loi"]), reply).status_code == 302
    letter.refresh_from_db()
    assert letter.state == ComplaintState.REPLIED
    page = client.get(reverse("complaints:detail", args=[letter.pk])).content.decode()
    assert 'id="letter-result"' in page and 'id="letter-reply"' in page and 'id="step-' not in page


def test_step_of_another_unit_is_404(world: Any, people: Any) -> None:
    letter = denounce(world)
    client = login(people.inspector_b)
    response = client.post(reverse("complaints:step", args=[letter.pk, "gia-han"]), {"version": "1"})
    assert response.status_code == 404
    assert Complaint.objects.get().version == 1


def test_discipline_complaint_page_shows_the_final_level(world: Any, people: Any, reprimand: Discipline) -> None:
    appeal = denounce(world, kind=ComplaintKind.DISCIPLINE_COMPLAINT, discipline=reprimand, subject_member=None,
                      received_on=dt.date(2026, 3, 10))  # fmt: skip
    page = login(people.inspector_a).get(reverse("complaints:detail", args=[appeal.pk])).content.decode()
    assert "Cấp giải quyết cuối cùng: Ủy ban Kiểm tra Trung ương (Quy định 262-QĐ/TW ngày 03/02/2025)" in page
    assert 'id="step-khong-xem-xet"' not in page and "Kết quả đối với quyết định kỷ luật" in page


def test_not_considered_letter_shows_its_rule_and_the_earlier_letter(world: Any, people: Any) -> None:
    first = denounce(world, received_on=dt.date(2026, 1, 5))
    repeat = denounce(world, not_considered_reason="repeated", repeat_of=first)
    client = login(people.inspector_a)
    page = client.get(reverse("complaints:detail", args=[repeat.pk])).content.decode()
    assert "Đơn gửi lại, không có chứng cứ mới — Không xem xét, giải quyết (Quy định 296-QĐ/TW" in page
    assert reverse("complaints:detail", args=[first.pk]) in page
    earlier = client.get(reverse("complaints:detail", args=[first.pk])).content.decode()
    assert reverse("complaints:detail", args=[repeat.pk]) in earlier
