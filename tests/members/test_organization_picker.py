"""Organizations with the same name told apart; the member filter's organization picker; the tree's filter box."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.core.models import AuditEntry
from dangbo.organizations.enums import OrgKind
from tests.factories import make_member, make_org

LIST = reverse("members:list")
PICKER = reverse("members:organization_picker")


@pytest.fixture
def twins(world):
    """After the merger: a "Chi bộ 1" in each grassroots organization, one member in each."""
    one_a = make_org(name="Chi bộ 1", parent=world.org_a, code="A-CB1")
    one_b = make_org(name="Chi bộ 1", parent=world.org_b, code="B-CB1", org_type="state_enterprise")
    make_member(organization=one_a, family_name="Lê", middle_name="Văn", given_name="An",
                citizen_id="034080000011", card_number="01000011")  # fmt: skip
    make_member(organization=one_b, family_name="Phạm", middle_name="Thị", given_name="Bình",
                citizen_id="034080000012", card_number="01000012")  # fmt: skip
    return one_a, one_b


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_qualified_name_names_the_parent_below_grassroots(world, twins):
    one_a, one_b = twins
    assert one_a.qualified_name == "Chi bộ 1 — Đảng bộ Sở Tài chính"
    assert one_b.qualified_name == "Chi bộ 1 — Đảng bộ Công ty Điện lực"
    assert world.org_a.qualified_name == "Đảng bộ Sở Tài chính"  # grassroots names are unique enough


def test_member_list_tells_same_named_cells_apart(world, twins, as_bloc_officer):
    text = text_of(as_bloc_officer.get(LIST))
    assert "Lê Văn An" in text and "Chi bộ 1 — Đảng bộ Sở Tài chính" in text
    assert "Phạm Thị Bình" in text and "Chi bộ 1 — Đảng bộ Công ty Điện lực" in text


def test_member_form_cell_picker_tells_same_named_cells_apart(world, twins, as_bloc_officer):
    body = as_bloc_officer.get(reverse("members:create")).content.decode()
    assert "Chi bộ 1 — Đảng bộ Sở Tài chính</option>" in body
    assert "Chi bộ 1 — Đảng bộ Công ty Điện lực</option>" in body


def test_picker_finds_both_twins_for_the_bloc_without_accents(world, twins, as_bloc_officer):
    text = text_of(as_bloc_officer.get(PICKER, {"to_chuc_tim": "chi bo 1"}))
    assert "Chi bộ 1 — Đảng bộ Sở Tài chính" in text and "Chi bộ 1 — Đảng bộ Công ty Điện lực" in text


def test_picker_matches_word_prefixes_of_name_and_parent(world, twins, as_bloc_officer):
    assert "Chi bộ Phòng Ngân sách" in text_of(as_bloc_officer.get(PICKER, {"to_chuc_tim": "ngan sa"}))
    assert "Ngân sách" not in text_of(as_bloc_officer.get(PICKER, {"to_chuc_tim": "gan sach"}))
    text = text_of(as_bloc_officer.get(PICKER, {"to_chuc_tim": "chi bo 1 dien luc"}))
    assert "Chi bộ 1 — Đảng bộ Công ty Điện lực" in text and "Sở Tài chính" not in text


def test_picker_links_keep_other_filters(world, twins, as_officer):
    one_a, _ = twins
    body = as_officer.get(PICKER, {"to_chuc_tim": "chi bo 1", "gender": "female", "page": "3"}).content.decode()
    assert f'href="{LIST}?gender=female&amp;to_chuc={one_a.pk}"' in body


def test_picker_never_lists_out_of_scope_organizations(world, twins, as_outsider, as_officer):
    assert "Sở Tài chính" not in text_of(as_outsider.get(PICKER, {"to_chuc_tim": "chi bo"}))
    assert "Ngân sách" not in text_of(as_outsider.get(PICKER, {"to_chuc_tim": "ngan sach"}))
    assert "Điện lực" not in text_of(as_officer.get(PICKER, {"to_chuc_tim": "chi bo 1"}))


def test_picker_refuses_member_without_right(world, as_member):
    assert as_member.get(PICKER, {"to_chuc_tim": "chi bo"}).status_code == 403


def test_picker_is_limited_and_says_so(world, as_bloc_officer):
    for n in range(25):
        make_org(name=f"Chi bộ Phòng {n}", parent=world.org_a, code=f"P{n}")
    response = as_bloc_officer.get(PICKER, {"to_chuc_tim": "phong"})
    assert len(re.findall(r"<li>", response.content.decode())) == 20
    assert "gõ thêm để thu hẹp" in response.content.decode()


def test_picker_query_count_does_not_grow_with_matches(world, as_bloc_officer):
    def queries(text: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_bloc_officer.get(PICKER, {"to_chuc_tim": text}).status_code == 200
        return len(ctx.captured_queries)

    one = queries("ngan sach")
    for n in range(3):
        make_org(name=f"Chi bộ Ngân sách {n}", parent=world.org_b, code=f"NS{n}", org_type="state_enterprise")
    assert queries("ngan sach") == one


def test_filter_without_javascript_typed_name_with_one_match_filters(world, twins, as_officer):
    text = text_of(as_officer.get(LIST, {"to_chuc_tim": "ngan sach"}))
    assert "Nguyễn Văn Hùng" in text and "Đặng Thị Lan" in text and "Lê Văn An" not in text


def test_filter_without_javascript_typed_name_with_several_matches_offers_links(world, twins, as_bloc_officer):
    one_a, one_b = twins
    response = as_bloc_officer.get(LIST, {"to_chuc_tim": "chi bo 1"})
    body = response.content.decode()
    assert "Có nhiều tổ chức khớp" in body
    assert f"to_chuc={one_a.pk}" in body and f"to_chuc={one_b.pk}" in body


def test_filter_chosen_id_shows_its_name_and_filters(world, twins, as_bloc_officer):
    one_a, _ = twins
    response = as_bloc_officer.get(LIST, {"to_chuc": one_a.pk})
    body = response.content.decode()
    assert 'value="Chi bộ 1 — Đảng bộ Sở Tài chính"' in body
    assert "Lê Văn An" in body and "Phạm Thị Bình" not in body
    # emptied text drops the chosen organization
    assert "Phạm Thị Bình" in as_bloc_officer.get(LIST, {"to_chuc": one_a.pk, "to_chuc_tim": ""}).content.decode()


def test_filter_unknown_name_is_a_clear_error(world, as_officer):
    body = as_officer.get(LIST, {"to_chuc_tim": "Điện lực"}).content.decode()
    assert "Không có tổ chức nào khớp với “Điện lực” trong phạm vi của bạn." in body
    assert "Trần Quốc Bảo" not in body


def test_filter_out_of_scope_id_is_404_and_audited(world, as_outsider):
    assert as_outsider.get(LIST, {"to_chuc": world.cell_a1.pk}).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(world.cell_a1.pk)).exists()


def test_member_list_has_no_750_option_select(world, twins, as_bloc_officer):
    body = as_bloc_officer.get(LIST).content.decode()
    assert 'name="to_chuc" id="id_to_chuc"' in body and 'type="hidden"' in body
    assert f'<option value="{twins[0].pk}"' not in body


def test_tree_leaf_has_no_zero_subordinate_noise(world, as_officer):
    body = as_officer.get(reverse("organizations:children", args=[world.org_a.pk])).content.decode()
    assert "Chi bộ Phòng Ngân sách" in body
    assert "0 tổ chức trực thuộc" not in body


def test_tree_long_child_list_gets_a_filter_box_and_no_inline_script(world, as_officer):
    short = as_officer.get(reverse("organizations:children", args=[world.org_a.pk])).content.decode()
    assert "data-tree-filter" not in short
    for n in range(9):
        make_org(name=f"Chi bộ Tổ {n}", parent=world.org_a, code=f"TO{n}")
    long = as_officer.get(reverse("organizations:children", args=[world.org_a.pk])).content.decode()
    assert long.count("data-tree-filter") == 1
    page = as_officer.get(reverse("organizations:tree")).content.decode()
    assert "/static/js/tree_filter.js" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # every script is a file
    assert not re.search(r"\son[a-z]+=", page)


def test_party_groups_named_with_their_cell(world, as_officer):
    group = make_org(name="Tổ đảng 1", kind=OrgKind.PARTY_GROUP, parent=world.cell_a1, code="TD1")
    assert group.qualified_name == "Tổ đảng 1 — Chi bộ Phòng Ngân sách"
