"""The organizations a recomputing management command runs over: the one named by `--organization`, or every
top-level organization; an unknown code stops the command."""

from __future__ import annotations

import pytest
from django.core.management import CommandError

from dangbo.organizations.commands import roots
from dangbo.organizations.enums import OrgKind

from ..conftest import World
from ..factories import make_org

pytestmark = pytest.mark.django_db


def test_without_a_code_every_top_level_organization_in_tree_order(world: World) -> None:
    other = make_org(name="Đảng bộ Khối Doanh nghiệp", kind=OrgKind.UPPER, code="DN")
    assert roots(None) == roots("") == sorted([world.bloc, other], key=lambda o: o.path)


def test_a_code_names_one_organization_anywhere_in_the_tree(world: World) -> None:
    assert roots("B") == [world.org_b]
    with pytest.raises(CommandError, match=r"Không có tổ chức đảng mã XX\."):
        roots("XX")
