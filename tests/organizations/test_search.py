"""Organization search follows the convention of member search (decision 0002): word prefixes, no accents."""

from __future__ import annotations

import pytest

from dangbo.members.models import Member
from dangbo.members.selectors import search_members
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import search_organizations
from tests.conftest import World


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("tai chinh", {"A"}),
        ("Tài", {"A"}),
        ("ĐIỆN", {"B"}),
        ("phong", {"A1", "A2"}),
        ("ngan sach", {"A1"}),
        ("ai chinh", set()),  # inside a word
        ("ien luc", set()),
        ("", {"KHOI", "A", "A1", "A2", "B", "B1"}),
    ],
)
def test_search_organizations_matches_word_prefixes(world: World, text: str, codes: set[str]) -> None:
    found = search_organizations(Organization.objects.all(), text)
    assert set(found.values_list("code", flat=True)) == codes


@pytest.mark.parametrize(("organization_text", "member_text"), [("dien", "hung"), ("ien", "ung")])
def test_organization_and_member_search_follow_one_convention(
    world: World, organization_text: str, member_text: str
) -> None:
    """A word start finds both kinds of record; the same text inside a word finds neither."""
    orgs = search_organizations(Organization.objects.all(), organization_text).exists()
    members = search_members(Member.objects.all(), member_text).exists()
    assert orgs == members == (not organization_text.startswith("ie"))
