"""The admission state machine: one entry point, `perform`, for every step on a candidacy.

Each step checks that it comes in order, checks the rules in force (`rules.py`), writes the candidacy, a
`Transition` row and an audit entry in one transaction, and refuses with every broken rule (`RuleRefusal`) or
a Vietnamese `DomainError` with nothing saved. The ceremony creates the member in the registry; recognition
makes them a full member from the day the 12 months end. A step is undone only by the CORRECT step.

The `data` each step takes (dates are `datetime.date`, or ISO "YYYY-MM-DD" strings):
- COURSE: certificate_number, course_passed_on
- APPLICATION: applied_on
- VERIFY: verified_on
- SPONSORS: on, sponsors = [{"member_id", "acquaintance" (Acquaintance), "known_since"}], youth_union_resolution
- CELL_VOTE: held_on, votes_for, votes_against, resolution_number (voters: the cell's full members that day)
- COMMITTEE: committee_resolved_on, committee_resolution_number
- DECISION: decided_on, decision_number, decision_received_on (optional; the ceremony deadline counts from it,
  else from the decision date). The deciding committee is looked up (`selectors.deciding_committee_for`).
- CEREMONY: ceremony_on
- RECOGNITION_VOTE: held_on, votes_for, votes_against, resolution_number, and when passed
  recognition_decision_number, recognized_on (both optional)
- HIGHER_DECISION: on, recognized (bool), decision_number (after three votes without 2/3 either way)
- WITHDRAW, REJECT: on, reason (REJECT also after a failed cell vote; from PROBATION it strikes off)
- CORRECT: reason (undoes the last step that is not itself undone)

Rights are the caller's: MANAGE_ADMISSIONS on the candidate's cell for every step, DECIDE_ADMISSIONS on the
deciding committee or the candidate's cell for DECISION and HIGHER_DECISION (`DECIDING_STEPS`); `may_take(scope,
candidate, step)` answers it, `required_right(step)` names the right.

Corrections: CORRECT restores the candidacy's fields that the undone step set (recorded on its `Transition`
under "_before"), deletes the sponsors and votes it recorded, and reverses what it did in the registry through
the members' services: a ceremony's new member is taken out of the registry (`remove_member`), a recognition's
or strike-off's status change is undone (`undo_status_change`, and the full-membership date cleared). When the
member's record has been changed since the step (another edit, a transfer…), the correction is refused with a
message saying to correct the member's record first; a re-admission ceremony is never undone automatically.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import diff, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members import services as member_services
from dangbo.members.models import Member

from .enums import ACTIVE, BEFORE_DECISION, Stage, Step, VoteKind
from .models import Candidate, Sponsor, Transition, Vote
from .quotas import ADMITTED
from .rules import Finding, check_vote_counts, rules_on
from .selectors import deciding_committee_for, full_members_of_cell_on, open_transitions
from .services import audit
from .signals import admissions_counted_changed
from .step_input import REASON_LENGTH, Ctx, Input
from .steps import (
    HANDLERS,
    _sponsor_rows,
    cell_vote_findings,
    probation_finding,
    sponsor_findings,
)

# The main line: from each stage, the step that moves it on.
NEXT_STEP = {
    Stage.PROPOSED: Step.COURSE,
    Stage.COURSE_PASSED: Step.APPLICATION,
    Stage.APPLIED: Step.VERIFY,
    Stage.VERIFIED: Step.SPONSORS,
    Stage.SPONSORED: Step.CELL_VOTE,
    Stage.CELL_RESOLVED: Step.COMMITTEE,
    Stage.COMMITTEE_RESOLVED: Step.DECISION,
    Stage.DECIDED: Step.CEREMONY,
}
# Steps that need DECIDE_ADMISSIONS (the caller checks); the others need MANAGE_ADMISSIONS.
DECIDING_STEPS = {Step.DECISION, Step.HIGHER_DECISION}
# The candidacy's fields the steps set (restored by a correction).
STEP_FIELDS = [
    "stage", "certificate_number", "course_passed_on", "applied_on", "verified_on", "youth_union_resolution",
    "committee_resolution_number", "committee_resolved_on", "deciding_committee_id", "decision_number", "decided_on",
    "decision_received_on", "ceremony_on", "member_id", "probation_ends_on", "recognition_decision_number",
    "recognized_on", "full_membership_on", "closed_on", "closing_reason",
]  # fmt: skip
DEFAULT_MAX_INCONCLUSIVE = 3


def inconclusive_votes(candidate: Candidate) -> int:
    """Recognition votes held so far without 2/3 either way (a decisive vote ends probation)."""
    if candidate.stage != Stage.PROBATION:
        return 0
    return Vote.objects.filter(candidate=candidate, kind=VoteKind.RECOGNITION).count()


def max_inconclusive(candidate: Candidate) -> int:
    day = candidate.probation_ends_on or candidate.ceremony_on or timezone.localdate()
    try:
        return rules_on(day).max_inconclusive_votes
    except DomainError:
        return DEFAULT_MAX_INCONCLUSIVE


def available_steps(candidate: Candidate) -> list[Step]:
    """The steps that may come next from the candidacy's stage (the order check of `perform`)."""
    stage = candidate.stage
    steps: list[Step] = []
    if stage in NEXT_STEP:
        steps.append(NEXT_STEP[Stage(stage)])
    if stage == Stage.PROBATION:
        over = inconclusive_votes(candidate) >= max_inconclusive(candidate)
        steps.append(Step.HIGHER_DECISION if over else Step.RECOGNITION_VOTE)
    if stage in BEFORE_DECISION or stage == Stage.DECIDED:
        steps.append(Step.WITHDRAW)
    if stage in ACTIVE:
        steps.append(Step.REJECT)
    if candidate.pk and open_transitions(candidate).exists():
        steps.append(Step.CORRECT)
    return steps


def required_right(step: Step | str) -> str:
    """The right a caller must hold to take `step`: DECIDE_ADMISSIONS for the decisions, else MANAGE_ADMISSIONS."""
    return Right.DECIDE_ADMISSIONS if step in DECIDING_STEPS else Right.MANAGE_ADMISSIONS


def may_take(scope: Scope, candidate: Candidate, step: Step | str) -> bool:
    """Whether the scope's holder may take `step` on `candidate`: the right over the candidate's cell, or for a
    decision over the deciding committee (configured per tree, `selectors.deciding_committee_for`)."""
    right = required_right(step)
    if scope.covers_path(right, candidate.path):
        return True
    if step in DECIDING_STEPS and scope.has_right(right):
        try:
            decider = candidate.deciding_committee or deciding_committee_for(candidate.cell)
        except DomainError:
            return False
        return scope.covers_path(right, decider.path)
    return False


def preview(
    candidate: Candidate, step: Step | str, *, today: dt.date, data: dict[str, Any] | None = None
) -> list[Finding]:
    """Every rule check `step` would run, on `today`'s facts and the rule set in force today, writing nothing:
    the passed verdicts and the broken ones, worded as a refusal would word them. `data` is the step's data as
    far as it is known (the sponsors, the vote counts); without it the checks that need it are left out, except
    the sponsors, which are then none. Steps with no admission rule give []. A bad `data` raises `DomainError`."""
    step = Step(step)
    if step not in (Step.SPONSORS, Step.CELL_VOTE, Step.RECOGNITION_VOTE):
        return []
    rules = rules_on(today)
    given = Input(data or {})
    if step == Step.SPONSORS:
        ctx = Ctx(actor=None, candidate=candidate, step=step, input=given, today=today)
        rows = _sponsor_rows(ctx, today) if "sponsors" in given.data else []
        youth = given.flag("youth_union_resolution")
        return sponsor_findings(rules, candidate, rows, on=today, youth_union_resolution=youth)
    votes = None
    if "votes_for" in given.data or "votes_against" in given.data:
        cell = candidate.cell if step == Step.CELL_VOTE else candidate.member.organization  # type: ignore[union-attr]
        voters = full_members_of_cell_on(cell, today).count()
        votes = (voters, given.whole("votes_for", "Số tán thành"), given.whole("votes_against", "Số không tán thành"))
    if step == Step.CELL_VOTE:
        return cell_vote_findings(rules, candidate, on=today, votes=votes)
    findings = [probation_finding(rules, candidate, on=today)]
    if votes is not None:
        findings += check_vote_counts(voters=votes[0], votes_for=votes[1], votes_against=votes[2])
    return findings


def _out_of_order(candidate: Candidate, step: Step, allowed: list[Step]) -> str:
    stage = Stage(candidate.stage).label
    forward = [s for s in allowed if s not in {Step.WITHDRAW, Step.REJECT, Step.CORRECT}]
    if forward:
        expected = " hoặc ".join(f"“{s.label}”" for s in forward)
        return f"Không thể “{step.label}”: hồ sơ đang ở giai đoạn “{stage}”, bước tiếp theo là {expected}."
    if step == Step.CORRECT:
        return f"Không thể “{step.label}”: hồ sơ chưa có bước nào để đính chính."
    return f"Không thể “{step.label}”: hồ sơ đã kết thúc ở giai đoạn “{stage}”, chỉ có thể đính chính."


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def perform(
    *,
    actor: Any,
    candidate: Candidate,
    step: Step | str,
    expected_version: int,
    data: dict[str, Any],
    today: dt.date | None = None,
) -> Candidate:
    """Take `step` on `candidate` (see the module docstring for `data`). Refuses, with nothing saved: a stale
    `expected_version` (ConcurrentEditError), a step out of order, bad data, a broken rule (RuleRefusal)."""
    today = today or timezone.localdate()
    try:
        step = Step(step)
    except ValueError:
        raise DomainError(f"Bước “{step}” không hợp lệ.", field="step") from None
    locked = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("cell", "member", "member__organization", "former_member")
        .get(pk=candidate.pk)
    )
    if locked.version != expected_version:
        raise ConcurrentEditError()
    allowed = available_steps(locked)
    if step not in allowed:
        raise DomainError(_out_of_order(locked, step, allowed), field="step", code="out_of_order")
    before = snapshot(locked, STEP_FIELDS)
    counted_before = counted_year(locked)
    ctx = Ctx(actor=actor, candidate=locked, step=step, input=Input(data), today=today)
    from_stage = locked.stage
    corrected: Transition | None = None
    if step == Step.CORRECT:
        corrected = _correct(ctx)
        to_stage, on, rule_set_id = locked.stage, today, None
    else:
        outcome = HANDLERS[step](ctx)
        to_stage, on = outcome.to_stage, outcome.on
        rule_set_id = outcome.rules.rule_set_id if outcome.rules is not None else None
        locked.stage = to_stage
    locked.version += 1
    locked.save()
    changed_before, changed_after = diff(before, snapshot(locked, STEP_FIELDS))
    Transition.objects.create(
        candidate=locked, step=step, from_stage=from_stage, to_stage=to_stage, on=on, actor=_user(actor),
        rule_set_id=rule_set_id, data={**ctx.input.record, "_before": changed_before, "_made": ctx.made},
        note=ctx.input.record.get("reason", ""), corrects=corrected,
    )  # fmt: skip
    audit(str(step), actor=actor, candidate=locked, before=changed_before, after=changed_after,
          data={"step": str(step), **ctx.input.record})  # fmt: skip
    counted_after = counted_year(locked)
    if counted_after != counted_before:
        years = sorted({y for y in (counted_before, counted_after) if y is not None})
        admissions_counted_changed.send(sender=Candidate, candidate=locked, years=years)
    return locked


def counted_year(candidate: Candidate) -> int | None:
    """The year whose admissions count this candidacy (its decision date's), or None when it counts in none."""
    if candidate.stage in ADMITTED and candidate.decided_on is not None:
        return candidate.decided_on.year
    return None


def _restore(candidate: Candidate, before: dict[str, Any]) -> None:
    """Put back the candidacy's fields as they were before a step (values as recorded, JSON-safe)."""
    by_attname = {f.attname: f for f in Candidate._meta.concrete_fields}
    for name, value in before.items():
        if name in by_attname:
            setattr(candidate, name, by_attname[name].to_python(value))


def _reverse_registry(ctx: Ctx, made: dict[str, Any], reason: str) -> None:
    c = ctx.candidate
    member = Member.objects.filter(pk=c.member_id).first() if c.member_id else None
    if made.get("member_readmitted"):
        raise DomainError(
            "Lễ kết nạp lại đã đưa đảng viên cũ trở lại danh sách: không thể đính chính tự động; hãy điều chỉnh "
            "trên hồ sơ đảng viên rồi ghi nhận lại.",
            code="member_changed",
        )
    if member is None:
        return
    version = int(made.get("member_version") or 0)
    if made.get("member_created"):
        c.member = None
        c.save(update_fields=["member"])
        member_services.remove_member(actor=ctx.actor, member=member, expected_version=version, reason=reason)
    elif made.get("member_status"):
        member = member_services.undo_status_change(
            actor=ctx.actor, member=member, expected_version=version, reason=reason
        )
        if member.full_membership_date is not None and made["member_status"] == "full":
            member_services.update_member(
                actor=ctx.actor, member=member, expected_version=member.version,
                data={"full_membership_date": None}, today=ctx.today,
            )  # fmt: skip


def _correct(ctx: Ctx) -> Transition:
    """Undo the last step still standing: its fields, its sponsors and votes, its registry changes."""
    reason = ctx.input.text("reason", "Lý do đính chính", required=True, max_length=REASON_LENGTH)
    target = open_transitions(ctx.candidate).order_by("-at", "-pk").first()
    if target is None:
        raise DomainError("Hồ sơ chưa có bước nào để đính chính.", field="step")
    made = target.data.get("_made") or {}
    _reverse_registry(ctx, made, reason)
    Sponsor.objects.filter(pk__in=made.get("sponsors") or []).delete()
    if made.get("vote"):
        Vote.objects.filter(pk=made["vote"]).delete()
    _restore(ctx.candidate, target.data.get("_before") or {})
    ctx.input.record["corrects"] = target.pk
    ctx.input.record["corrected_step"] = target.step
    return target
