"""The rating workflow: the table of steps, who may take each, and the one function that takes them.

Steps of one subject's rating (`RatingStep`), in order:

1. self-assessment (`self_assessed`, writes `self_level`, the 100-point sheet under the 2025 rules): the
   member themself, or an officer with `manage_members` over the member's cell entering it on their
   behalf; for a cell or grassroots organization, an officer over that organization;
2. review at the cell or committee (`reviewed`, `review_level`): for a member, the cell secretary or a
   grassroots officer over the cell; for a cell, its grassroots committee; for a grassroots
   organization, its own committee;
3. proposal (`proposed`, `proposed_level`): the grassroots committee (officers over the grassroots
   organization);
4. decision (`decided`, `decided_level` and `final_level`): the competent level — the grassroots
   committee for members and cells, the upper (bloc) level for grassroots organizations;
5. verification (`verified`): the level above the decider (never above the round's root).

Then the round is locked by the bloc's organization board (`locking.lock_campaign`); a locked round
refuses every write until the bloc reopens it (`locking.reopen_campaign`). The level above the decider may change a
decided level with a recorded reason (`override_rating`). Every write checks the round is open, the
actor's right over the rating's unit (out of scope: refused as "not found" and logged), the step order,
the verdict engine's allowed levels (the refusal names the rule) and the cap on "excellent", then
stores the Vietnamese reasons and writes the audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.audit import diff, log_action, log_denied, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.organizations.models import PATH_SEGMENT_WIDTH

from .enums import GOOD_OR_BETTER, CampaignState, Level, RatingMethod, RatingStep, SubjectKind
from .facts import RatingInputs, facts_for_ratings
from .models import Rating, RatingCampaign
from .params import RuleSetData
from .rules import CapCheck, check_excellent_cap, evaluate
from .verdicts import Verdict

_SEG = PATH_SEGMENT_WIDTH + 1
LEVEL_FIELDS = ("self_level", "review_level", "proposed_level", "decided_level")
_AUDITED = ("step", "self_level", "score", "score_sheet", "review_level", "proposed_level", "decided_level",
            "final_level", "reasons", "override_reason", "self_review")  # fmt: skip
SELF_REVIEW_MAX = 5000  # characters: a few typed pages


@dataclass(frozen=True)
class StepRule:
    step: RatingStep
    after: RatingStep  # the step the rating must have reached first
    level_field: str | None
    due_field: str  # the campaign's deadline for this step
    who: str  # who takes it, for refusals and the page


STEPS: dict[str, StepRule] = {
    r.step: r
    for r in (
        StepRule(RatingStep.SELF_ASSESSED, RatingStep.PENDING, "self_level", "self_assessment_due",
                 "đảng viên tự đánh giá, hoặc cán bộ cập nhật đảng viên của chi bộ nhập thay"),
        StepRule(RatingStep.REVIEWED, RatingStep.SELF_ASSESSED, "review_level", "review_due",
                 "chi bộ (bí thư chi bộ) hoặc cấp ủy cơ sở kiểm điểm"),
        StepRule(RatingStep.PROPOSED, RatingStep.REVIEWED, "proposed_level", "proposal_due",
                 "cấp ủy cơ sở đề xuất"),
        StepRule(RatingStep.DECIDED, RatingStep.PROPOSED, "decided_level", "decision_due",
                 "cấp có thẩm quyền quyết định (đảng ủy cơ sở; cấp trên cơ sở với tổ chức cơ sở đảng)"),
        StepRule(RatingStep.VERIFIED, RatingStep.DECIDED, None, "verification_due",
                 "cấp trên của cấp quyết định thẩm định"),
    )
}  # fmt: skip
STEP_ORDER: tuple[str, ...] = tuple(RatingStep.values)
SHEET_STEPS = frozenset({RatingStep.SELF_ASSESSED, RatingStep.REVIEWED})
CAPPED_FIELDS = frozenset({"review_level", "proposed_level", "decided_level"})


def parent_path(path: str) -> str:
    return path[: len(path) - _SEG]


def _within_root(path: str, root_path: str) -> str:
    return path if path.startswith(root_path) else root_path


def acting_path(rating: Rating, step: str) -> str:
    """The organization (by path) over which the actor must hold `manage_members` to take `step`."""
    root = rating.campaign.organization.path
    unit = rating.unit_path
    grassroots = rating.grassroots.path if rating.grassroots is not None else unit
    if rating.subject_kind == SubjectKind.GRASSROOTS:
        decider = _within_root(parent_path(unit), root)
        chain = {RatingStep.SELF_ASSESSED: unit, RatingStep.REVIEWED: unit, RatingStep.PROPOSED: unit}
    else:
        decider = grassroots
        review = unit if rating.subject_kind == SubjectKind.MEMBER else grassroots
        chain = {RatingStep.SELF_ASSESSED: unit, RatingStep.REVIEWED: review, RatingStep.PROPOSED: grassroots}
    chain[RatingStep.DECIDED] = decider
    chain[RatingStep.VERIFIED] = _within_root(parent_path(decider), root)
    return chain[RatingStep(step)]


def can_see(scope: Scope, rating: Rating) -> bool:
    return scope.covers_path(Right.VIEW_MEMBERS, rating.unit_path) or (
        scope.member_id is not None and scope.member_id == rating.member_id
    )


def may_take(scope: Scope, rating: Rating, step: str) -> bool:
    """Whether the scope's holder may take `step` on `rating` (order and round state aside)."""
    if step == RatingStep.SELF_ASSESSED and scope.member_id is not None and scope.member_id == rating.member_id:
        return True
    return scope.covers_path(Right.MANAGE_MEMBERS, acting_path(rating, step))


def steps_open_to(scope: Scope, rating: Rating) -> list[str]:
    """The steps the holder may take now: the next step, or redoing the current one."""
    if rating.not_rated or rating.campaign.state != CampaignState.OPEN:
        return []
    at = STEP_ORDER.index(rating.step)
    candidates = list(STEP_ORDER[at + 1 : at + 2])
    if rating.step in STEPS and rating.step != RatingStep.VERIFIED:
        candidates.append(rating.step)
    return [s for s in candidates if may_take(scope, rating, s)]


def may_write_self_review(scope: Scope, rating: Rating) -> bool:
    """Whether the holder may write (or rewrite) the self-review now. Members the rules do not rate
    (exempt, suspended, admitted less than 6 months before) still review themselves, so this holds
    for them too, as long as no level step has been taken after the self-assessment."""
    return (
        rating.campaign.state == CampaignState.OPEN
        and rating.step in (RatingStep.PENDING, RatingStep.SELF_ASSESSED)
        and may_take(scope, rating, RatingStep.SELF_ASSESSED)
    )


def may_override(scope: Scope, rating: Rating) -> bool:
    return bool(rating.decided_level) and scope.covers_path(
        Right.MANAGE_MEMBERS, acting_path(rating, RatingStep.VERIFIED)
    )


def _locked_rating(pk: int) -> Rating:
    return (
        Rating.objects.select_for_update(of=("self",))
        .select_related("campaign__organization", "campaign__rule_set", "member", "organization", "grassroots")
        .get(pk=pk)
    )


def _require_visible(actor: Any, scope: Scope, rating: Rating) -> None:
    if not can_see(scope, rating):
        log_denied(actor=actor, what="rating", object_id=rating.pk)
        raise DomainError("Không tìm thấy bản xếp loại này trong phạm vi của bạn.", code="not_found")


def _require_open(campaign: RatingCampaign) -> None:
    if campaign.state != CampaignState.OPEN:
        raise DomainError(
            f"Đợt đánh giá năm {campaign.year} đã khóa: không sửa được kết quả xếp loại. "
            "Chỉ Ban Tổ chức cấp mở đợt mới được mở lại đợt.",
            code="locked",
        )


def excellent_cap(rule_set: RuleSetData, rating: Rating, level_field: str, *, extra: int = 0) -> CapCheck:
    """The cap on "excellent" within the configured scope, counting the subject as one more good-or-better."""
    qs = Rating.objects.filter(
        campaign_id=rating.campaign_id, subject_kind=rating.subject_kind, not_rated=False
    ).exclude(pk=rating.pk)
    scope = rule_set.params.excellent_cap.scope
    if rating.subject_kind == SubjectKind.GRASSROOTS and scope != "round":
        qs = qs.filter(unit_path__startswith=parent_path(rating.unit_path))
    elif scope == "organization" and rating.subject_kind == SubjectKind.MEMBER:
        qs = qs.filter(unit_id=rating.unit_id)
    elif scope != "round":
        qs = qs.filter(grassroots_id=rating.grassroots_id)
    good = sorted(GOOD_OR_BETTER)
    effective = Q()
    blank: dict[str, str] = {}
    for name in reversed(LEVEL_FIELDS):  # the latest level each subject has reached
        effective |= Q(**blank, **{f"{name}__in": good})
        blank[name] = ""
    counts = qs.aggregate(gob=Count("pk", filter=effective), used=Count("pk", filter=Q(**{level_field: "excellent"})))
    return check_excellent_cap(rule_set, counts["gob"] + 1, counts["used"] + extra)


def _verdict(rating: Rating, rule_set: RuleSetData, inputs: RatingInputs, level: str | None) -> Verdict:
    rating.score_sheet = inputs.as_json()
    facts = facts_for_ratings(rating.campaign, [rating])[rating.pk]
    sheet = inputs.score_sheet(rule_set, SubjectKind(rating.subject_kind))
    return evaluate(rule_set, facts, proposed_level=level, sheet=sheet)


def _check_level(rule_set: RuleSetData, rating: Rating, verdict: Verdict, level: str, level_field: str) -> list[str]:
    """Refuse a level a rule forbids or "excellent" over the cap; the reasons to store otherwise."""
    if verdict.not_rated:
        raise DomainError(" ".join(verdict.messages), code="not_rated")
    verdict.require_allowed(level)
    reasons = verdict.messages
    if level == Level.EXCELLENT and level_field in CAPPED_FIELDS:
        cap = excellent_cap(rule_set, rating, level_field)
        if not cap.allowed:
            raise DomainError(f"Không thể xếp loại {Level.EXCELLENT.label}: {cap.message}", field="level", code="cap")
        reasons.append(excellent_cap(rule_set, rating, level_field, extra=1).message)
    return reasons


def _previous_level(rating: Rating, level_field: str) -> str:
    index = LEVEL_FIELDS.index(level_field)
    return next((getattr(rating, f) for f in reversed(LEVEL_FIELDS[:index]) if getattr(rating, f)), "")


def perform_step(
    *,
    actor: Any,
    rating: Rating,
    step: str,
    level: str | None = None,
    sheet: RatingInputs | None = None,
    reason: str = "",
    self_review: str | None = None,
    expected_version: int,
) -> Rating:
    """Take one step of a rating (see the module docstring for the table).

    Steps: lock the row; refuse a rating out of the actor's scope (logged) and a locked round; refuse a
    stale version; refuse a self-review outside the self-assessment or over its length; for a subject
    that is not rated, store only the self-review (the rules still ask for it) and refuse any level or
    later step with the stored reasons; check the step order and the actor's right for the step; build
    the facts and run the verdict engine (the 100-point sheet under the 2025 rules); take the level
    given, else the sheet's (self-assessment) or the previous step's; refuse a level a rule forbids and
    "excellent" over the cap; store the level, the sheet, the self-review, the reasons; audit.
    """
    _require_visible(actor, scope_for(actor), rating)  # outside the transaction: the logged attempt stays
    with transaction.atomic():
        return _perform_step(actor, rating, step, level, sheet, reason, self_review, expected_version)


def _check_self_review(step: str, self_review: str | None) -> str | None:
    if self_review is None:
        return None
    if step != RatingStep.SELF_ASSESSED:
        raise DomainError("Bản tự kiểm điểm chỉ ghi ở bước tự đánh giá.", field="self_review")
    text = self_review.strip()
    if len(text) > SELF_REVIEW_MAX:
        raise DomainError(
            f"Bản tự kiểm điểm dài {len(text)} ký tự, quá mức cho phép {SELF_REVIEW_MAX} ký tự.",
            field="self_review",
        )
    return text


def _save_not_rated_self_review(actor: Any, rating: Rating, step: str, level: str | None,
                                sheet: RatingInputs | None, text: str | None) -> Rating:  # fmt: skip
    """A subject the rules do not rate keeps only its self-review; any level is refused with the rule."""
    refusal = " ".join(rating.reasons) or "Đối tượng này không xếp loại chất lượng."
    if step != RatingStep.SELF_ASSESSED or level or (sheet is not None and sheet.has_scores) or text is None:
        raise DomainError(refusal, field="level" if level else None, code="not_rated")
    if rating.step not in (RatingStep.PENDING, RatingStep.SELF_ASSESSED):
        raise DomainError("Đã qua bước tự đánh giá: không sửa được bản tự kiểm điểm.", code="order")
    if not may_take(scope_for(actor), rating, step):
        raise DomainError("Bạn không có quyền ghi bản tự kiểm điểm của người khác.", code="forbidden")
    before = snapshot(rating, _AUDITED)
    rating.self_review = text
    rating.step = RatingStep.SELF_ASSESSED
    rating.version += 1
    rating.save()
    old, new = diff(before, snapshot(rating, _AUDITED))
    log_action("evaluations.rating.self_assessed", actor=actor, object_type="rating", object_id=rating.pk,
               object_repr=_repr(rating), scope_path=rating.unit_path, before=old, after=new)  # fmt: skip
    return rating


def _perform_step(
    actor: Any, rating: Rating, step: str, level: str | None, sheet: RatingInputs | None, reason: str,
    self_review: str | None, expected_version: int,
) -> Rating:  # fmt: skip
    rating = _locked_rating(rating.pk)
    campaign = rating.campaign
    scope = scope_for(actor)
    _require_open(campaign)
    if rating.version != expected_version:
        raise ConcurrentEditError()
    rule = STEPS.get(step)
    if rule is None:
        raise DomainError(f"Bước “{step}” không hợp lệ.", field="step")
    text = _check_self_review(step, self_review)
    if rating.not_rated:
        return _save_not_rated_self_review(actor, rating, step, level, sheet, text)
    at, want = STEP_ORDER.index(rating.step), STEP_ORDER.index(rule.step)
    if not (rating.step == rule.after or (rating.step == rule.step and rule.step != RatingStep.VERIFIED)):
        later = "đã qua bước này" if at > want else f"cần bước “{RatingStep(rule.after).label}” trước"
        raise DomainError(f"Chưa thể thực hiện bước “{rule.step.label}”: {later}.", field="step", code="order")
    if not may_take(scope, rating, step):
        raise DomainError(
            f"Bạn không có quyền thực hiện bước “{rule.step.label}” với bản xếp loại này: bước này do {rule.who}.",
            code="forbidden",
        )
    if sheet is not None and step not in SHEET_STEPS:
        raise DomainError("Phiếu đánh giá chỉ nhập ở bước tự đánh giá hoặc kiểm điểm.", field="sheet")
    rule_set = campaign.rule_set.as_data()
    inputs = sheet if sheet is not None else RatingInputs.from_json(rating.score_sheet)
    if step == RatingStep.SELF_ASSESSED and rule_set.method == RatingMethod.SCORE_100 and not inputs.has_scores:
        raise DomainError(f"Theo {rule_set.citation}, tự đánh giá bằng phiếu chấm điểm thang 100 điểm: hãy chấm điểm.")
    before = snapshot(rating, _AUDITED)
    if rule.level_field is None:  # verification confirms the decided level
        if level and level != rating.decided_level:
            raise DomainError(
                "Thẩm định xác nhận mức đã quyết định; muốn đổi mức hãy dùng điều chỉnh của cấp trên, nêu lý do.",
                field="level",
            )
        verdict = _verdict(rating, rule_set, inputs, rating.decided_level)
        reasons = _check_level(rule_set, rating, verdict, rating.decided_level, "")
    else:
        verdict = _verdict(rating, rule_set, inputs, level or None)
        chosen = level or (
            verdict.suggested_level if step == RatingStep.SELF_ASSESSED else _previous_level(rating, rule.level_field)
        )
        if not chosen:
            raise DomainError("Hãy chọn mức xếp loại.", field="level")
        reasons = _check_level(rule_set, rating, verdict, chosen, rule.level_field)
        setattr(rating, rule.level_field, chosen)
        if step == RatingStep.SELF_ASSESSED:
            rating.score = verdict.score
        if step == RatingStep.DECIDED:
            rating.final_level = chosen
    if reason:
        reasons.append(f"Ghi chú: {reason}")
    if text is not None:
        rating.self_review = text
    rating.reasons = reasons
    rating.step = rule.step
    rating.version += 1
    rating.save()
    old, new = diff(before, snapshot(rating, _AUDITED))
    log_action(
        f"evaluations.rating.{rule.step}",
        actor=actor,
        object_type="rating",
        object_id=rating.pk,
        object_repr=_repr(rating),
        scope_path=rating.unit_path,
        before=old,
        after=new,
        data={"level": rating.decided_level if rule.level_field is None else getattr(rating, rule.level_field)},
    )
    return rating


def override_rating(*, actor: Any, rating: Rating, level: str, reason: str, expected_version: int) -> Rating:
    """The level above the decider changes a decided level, with a recorded reason.

    Steps: lock the row; refuse out of scope (logged), a locked round, a stale version, a rating not yet
    decided, an actor who is not above the decider, an empty reason; run the verdict engine and the cap;
    store the level as decided and final, the reason; audit.
    """
    _require_visible(actor, scope_for(actor), rating)  # outside the transaction: the logged attempt stays
    with transaction.atomic():
        return _override(actor, rating, level, reason, expected_version)


def _override(actor: Any, rating: Rating, level: str, reason: str, expected_version: int) -> Rating:
    rating = _locked_rating(rating.pk)
    scope = scope_for(actor)
    _require_open(rating.campaign)
    if rating.version != expected_version:
        raise ConcurrentEditError()
    if not rating.decided_level:
        raise DomainError("Chỉ điều chỉnh được mức đã có quyết định của cấp có thẩm quyền.", code="order")
    if not may_override(scope, rating):
        raise DomainError("Chỉ cấp trên của cấp quyết định mới được điều chỉnh mức xếp loại.", code="forbidden")
    reason = reason.strip()
    if not reason:
        raise DomainError("Hãy nêu lý do điều chỉnh mức xếp loại.", field="reason")
    rule_set = rating.campaign.rule_set.as_data()
    verdict = _verdict(rating, rule_set, RatingInputs.from_json(rating.score_sheet), level)
    reasons = _check_level(rule_set, rating, verdict, level, "decided_level")
    before = snapshot(rating, _AUDITED)
    rating.decided_level = rating.final_level = level
    rating.override_reason = reason
    rating.reasons = [*reasons, f"Cấp trên điều chỉnh: {reason}"]
    rating.version += 1
    rating.save()
    old, new = diff(before, snapshot(rating, _AUDITED))
    log_action("evaluations.rating.overridden", actor=actor, object_type="rating", object_id=rating.pk,
               object_repr=_repr(rating), scope_path=rating.unit_path, before=old, after=new,
               data={"reason": reason})  # fmt: skip
    return rating


def _repr(rating: Rating) -> str:
    subject = rating.member if rating.member is not None else rating.organization
    return f"Xếp loại năm {rating.year}: {subject}"


__all__ = [
    "STEPS",
    "StepRule",
    "acting_path",
    "can_see",
    "excellent_cap",
    "may_override",
    "may_take",
    "may_write_self_review",
    "override_rating",
    "perform_step",
    "steps_open_to",
]
