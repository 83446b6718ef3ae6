"""Bookmarks and "studied" marks: the services' refusals, the member's buttons and filters, and the committee's
count per unit against a small world counted by hand."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.library import study
from dangbo.library.enums import Audience
from dangbo.library.models import Bookmark, PartyDocument, StudyMark
from dangbo.library.study_counts import study_counts
from dangbo.members.models import Member

from ..conftest import World, login
from ..factories import make_member, make_user
from .helpers import make_document

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 16)


@dataclass
class Hall:
    world: World
    whole: PartyDocument  # the bloc's plan, to the whole tree
    a1_only: PartyDocument  # the grassroots A's notice, to cell A1 only
    b_doc: PartyDocument  # the grassroots B's own document (the tree of B)
    m4: Member  # cell A2
    m5: Member  # cell A1, struck off: not on the rolls, never counted


@pytest.fixture
def hall(world: World) -> Hall:
    m4 = make_member(organization=world.cell_a2)
    m5 = make_member(organization=world.cell_a1, status="struck_off")
    whole = make_document(world.bloc, number="1", symbol="KH/ĐUK", title="Kế hoạch học tập nghị quyết")
    a1_only = make_document(
        world.org_a, number="2", symbol="TB/ĐU", kind="notice", title="Thông báo chi bộ A1",
        audience=Audience.ORGANIZATIONS, organizations=[world.cell_a1],
    )  # fmt: skip
    b_doc = make_document(world.org_b, number="3", symbol="NQ/ĐU", kind="resolution", title="Nghị quyết B")
    return Hall(world, whole, a1_only, b_doc, m4, m5)


def mark(member: Member, document: PartyDocument, day: dt.date = TODAY) -> None:
    study.mark_studied(actor=None, member=member, document=document, studied_on=day, today=TODAY)


# ---- services --------------------------------------------------------------------------------------------------


def test_bookmark_once_and_removed_audited(hall: Hall) -> None:
    w = hall.world
    study.add_bookmark(actor=w.member_user, member=w.m1, document=hall.whole)
    with pytest.raises(DomainError, match="đã lưu văn bản này"):
        study.add_bookmark(actor=w.member_user, member=w.m1, document=hall.whole)
    assert Bookmark.objects.filter(member=w.m1).count() == 1
    study.remove_bookmark(actor=w.member_user, member=w.m1, document=hall.whole)
    with pytest.raises(DomainError, match="không có trong danh sách"):
        study.remove_bookmark(actor=w.member_user, member=w.m1, document=hall.whole)
    actions = list(AuditEntry.objects.filter(action__startswith="library.bookmark").values_list("action", flat=True))
    assert sorted(actions) == ["library.bookmark.added", "library.bookmark.removed"]


def test_not_published_to_me_refused(hall: Hall) -> None:
    with pytest.raises(DomainError, match="không được phát hành"):
        study.add_bookmark(actor=None, member=hall.world.m1, document=hall.b_doc)
    with pytest.raises(DomainError, match="không được phát hành"):
        mark(hall.world.m1, hall.b_doc)
    with pytest.raises(DomainError, match="không được phát hành"):
        mark(hall.m4, hall.a1_only)  # cell A2 does not receive A1's notice
    assert not StudyMark.objects.exists() and not Bookmark.objects.exists()


def test_mark_twice_future_and_before_issue_refused(hall: Hall) -> None:
    m1 = hall.world.m1
    with pytest.raises(DomainError, match="không được sau hôm nay"):
        mark(m1, hall.whole, TODAY + dt.timedelta(days=1))
    with pytest.raises(DomainError, match="trước ngày ban hành"):
        mark(m1, hall.whole, hall.whole.issued_on - dt.timedelta(days=1))
    assert not StudyMark.objects.exists()
    mark(m1, hall.whole)
    with pytest.raises(DomainError, match="đã đánh dấu học tập văn bản này ngày 16/03/2026"):
        mark(m1, hall.whole)
    assert StudyMark.objects.count() == 1
    entry = AuditEntry.objects.get(action="library.study.marked")
    assert entry.after == {"member_id": m1.pk, "studied_on": "2026-03-16"}


def test_undo_same_day_free_later_needs_reason(hall: Hall) -> None:
    m1 = hall.world.m1
    mark(m1, hall.whole)
    today = timezone.localdate()
    study.unmark_studied(actor=None, member=m1, document=hall.whole, today=today)
    assert not StudyMark.objects.exists()
    mark(m1, hall.whole)
    later = today + dt.timedelta(days=3)
    with pytest.raises(DomainError, match="hãy ghi lý do hủy"):
        study.unmark_studied(actor=None, member=m1, document=hall.whole, today=later)
    with pytest.raises(DomainError, match="dài quá 500"):
        study.unmark_studied(actor=None, member=m1, document=hall.whole, reason="x" * 501, today=later)
    assert StudyMark.objects.count() == 1
    study.unmark_studied(actor=None, member=m1, document=hall.whole, reason="Bấm nhầm", today=later)
    entry = AuditEntry.objects.filter(action="library.study.unmarked").latest("id")
    assert entry.data["reason"] == "Bấm nhầm"
    with pytest.raises(DomainError, match="chưa đánh dấu"):
        study.unmark_studied(actor=None, member=m1, document=hall.whole, today=later)


# ---- the count per unit, counted by hand ----------------------------------------------------------------------


def rows(counts) -> dict[str, tuple[int, int]]:
    return {r.organization.code: (r.published, r.studied) for r in counts.rows}


def test_counts_by_hand(hall: Hall) -> None:
    w = hall.world
    mark(w.m1, hall.whole)
    mark(w.m3, hall.whole)
    mark(w.m1, hall.a1_only)
    mark(w.m2, hall.a1_only)
    StudyMark.objects.create(member=hall.m5, document=hall.whole, studied_on=TODAY)  # struck off: not counted
    # whole tree: A has m1, m2 (A1) and m4 (A2); B has m3; m5 is not on the rolls
    at_bloc = study_counts(hall.whole, w.bloc)
    assert rows(at_bloc) == {"A": (3, 1), "B": (1, 1)}
    assert (at_bloc.total.published, at_bloc.total.studied, at_bloc.total.percent) == (4, 2, 50)
    at_a = study_counts(hall.whole, w.org_a)
    assert rows(at_a) == {"A1": (2, 1), "A2": (1, 0)}
    # A1's notice: only A1's two members are reached, both studied; A2 shows 0 of 0
    at_a = study_counts(hall.a1_only, w.org_a)
    assert rows(at_a) == {"A1": (2, 2), "A2": (0, 0)}
    assert at_a.rows[1].percent is None
    assert rows(study_counts(hall.a1_only, w.bloc)) == {"A": (2, 2), "B": (0, 0)}
    # a cell counts itself
    assert rows(study_counts(hall.whole, w.cell_a1)) == {"A1": (2, 1)}


def test_counts_of_a_document_named_to_members(hall: Hall) -> None:
    w = hall.world
    named = make_document(
        w.bloc, number="9", symbol="CV/ĐUK", kind="guidance", audience=Audience.MEMBERS, members=[w.m2, w.m3]
    )
    mark(w.m3, named)
    assert rows(study_counts(named, w.bloc)) == {"A": (1, 0), "B": (1, 1)}


def test_counts_use_grouped_queries(hall: Hall, django_assert_max_num_queries) -> None:
    for _ in range(30):
        make_member(organization=hall.world.cell_a2)
    with django_assert_max_num_queries(6):
        study_counts(hall.whole, hall.world.org_a)


# ---- pages -----------------------------------------------------------------------------------------------------


def test_member_buttons_and_filters(hall: Hall, as_member) -> None:
    detail = reverse("library:detail", args=[hall.whole.pk])
    page = as_member.get(detail).content.decode()
    assert 'id="bookmark-add"' in page and 'id="mark-studied"' in page and "study-counts-link" not in page
    response = as_member.post(reverse("library:bookmark", args=[hall.whole.pk]))
    assert response.status_code == 302
    response = as_member.post(reverse("library:mark_studied", args=[hall.whole.pk]))
    page = as_member.get(detail).content.decode()
    assert 'id="bookmark-remove"' in page and 'id="studied-on"' in page and 'id="mark-studied"' not in page
    saved = as_member.get(reverse("library:list") + "?mine=saved").content.decode()
    assert f'id="document-{hall.whole.pk}"' in saved and f'id="document-{hall.a1_only.pk}"' not in saved
    unstudied = as_member.get(reverse("library:list") + "?mine=unstudied").content.decode()
    assert f'id="document-{hall.a1_only.pk}"' in unstudied and f'id="document-{hall.whole.pk}"' not in unstudied
    # twice: refused in Vietnamese, nothing saved
    response = as_member.post(reverse("library:mark_studied", args=[hall.whole.pk]), follow=True)
    assert "đã đánh dấu học tập" in response.content.decode()
    assert StudyMark.objects.count() == 1


def test_member_future_date_refused(hall: Hall, as_member) -> None:
    future = (timezone.localdate() + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    response = as_member.post(
        reverse("library:mark_studied", args=[hall.whole.pk]), {"studied_on": future}, follow=True
    )
    assert "không được sau hôm nay" in response.content.decode()
    response = as_member.post(
        reverse("library:mark_studied", args=[hall.whole.pk]), {"studied_on": "31/02/2026"}, follow=True
    )
    assert "dd/mm/yyyy" in response.content.decode()
    assert not StudyMark.objects.exists()
    page = as_member.get(reverse("library:detail", args=[hall.whole.pk])).content.decode()
    assert 'id="studied-on-input"' in page
    as_member.post(reverse("library:mark_studied", args=[hall.whole.pk]), {"studied_on": "01/05/2025"})
    assert StudyMark.objects.get().studied_on == dt.date(2025, 5, 1)


def test_document_not_published_to_me_is_404_and_logged(hall: Hall, as_member) -> None:
    for name in ("library:bookmark", "library:mark_studied"):
        response = as_member.post(reverse(name, args=[hall.b_doc.pk]))
        assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(hall.b_doc.pk)).count() == 2
    assert not Bookmark.objects.exists() and not StudyMark.objects.exists()


def test_officer_without_member_record_cannot_mark(hall: Hall, as_officer) -> None:
    assert as_officer.post(reverse("library:bookmark", args=[hall.whole.pk])).status_code == 403


def test_counts_page_for_the_three_officers(hall: Hall, as_officer, as_bloc_officer, as_member) -> None:
    w = hall.world
    mark(w.m1, hall.whole)
    url = reverse("library:study_counts", args=[hall.whole.pk])
    page = as_bloc_officer.get(url).content.decode()
    assert f'id="study-row-{w.org_a.pk}"' in page and f'id="study-row-{w.org_b.pk}"' in page
    page = as_officer.get(url).content.decode()  # the keeper (the bloc) is above: starts at A
    assert f'id="study-row-{w.cell_a1.pk}"' in page and f'id="study-row-{w.org_b.pk}"' not in page
    secretary = make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=w.cell_a1)
    page = login(secretary).get(url).content.decode()
    assert f'id="study-row-{w.cell_a1.pk}"' in page and f'id="study-row-{w.cell_a2.pk}"' not in page
    assert as_member.get(url).status_code == 403
    # the grassroots officer of A asks for B's counts: 404, logged
    response = as_officer.get(url + f"?unit={w.org_b.pk}")
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="organization").exists()
    # a document outside the officer's reading: 404
    assert as_officer.get(reverse("library:study_counts", args=[hall.b_doc.pk])).status_code == 404


def test_counts_excel_neutralizes_formulas_and_page_escapes(hall: Hall, as_bloc_officer) -> None:
    w = hall.world
    w.org_a.name = '=HYPERLINK("http://x")<script>'
    w.org_a.save(update_fields=["name"])
    url = reverse("library:study_counts", args=[hall.whole.pk])
    page = as_bloc_officer.get(url).content.decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
    response = as_bloc_officer.get(reverse("library:study_export", args=[hall.whole.pk]) + f"?unit={w.bloc.pk}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Đơn vị", "Đảng viên được phát hành", "Đã học tập"]
    assert AuditEntry.objects.filter(action="library.study.exported").count() == 1
