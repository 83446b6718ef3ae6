from dangbo.accounts.scope import scope_for
from dangbo.members.selectors import members_for, search_members


def test_world_builds_and_scopes(world):
    assert set(members_for(scope_for(world.officer))) == {world.m1, world.m2}
    assert set(members_for(scope_for(world.member_user))) == {world.m1}
    assert set(members_for(scope_for(world.bloc_officer))) == {world.m1, world.m2, world.m3}
    assert list(search_members(members_for(scope_for(world.bloc_officer)), "dang")) == [world.m2]


def test_new_full_member_has_probation_then_full_history(world):
    periods = [(p.status, p.start, p.end) for p in world.m1.status_periods.order_by("start")]
    assert periods == [
        ("probationary", world.m1.admission_decision_date, world.m1.full_membership_date),
        ("full", world.m1.full_membership_date, None),
    ]
