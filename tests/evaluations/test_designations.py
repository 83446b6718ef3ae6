"""Designations: checklists, the nearest-checklist choice, every refusal (Vietnamese, nothing saved), revoke."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.accounts.enums import RoleKind
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.evaluations.designations import applicable_checklist, designate, revoke_designation, save_checklist
from dangbo.evaluations.models import Designation, DesignationChecklist
from dangbo.organizations.enums import OrgKind
from dangbo.structure.restructuring import dissolve
from tests.factories import make_org, make_user

MODEL = ["Lãnh đạo hoàn thành tốt nhiệm vụ chính trị", "Sinh hoạt chi bộ nền nếp, chất lượng", "Đoàn kết, kỷ luật"]
FOUR_GOOD = ["Lãnh đạo tốt", "Sinh hoạt tốt", "Đoàn kết, kỷ luật tốt", "Cán bộ, đảng viên tốt"]
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "bien-ban.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def checklist(world: Any, *, org: Any = None, kind: str = "model_cell", year_from: int = 2020,
              items: list[str] | None = None) -> DesignationChecklist:  # fmt: skip
    org = org or world.bloc
    return save_checklist(actor=world.bloc_officer, organization=org, kind=kind, year_from=year_from,
                          items=items or (MODEL if kind == "model_cell" else FOUR_GOOD),
                          source_document="Hướng dẫn 01-HD/ĐUK")  # fmt: skip


@pytest.fixture
def checklists(world: Any) -> dict[str, DesignationChecklist]:
    return {"model_cell": checklist(world), "four_good": checklist(world, kind="four_good")}


def counts() -> tuple[int, int, int]:
    return Designation.objects.count(), DesignationChecklist.objects.count(), AuditEntry.objects.count()


def refused(call: Any, text: str, *, code: str | None = None, logged: bool = False) -> DomainError:
    """The call raises a Vietnamese refusal and saves nothing (only the refused access, when `logged`)."""
    before = counts()
    denied = AuditEntry.objects.filter(action="core.access.denied").count()
    with pytest.raises(DomainError) as info:
        call()
    assert text in info.value.message
    if code is not None:
        assert info.value.code == code
    assert counts() == (before[0], before[1], before[2] + int(logged))
    assert AuditEntry.objects.filter(action="core.access.denied").count() == denied + int(logged)
    return info.value


# --- designating ------------------------------------------------------------------------------------------


def test_designate_cell_takes_snapshots_and_audits(world, checklists):
    d = designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell",
                  checked_items=[f"  {MODEL[2]} ", *MODEL[:2]], evidence=pdf(), note=" Nghị quyết số 12 ")  # fmt: skip
    d.refresh_from_db()
    assert (d.unit_path, d.grassroots_id, d.org_type) == (world.cell_a1.path, world.org_a.pk, "state_agency")
    assert d.checklist == checklists["model_cell"] and d.checked_items == MODEL and d.note == "Nghị quyết số 12"
    assert d.evidence.name.endswith(".pdf") and d.evidence.read() == PDF
    entry = AuditEntry.objects.get(action="evaluations.designation.created")
    assert entry.actor == world.officer and entry.scope_path == world.cell_a1.path
    assert entry.after["kind"] == "model_cell" and entry.after["year"] == 2025


def test_designate_grassroots_cell_snapshot_is_itself(world, checklists):
    gcell = make_org(kind=OrgKind.GRASSROOTS_CELL, parent=world.bloc, org_type="public_service")
    d = designate(actor=world.bloc_officer, organization=gcell, year=2025, kind="model_cell", checked_items=MODEL)
    assert (d.grassroots_id, d.org_type, d.unit_path) == (gcell.pk, "public_service", gcell.path)


def test_four_good_grassroots_committee_by_the_bloc(world, checklists):
    d = designate(actor=world.bloc_officer, organization=world.org_b, year=2024, kind="four_good",
                  checked_items=FOUR_GOOD)  # fmt: skip
    assert d.grassroots_id == world.org_b.pk and d.org_type == "state_enterprise"


def test_nearest_checklist_own_then_ancestor_then_greatest_year(world):
    bloc_2020 = checklist(world, year_from=2020, items=["Khối 2020"])
    bloc_2022 = checklist(world, year_from=2022, items=["Khối 2022"])
    a_2024 = checklist(world, org=world.org_a, year_from=2024, items=["Sở 2024"])
    checklist(world, org=world.org_a, year_from=2026, items=["Sở 2026"])
    assert applicable_checklist(world.cell_a1, "model_cell", 2025) == a_2024  # nearest organization wins
    assert applicable_checklist(world.cell_a1, "model_cell", 2023) == bloc_2022  # none of A's yet: the bloc's
    assert applicable_checklist(world.cell_a1, "model_cell", 2021) == bloc_2020
    assert applicable_checklist(world.cell_b1, "model_cell", 2025) == bloc_2022
    assert applicable_checklist(world.cell_a1, "model_cell", 2019) is None
    assert applicable_checklist(world.cell_a1, "four_good", 2025) is None
    d = designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell",
                  checked_items=["Sở 2024"])  # fmt: skip
    assert d.checklist == a_2024
    refused(lambda: designate(actor=world.officer, organization=world.cell_a2, year=2025, kind="model_cell",
                              checked_items=["Khối 2022"]), "“Khối 2022”", code="unknown_item")  # fmt: skip


def test_designate_cell_founded_after_the_year_refused(world, checklists):
    late = make_org(parent=world.org_a, founded_on=dt.date(2025, 3, 1))
    refused(lambda: designate(actor=world.officer, organization=late, year=2024, kind="model_cell",
                              checked_items=MODEL), "không tồn tại trong năm 2024", code="not_existing")  # fmt: skip
    assert designate(actor=world.officer, organization=late, year=2025, kind="model_cell", checked_items=MODEL)


def test_designate_cell_dissolved_before_the_year_refused(world, checklists):
    gone = make_org(parent=world.org_a)
    dissolve(actor=world.bloc_officer, org=gone, effective_date=dt.date(2024, 1, 1))
    gone.refresh_from_db()
    error = refused(lambda: designate(actor=world.officer, organization=gone, year=2024, kind="model_cell",
                                      checked_items=MODEL), "không tồn tại trong năm 2024")  # fmt: skip
    assert "giải thể 01/01/2024" in error.message
    assert designate(actor=world.officer, organization=gone, year=2023, kind="model_cell", checked_items=MODEL)


def test_model_cell_for_a_non_cell_refused(world, checklists):
    refused(lambda: designate(actor=world.bloc_officer, organization=world.org_a, year=2025, kind="model_cell",
                              checked_items=MODEL), "chỉ công nhận cho chi bộ", code="kind")  # fmt: skip


def test_four_good_for_a_sub_committee_or_upper_refused(world, checklists):
    sub = make_org(kind=OrgKind.SUB_COMMITTEE, parent=world.org_a)
    refused(lambda: designate(actor=world.officer, organization=sub, year=2025, kind="four_good",
                              checked_items=FOUR_GOOD), "chỉ công nhận cho chi bộ và đảng bộ cơ sở")  # fmt: skip
    refused(lambda: designate(actor=world.bloc_officer, organization=world.bloc, year=2025, kind="four_good",
                              checked_items=FOUR_GOOD), "là đảng bộ cấp trên cơ sở", code="kind")  # fmt: skip


def test_designate_twice_in_a_year_refused(world, checklists):
    designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell", checked_items=MODEL)
    refused(lambda: designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell",
                              checked_items=MODEL), "một lần trong năm", code="duplicate")  # fmt: skip
    # Another kind, or another year, is a different designation.
    designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="four_good", checked_items=FOUR_GOOD)
    designate(actor=world.officer, organization=world.cell_a1, year=2024, kind="model_cell", checked_items=MODEL)
    assert Designation.objects.count() == 3


def test_item_not_on_the_checklist_refused(world, checklists):
    refused(lambda: designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell",
                              checked_items=[*MODEL, "Tiêu chí tự đặt"]), "“Tiêu chí tự đặt”",
            code="unknown_item")  # fmt: skip


def test_unchecked_items_are_named(world, checklists):
    error = refused(lambda: designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell",
                                      checked_items=MODEL[:1]),
                    "còn 2/3 tiêu chí chưa đạt", code="missing_items")  # fmt: skip
    assert f"“{MODEL[1]}”" in error.message and f"“{MODEL[2]}”" in error.message


def test_no_checklist_for_the_year_refused(world):
    checklist(world, year_from=2026)
    refused(lambda: designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell",
                              checked_items=MODEL),
            "Chưa có tiêu chí “Chi bộ kiểu mẫu”", code="no_checklist")  # fmt: skip


def test_future_year_refused(world, checklists):
    refused(lambda: designate(actor=world.officer, organization=world.cell_a1, year=2100, kind="model_cell",
                              checked_items=MODEL), "Năm phải từ 2000")  # fmt: skip


@pytest.mark.parametrize(
    ("upload", "text"),
    [
        (SimpleUploadedFile("a.docx", b"PK\x03\x04"), "phải là PDF, JPG hoặc PNG"),
        (SimpleUploadedFile("a.pdf", PNG), "không phải là tệp PDF hợp lệ"),
        (SimpleUploadedFile("a.png", PDF), "không phải là tệp PNG hợp lệ"),
        (SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 - 4)), "vượt quá mức tối đa 10 MB"),
    ],
)
def test_bad_evidence_refused(world, checklists, upload, text):
    refused(lambda: designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell",
                              checked_items=MODEL, evidence=upload), text)  # fmt: skip


def test_evidence_of_exactly_10_mb_and_a_jpg_accepted(world, checklists):
    big = pdf(content=b"%PDF-" + b"0" * (10 * 1024 * 1024 - 5))
    designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell", checked_items=MODEL,
              evidence=big)  # fmt: skip
    jpg = SimpleUploadedFile("Ảnh.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20)
    d = designate(actor=world.officer, organization=world.cell_a2, year=2025, kind="model_cell", checked_items=MODEL,
                  evidence=jpg)  # fmt: skip
    assert d.evidence.name.endswith(".jpg")


def test_grassroots_officer_cannot_designate_own_committee(world, checklists):
    refused(lambda: designate(actor=world.officer, organization=world.org_a, year=2025, kind="four_good",
                              checked_items=FOUR_GOOD), "do cấp ủy cấp trên công nhận", code="forbidden")  # fmt: skip


def test_cell_secretary_cannot_designate(world, checklists):
    secretary = make_user("bithu_a1_dh", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    refused(lambda: designate(actor=secretary, organization=world.cell_a1, year=2025, kind="model_cell",
                              checked_items=MODEL), "do cấp ủy cơ sở công nhận", code="forbidden")  # fmt: skip


def test_outsider_designation_refused_and_logged(world, checklists):
    before = Designation.objects.count()
    with pytest.raises(DomainError) as info:
        designate(actor=world.outsider, organization=world.cell_a1, year=2025, kind="model_cell", checked_items=MODEL)
    assert info.value.code == "not_found" and "Không tìm thấy" in info.value.message
    assert Designation.objects.count() == before
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider).exists()


# --- checklists -------------------------------------------------------------------------------------------


def test_checklist_items_are_trimmed_and_audited(world):
    c = save_checklist(actor=world.officer, organization=world.org_a, kind="model_cell", year_from=2025,
                       items=["  Lãnh đạo   tốt ", "", "Sinh hoạt tốt"], source_document=" HD 01 ")  # fmt: skip
    assert c.items == ["Lãnh đạo tốt", "Sinh hoạt tốt"] and c.source_document == "HD 01"
    assert AuditEntry.objects.filter(action="evaluations.checklist.created", object_id=str(c.pk)).exists()


@pytest.mark.parametrize(
    ("items", "text"),
    [
        ([], "ít nhất một tiêu chí"),
        (["  ", "\t"], "ít nhất một tiêu chí"),
        (["Sinh hoạt tốt", " sinh hoạt  TỐT "], "bị lặp lại"),
        (["x" * 501], "dài quá 500 ký tự"),
    ],
)
def test_bad_checklist_items_refused(world, items, text):
    refused(lambda: save_checklist(actor=world.officer, organization=world.org_a, kind="model_cell",
                                   year_from=2025, items=items), text)  # fmt: skip


def test_checklist_only_by_a_committee_over_its_subtree(world):
    refused(lambda: save_checklist(actor=world.officer, organization=world.cell_a1, kind="model_cell",
                                   year_from=2025, items=MODEL), "đảng ủy cơ sở ban hành")  # fmt: skip
    refused(lambda: save_checklist(actor=world.officer, organization=world.bloc, kind="model_cell",
                                   year_from=2025, items=MODEL), "Không tìm thấy", logged=True)  # fmt: skip
    secretary = make_user("bithu_a1_tc", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    refused(lambda: save_checklist(actor=secretary, organization=world.org_a, kind="model_cell",
                                   year_from=2025, items=MODEL), "Không tìm thấy", logged=True)  # fmt: skip
    refused(lambda: save_checklist(actor=secretary, organization=world.cell_a1, kind="model_cell",
                                   year_from=2025, items=MODEL),
            "không có quyền ban hành", code="forbidden")  # fmt: skip


def test_checklist_out_of_scope_refused_and_logged(world):
    with pytest.raises(DomainError) as info:
        save_checklist(actor=world.outsider, organization=world.org_a, kind="model_cell", year_from=2025, items=MODEL)
    assert info.value.code == "not_found"
    assert DesignationChecklist.objects.count() == 0
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider).exists()


def test_checklist_same_year_needs_the_version_and_an_unused_checklist(world):
    c = checklist(world, org=world.org_a, year_from=2024)
    refused(lambda: checklist(world, org=world.org_a, year_from=2024), "đã có tiêu chí", code="duplicate")
    with pytest.raises(ConcurrentEditError):
        save_checklist(actor=world.officer, organization=world.org_a, kind="model_cell", year_from=2024,
                       items=["Mới"], expected_version=c.version + 1)  # fmt: skip
    updated = save_checklist(actor=world.officer, organization=world.org_a, kind="model_cell", year_from=2024,
                             items=MODEL[:2], expected_version=c.version)  # fmt: skip
    assert updated.pk == c.pk and updated.items == MODEL[:2] and updated.version == c.version + 1
    designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell", checked_items=MODEL[:2])
    refused(lambda: save_checklist(actor=world.officer, organization=world.org_a, kind="model_cell", year_from=2024,
                                   items=["Khác"], expected_version=updated.version), "không sửa được",
            code="in_use")  # fmt: skip


# --- revoking ---------------------------------------------------------------------------------------------


def test_revoke_deletes_and_audits_the_reason(world, checklists, django_capture_on_commit_callbacks):
    d = designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell", checked_items=MODEL,
                  evidence=pdf())  # fmt: skip
    storage, name = d.evidence.storage, d.evidence.name
    with django_capture_on_commit_callbacks(execute=True):
        revoke_designation(actor=world.officer, designation=d, reason=" Vi phạm kỷ luật ", expected_version=d.version)
    assert not Designation.objects.exists() and not storage.exists(name)
    entry = AuditEntry.objects.get(action="evaluations.designation.revoked")
    assert entry.data == {"reason": "Vi phạm kỷ luật"} and entry.before["organization_id"] == world.cell_a1.pk


def test_revoke_refusals(world, checklists):
    d = designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell", checked_items=MODEL)
    refused(lambda: revoke_designation(actor=world.officer, designation=d, reason="  ", expected_version=d.version),
            "lý do thu hồi")  # fmt: skip
    refused(lambda: revoke_designation(actor=world.officer, designation=d, reason="x", expected_version=d.version + 1),
            "người khác sửa", code="stale")  # fmt: skip
    with pytest.raises(DomainError) as info:
        revoke_designation(actor=world.outsider, designation=d, reason="x", expected_version=d.version)
    assert info.value.code == "not_found" and Designation.objects.filter(pk=d.pk).exists()
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider, object_type="designation")
