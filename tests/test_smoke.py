from dangbo.members.selectors import members_for, search_members
from dangbo.accounts.scope import scope_for


def test_world_builds_and_scopes(world):
    assert set(members_for(scope_for(world.officer))) == {world.m1, world.m2}
    assert set(members_for(scope_for(world.member_user))) == {world.m1}
    assert set(members_for(scope_for(world.bloc_officer))) == {world.m1, world.m2, world.m3}
    assert list(search_members(members_for(scope_for(world.bloc_officer)), "dang")) == [world.m2]
