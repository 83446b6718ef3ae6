"""The demo's yearly quality rating: three locked rounds and the current year's round half done.

    result = build_ratings(bloc=bloc, actor=board_officer, seed=2024, today=dt.date(2026, 11, 27))

For each of the three years before `today`'s year (those a shipped rule set covers: 2023, 2024 and 2025
in 2026) and then for the current year:

1. a few discipline decisions through `discipline.services.record_discipline` (members reprimanded or
   warned by their cell or grassroots committee; from 2025, when the demo's committees hold office, a member
   of a grassroots committee; in the middle year a cell reprimanded by its grassroots committee);
2. the round opened over the bloc with `evaluations.services.open_campaign` (one rating per subject); the
   ratings of members admitted after the year are dropped (they were not members yet);
3. the levels of every rated subject, written in bulk (grouped UPDATEs: a step by step replay through
   `perform_step` would cost minutes): each grassroots organization has a character (about one in eight is
   weak, its members 74–84% good or better; the others 90–97.5%), which rolls up to its cells and to itself;
   every level lies within what the verdict engine allows for the subject's facts (a member disciplined in
   the year is "unfulfilled", a collective whose leader or cell was disciplined at most "fulfilled"), and
   "excellent" stays within the cap (20% of the good-or-better in the cap's scope: the cell for members, the
   grassroots organization for cells, the bloc for grassroots organizations). Under the rules from 2025 each
   self-assessment carries a 100-point sheet whose band is the self-assessed level. The stored reasons are
   the verdict engine's own;
4. for the closed years: "model cell" designations (`evaluations.designations.designate`, against the
   bloc's checklist) for 19–24% of the cells, the best rated first; the round locked with
   `evaluations.locking.lock_campaign`; the KPI values recomputed (`planning.kpi.recompute_year`);
5. for the current year the round stays open: about half of the grassroots organizations have started
   (their members self-assessed, reviewed by the cell or proposed by the committee), the rest have not.

Same seed and same `today` give the same data. At 10,000 members this takes about 15 s on SQLite, most of it in
open_campaign creating the rating rows (four rounds of ~10,000); `build_demo(ratings=False)` leaves it all out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.discipline.enums import AppealResult, DisciplineForm
from dangbo.discipline.models import Discipline
from dangbo.discipline.services import record_discipline
from dangbo.evaluations.designations import designate, save_checklist
from dangbo.evaluations.enums import (
    GOOD_OR_BETTER,
    LEVEL_ORDER,
    DesignationKind,
    Level,
    RatingMethod,
    RatingStep,
    SubjectKind,
    level_rank,
)
from dangbo.evaluations.facts import RatingInputs, facts_for_ratings, standing_on
from dangbo.evaluations.locking import lock_campaign
from dangbo.evaluations.models import Rating, RatingCampaign
from dangbo.evaluations.params import RuleSetData
from dangbo.evaluations.rules import SubjectFacts, evaluate
from dangbo.evaluations.selectors import rule_set_for_year
from dangbo.evaluations.services import open_campaign
from dangbo.evaluations.verdicts import Verdict
from dangbo.evaluations.workflow import parent_path
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.organizations.enums import CommitteePosition, OrgKind
from dangbo.organizations.models import CommitteeSeat, Organization
from dangbo.planning.kpi import recompute_year

Progress = Callable[[str], None]

CLOSED_YEARS = 3
BATCH = 5000
WEAK_SHARE = 0.12  # grassroots organizations whose members fall clearly below the 90% target
MODEL_CELL_SHARE = (0.19, 0.24)
MODEL_CELL_ITEMS = [
    "Chi bộ đoàn kết, thống nhất; lãnh đạo hoàn thành tốt nhiệm vụ chính trị của cơ quan, đơn vị",
    "Sinh hoạt chi bộ định kỳ đúng quy định, nội dung thiết thực, có chuyên đề hằng quý",
    "100% đảng viên được xếp loại hoàn thành nhiệm vụ trở lên, không có đảng viên vi phạm phải xử lý kỷ luật",
    "Thực hiện tốt công tác kiểm tra, giám sát và phát triển đảng viên",
    "Chi bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên",
]
FOUR_GOOD_ITEMS = [
    "Chính trị tư tưởng tốt",
    "Tổ chức tốt",
    "Thực hiện nhiệm vụ chính trị tốt",
    "Công tác kiểm tra, giám sát tốt",
]
CHECKLIST_SOURCE = "Hướng dẫn của Ban Thường vụ Đảng ủy Khối về xây dựng chi bộ kiểu mẫu, tổ chức đảng bốn tốt"
# The current year's round: where each grassroots organization has got to (weights).
OPEN_STAGES: list[tuple[str, float]] = [
    (RatingStep.PENDING, 0.36),
    (RatingStep.SELF_ASSESSED, 0.26),
    (RatingStep.REVIEWED, 0.22),
    (RatingStep.PROPOSED, 0.16),
]
STEP_INDEX = {s: i for i, s in enumerate(RatingStep.values)}
_LEVELS_BY_STEP: dict[str, tuple[str, ...]] = {
    RatingStep.SELF_ASSESSED: ("self_level",),
    RatingStep.REVIEWED: ("self_level", "review_level"),
    RatingStep.PROPOSED: ("self_level", "review_level", "proposed_level"),
    RatingStep.DECIDED: ("self_level", "review_level", "proposed_level", "decided_level", "final_level"),
    RatingStep.VERIFIED: ("self_level", "review_level", "proposed_level", "decided_level", "final_level"),
}
# 100-point sheets per band: (totals, on-time %, exceeding %) to draw from; each total is a multiple of 0.5.
SHEET_BANDS: dict[Level, tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]] = {
    Level.EXCELLENT: (("91", "92.5", "94", "95.5", "97"), (100,), (30, 35, 40, 50)),
    Level.GOOD: (("72", "75.5", "79", "82.5", "85", "88.5"), (100,), (0, 10, 20)),
    Level.FULFILLED: (("55", "59.5", "63", "66.5"), (85, 90, 95), (0,)),
    Level.UNFULFILLED: (("38", "42.5", "46"), (60, 70), (0,)),
}
SHEET_VARIANTS = 5
_HALF = Decimal("0.5")


@dataclass
class RatingsResult:
    closed_years: list[int] = field(default_factory=list)
    open_year: int | None = None
    disciplines: int = 0
    designations: int = 0
    ratings: int = 0


@dataclass
class _Row:
    """One rating being filled: its ids and snapshot, the facts, the levels chosen."""

    pk: int
    kind: str
    member_id: int | None
    unit_id: int
    unit_path: str
    grassroots_id: int | None
    organization_id: int | None
    facts: SubjectFacts
    best: Level  # the best level the rules allow (before any sheet)
    final: Level = Level.GOOD
    self_level: Level = Level.GOOD
    step: str = RatingStep.VERIFIED


@dataclass(frozen=True)
class _Sheet:
    key: tuple[str, Level, int]
    json: dict[str, Any]
    score: Decimal


class _Year:
    """One year's round over the bloc."""

    def __init__(self, owner: DemoRatings, year: int, *, closed: bool) -> None:
        self.owner = owner
        self.rng = random.Random(f"{owner.seed}-ratings-{year}")
        self.year = year
        self.closed = closed
        self.rule_set: RuleSetData = rule_set_for_year(year)
        self.scored = self.rule_set.method == RatingMethod.SCORE_100
        self.campaign: RatingCampaign | None = None
        self.dropped = 0
        self.rows: list[_Row] = []
        self.cell_share: dict[int, float] = {}
        self.cell_worst: dict[int, Level] = {}
        self._verdicts: dict[tuple[Any, ...], Verdict] = {}
        self._sheets: dict[tuple[str, Level], list[_Sheet]] = {}

    # -- the round ---------------------------------------------------------------------------------------

    def open(self) -> RatingCampaign:
        campaign = open_campaign(actor=self.owner.actor, organization=self.owner.bloc, year=self.year)
        # Members admitted after the year were not members then: no rating of theirs belongs to the round.
        later = campaign.ratings.filter(member__admission_decision_date__gt=campaign.reference_date)
        self.dropped = later.count()
        if self.dropped:
            later.delete()
        self.campaign = campaign
        return campaign

    def load(self) -> None:
        """The rated subjects with their facts and the best level the rules allow them.

        The facts of the collectives and of the members disciplined in the year come from the workflow's own
        builder (`facts_for_ratings`); every other member's are what that builder gives a member with no
        discipline and an empty sheet (its status and admission date), made here without loading the rows
        as model instances, which would cost most of the demo's time at 10,000 members.
        """
        campaign = self.campaign
        assert campaign is not None
        year = self.year
        disciplined = set(
            Discipline.objects.filter(
                member__isnull=False, decision_date__gte=dt.date(year, 1, 1), decision_date__lte=dt.date(year, 12, 31)
            )
            .exclude(appeal_result=AppealResult.ANNULLED)  # annulled on appeal: never counted
            .values_list("member_id", flat=True)
        )
        # Ordered by subject, not by id: the order open_campaign creates the rows in is not fixed on PostgreSQL.
        rows = (
            campaign.ratings.filter(not_rated=False)
            .order_by("unit_path", "subject_kind", "member_id", "organization_id")
            .values_list("pk", "subject_kind", "member_id", "unit_id", "unit_path", "grassroots_id",
                         "organization_id", "member__status", "member__admission_decision_date")
        )  # fmt: skip
        plain: dict[int, SubjectFacts] = {}
        built: list[int] = []
        listed = list(rows)
        # Like the builder, the status on the reference date from the dated history (today's without one).
        standing = standing_on(campaign.reference_date, members=Q(member__ratings__campaign=campaign))
        for pk, kind, member_id, *_rest, status, admitted in listed:
            if kind == SubjectKind.MEMBER and member_id not in disciplined:
                on_day = standing.get(member_id)
                plain[pk] = SubjectFacts(SubjectKind.MEMBER, year, campaign.reference_date,
                                         status=on_day.status if on_day is not None else status,
                                         admitted_on=admitted)  # fmt: skip
            else:
                built.append(pk)
        facts: dict[int, SubjectFacts] = {}
        for start in range(0, len(built), BATCH):
            chunk = list(campaign.ratings.filter(pk__in=built[start : start + BATCH]).select_related(
                "member", "organization", "campaign"))  # fmt: skip
            facts.update(facts_for_ratings(campaign, chunk))
        for pk, kind, member_id, unit_id, unit_path, grassroots_id, organization_id, _status, _admitted in listed:
            f = plain.get(pk) or facts[pk]
            best = self.verdict(f, None, None).best_allowed or Level.UNFULFILLED
            self.rows.append(_Row(pk, kind, member_id, unit_id, unit_path, grassroots_id, organization_id, f, best))

    def verdict(self, facts: SubjectFacts, level: Level | None, sheet: _Sheet | None) -> Verdict:
        """The verdict engine's answer, memoised: the dates kept out of the key only decide "not rated",
        and the rated subjects are past that."""
        plain = dataclasses.replace(facts, admitted_on=None, founded_on=None)
        key = (plain, level, sheet.key if sheet else None)
        found = self._verdicts.get(key)
        if found is None:
            score_sheet = None
            if sheet is not None:
                score_sheet = RatingInputs.from_json(sheet.json).score_sheet(self.rule_set, SubjectKind(facts.kind))
            found = evaluate(self.rule_set, facts, proposed_level=level, sheet=score_sheet)
            self._verdicts[key] = found
        return found

    # -- levels ------------------------------------------------------------------------------------------

    def choose_levels(self, character: dict[int, float]) -> None:
        """Final and self-assessed levels of every row (see the module docstring)."""
        rng = self.rng
        members = [r for r in self.rows if r.kind == SubjectKind.MEMBER]
        by_cell: dict[int, list[_Row]] = defaultdict(list)
        for r in members:
            by_cell[r.unit_id].append(r)
        trend = 0.004 * (self.year - self.owner.first_year)
        cell_share: dict[int, float] = {}
        grassroots_tally: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for cell_id, rows in by_cell.items():
            gr = rows[0].grassroots_id or cell_id
            p = min(0.995, character.get(gr, 0.93) + trend + rng.uniform(-0.035, 0.035))
            below = _stochastic_round(rng, len(rows) * (1 - p))
            order = rows[:]
            rng.shuffle(order)
            for i, r in enumerate(order):
                level = (Level.UNFULFILLED if rng.random() < 0.1 else Level.FULFILLED) if i < below else Level.GOOD
                r.final = _within(level, r.best)
            good = [r for r in rows if r.final in GOOD_OR_BETTER]
            self._excellent(good, keep_all=rng.random() < 0.55)
            cell_share[cell_id] = len(good) / len(rows)
            tally = grassroots_tally[gr]
            tally[0] += len(good)
            tally[1] += len(rows)
        share_of = {gr: (good / total if total else 1.0) for gr, (good, total) in grassroots_tally.items()}

        cells = [r for r in self.rows if r.kind == SubjectKind.CELL]
        by_grassroots: dict[int, list[_Row]] = defaultdict(list)
        for r in cells:
            assert r.organization_id is not None
            share = cell_share.get(r.organization_id, 1.0)
            if share >= 0.85 or (share >= 0.75 and rng.random() < 0.5):
                level = Level.GOOD
            else:
                level = Level.FULFILLED
            r.final = _within(level, r.best)
            by_grassroots[r.grassroots_id or 0].append(r)
        for rows in by_grassroots.values():
            good = [r for r in rows if r.final in GOOD_OR_BETTER and cell_share.get(r.organization_id or 0, 1) >= 0.94]
            good.sort(key=lambda r: -cell_share.get(r.organization_id or 0, 1.0))
            self._excellent(good, keep_all=True, of=sum(r.final in GOOD_OR_BETTER for r in rows))

        by_parent: dict[str, list[_Row]] = defaultdict(list)
        for r in self.rows:
            if r.kind != SubjectKind.GRASSROOTS:
                continue
            share = share_of.get(r.organization_id or 0, 1.0)
            if share >= 0.88 or (share >= 0.84 and rng.random() < 0.5):
                level = Level.GOOD
            else:
                level = Level.FULFILLED
            r.final = _within(level, r.best)
            by_parent[parent_path(r.unit_path)].append(r)
        for rows in by_parent.values():
            good = [r for r in rows if r.final in GOOD_OR_BETTER and share_of.get(r.organization_id or 0, 1) >= 0.93]
            good.sort(key=lambda r: -share_of.get(r.organization_id or 0, 1.0) - rng.uniform(0, 0.02))
            self._excellent(good, keep_all=True, of=sum(r.final in GOOD_OR_BETTER for r in rows))
        self.cell_share = cell_share
        for r in members:
            worst = self.cell_worst.get(r.unit_id, Level.EXCELLENT)
            self.cell_worst[r.unit_id] = r.final if level_rank(r.final) > level_rank(worst) else worst

        for r in self.rows:
            r.self_level = r.final
            rank = level_rank(r.final)
            if rank > 0 and rng.random() < 0.12:  # a subject rating itself one level higher than the end result
                higher = LEVEL_ORDER[rank - 1]
                if level_rank(higher) >= level_rank(r.best):
                    r.self_level = higher

    def _excellent(self, good: list[_Row], *, keep_all: bool, of: int | None = None) -> None:
        """Raise some good-or-better rows to "excellent", within the cap of their scope (`of` good-or-better)."""
        ratio = self.rule_set.params.excellent_cap.ratio
        limit = math.floor(ratio * (len(good) if of is None else of))
        eligible = [r for r in good if r.best == Level.EXCELLENT]
        if of is None:
            self.rng.shuffle(eligible)
        count = min(len(eligible), limit if keep_all else max(0, limit - 1))
        for r in eligible[:count]:
            r.final = Level.EXCELLENT

    def recap_open(self) -> None:
        """In the open round the cap counts the latest level each subject has reached (the self-assessed one
        for those not yet reviewed, nothing for those pending): bring the reviewed "excellent" within it."""
        ratio = self.rule_set.params.excellent_cap.ratio
        scopes: dict[tuple[str, Any], list[_Row]] = defaultdict(list)
        for r in self.rows:
            if r.kind == SubjectKind.MEMBER:
                scopes[("member", r.unit_id)].append(r)
            elif r.kind == SubjectKind.CELL:
                scopes[("cell", r.grassroots_id)].append(r)
            else:
                scopes[("grassroots", parent_path(r.unit_path))].append(r)
        reviewed = STEP_INDEX[RatingStep.REVIEWED]
        for rows in scopes.values():
            gob = 0
            used: list[_Row] = []
            for r in rows:
                at = STEP_INDEX[r.step]
                latest = r.final if at >= reviewed else r.self_level if at > 0 else None
                gob += latest in GOOD_OR_BETTER
                if at >= reviewed and r.final == Level.EXCELLENT:
                    used.append(r)
            limit = math.floor(ratio * gob)
            for r in used[limit:]:
                r.final = Level.GOOD

    # -- writing -----------------------------------------------------------------------------------------

    def sheet_for(self, kind: str, level: Level) -> _Sheet:
        group = "member" if kind == SubjectKind.MEMBER else "collective"
        variants = self._sheets.get((group, level))
        if variants is None:
            score_rule = self.rule_set.params.score
            assert score_rule is not None
            criteria = score_rule.criteria_for(kind)
            totals, on_time, exceeding = SHEET_BANDS[level]
            variants = []
            for i in range(SHEET_VARIANTS):
                total = Decimal(self.rng.choice(totals))
                scores = _spread(total, [(c.code, c.max_score) for c in criteria])
                inputs = RatingInputs(
                    scores=scores,
                    on_time_pct=Decimal(self.rng.choice(on_time)),
                    exceeding_pct=Decimal(self.rng.choice(exceeding)),
                )
                variants.append(_Sheet((group, level, i), inputs.as_json(), sum(scores.values(), Decimal(0))))
            self._sheets[(group, level)] = variants
        return self.rng.choice(variants)

    def write(self) -> None:
        """Write every row's state with one UPDATE per distinct set of values (a few hundred at most)."""
        groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        payloads: dict[tuple[Any, ...], dict[str, Any]] = {}
        for r in self.rows:
            if r.step == RatingStep.PENDING:
                continue
            sheet = self.sheet_for(r.kind, r.self_level) if self.scored else None
            fields = _LEVELS_BY_STEP[r.step]
            latest = r.final if "review_level" in fields else r.self_level
            verdict = self.verdict(r.facts, latest, sheet)
            if not verdict.allows(latest):
                raise DomainError(f"demo: level {latest} for rating {r.pk} is not allowed: {verdict.messages}")
            values: dict[str, Any] = {
                "step": r.step,
                "version": 1 + STEP_INDEX[r.step],
                "reasons": verdict.messages,
                "score": sheet.score if sheet else None,
                "score_sheet": sheet.json if sheet else {},
            }
            for name in fields:
                values[name] = r.self_level if name == "self_level" else r.final
            key = (r.step, r.self_level, r.final, fields, sheet.key if sheet else None, tuple(verdict.messages))
            groups[key].append(r.pk)
            payloads[key] = values
        self.groups = len(groups)
        for key, ids in groups.items():
            for start in range(0, len(ids), BATCH):
                Rating.objects.filter(pk__in=ids[start : start + BATCH]).update(**payloads[key])

    def audit(self) -> None:
        assert self.campaign is not None
        steps: dict[str, int] = defaultdict(int)
        for r in self.rows:
            steps[str(r.step)] += 1
        log_action(
            "demo.campaign.filled",
            actor=self.owner.actor,
            object_type="campaign",
            object_id=self.campaign.pk,
            object_repr=str(self.campaign),
            scope_path=self.owner.bloc.path,
            data={"steps": dict(steps), "dropped_not_yet_admitted": self.dropped},
        )


class DemoRatings:
    def __init__(
        self, *, bloc: Organization, actor: Any, seed: int, today: dt.date, progress: Progress | None = None
    ) -> None:
        self.bloc = bloc
        self.actor = actor
        self.seed = seed
        self.today = today
        self.say: Progress = progress or (lambda _msg: None)
        self.rng = random.Random(f"{seed}-ratings")
        self.result = RatingsResult()
        self._decision_no = 0
        self.first_year = today.year - CLOSED_YEARS

    # -- characters and disciplines ----------------------------------------------------------------------

    def characters(self) -> dict[int, float]:
        """Each grassroots organization's usual share of members good or better; about one in eight is weak."""
        ids = list(
            Organization.objects.filter(
                path__startswith=self.bloc.path,
                kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL],
                dissolved_on__isnull=True,
            )
            .order_by("code")
            .values_list("pk", flat=True)
        )
        weak = set(self.rng.sample(ids, max(1, round(len(ids) * WEAK_SHARE)))) if len(ids) >= 3 else set()
        return {pk: (self.rng.uniform(0.74, 0.84) if pk in weak else self.rng.uniform(0.90, 0.975)) for pk in ids}

    def _number(self, suffix: str) -> str:
        self._decision_no += 1
        return f"{self._decision_no:02d}-QĐ/{suffix}"

    def _day(self, rng: random.Random, year: int, low: dt.date | None = None) -> tuple[dt.date, dt.date] | None:
        """A decision date in the year (not after `today`) and the violation some weeks before it; None when
        the year has no such day yet."""
        first = max(dt.date(year, 2, 15), low or dt.date(year, 1, 1))
        last = min(dt.date(year, 11, 30), self.today - dt.timedelta(days=7))
        if last < first:
            return None
        decision = first + dt.timedelta(days=rng.randint(0, (last - first).days))
        return decision, decision - dt.timedelta(days=rng.randint(20, 120))

    def disciplines(self, yr: _Year) -> int:
        """A few members reprimanded or warned; a grassroots committee member when committees hold office;
        in the middle closed year a cell reprimanded by its grassroots committee."""
        assert yr.campaign is not None
        rng, year = yr.rng, yr.year
        rated = list(
            yr.campaign.ratings.filter(
                subject_kind=SubjectKind.MEMBER,
                not_rated=False,
                member__status=MemberStatus.FULL,
                member__admission_decision_date__lt=dt.date(year - 1, 1, 1),
            )
            .order_by("member_id")
            .values_list("member_id", flat=True)
        )
        if not rated:
            return 0
        count = max(2, round(len(rated) / 2500))
        chosen = rng.sample(rated, min(count, len(rated)))
        made = 0
        members = Member.objects.select_related("organization").in_bulk(chosen)
        for member_id in chosen:
            member = members[member_id]
            by_cell = rng.random() < 0.6
            day = self._day(rng, year)
            if day is None:
                break
            decision, violation = day
            self._record(member=member, by_cell=by_cell, decision=decision, violation=violation, rng=rng,
                         note="Vi phạm quy định về những điều đảng viên không được làm.")  # fmt: skip
            made += 1
        made += self._leader(yr, set(rated))
        if year == self.first_year + 1:
            made += self._cell(yr)
        return made

    def _record(
        self, *, member: Member, by_cell: bool, decision: dt.date, violation: dt.date, rng: random.Random, note: str
    ) -> None:
        cell = member.organization
        grassroots = _grassroots(cell)
        deciding = cell if by_cell or grassroots is None else grassroots
        form = DisciplineForm.REPRIMAND if by_cell or rng.random() < 0.5 else DisciplineForm.WARNING
        record_discipline(
            actor=self.actor, member=member, form=form, violation_date=violation, decision_date=decision,
            decision_number=self._number("CB" if deciding.kind == OrgKind.CELL else "ĐU"),
            deciding_organization=deciding, note=note, today=self.today,
        )  # fmt: skip

    def _leader(self, yr: _Year, rated: set[int]) -> int:
        """A member of a grassroots committee in office during the year, reprimanded by the grassroots committee."""
        year = yr.year
        seats = list(
            CommitteeSeat.objects.filter(
                committee__organization__path__startswith=self.bloc.path,
                committee__organization__kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL],
                committee__organization__dissolved_on__isnull=True,
                position=CommitteePosition.COMMITTEE_MEMBER,
                start__lte=dt.date(year, 10, 31),
                member_id__in=sorted(rated),
            )
            .exclude(end__lt=dt.date(year, 12, 31))
            .select_related("member__organization", "committee__organization")
            .order_by("pk")
        )
        if not seats:
            return 0
        seat = yr.rng.choice(seats)
        day = self._day(yr.rng, year, low=seat.start + dt.timedelta(days=30))
        if day is None:
            return 0
        decision, violation = day
        record_discipline(
            actor=self.actor, member=seat.member, form=DisciplineForm.REPRIMAND, violation_date=violation,
            decision_date=decision, decision_number=self._number("ĐU"),
            deciding_organization=seat.committee.organization, today=self.today,
            note="Cấp ủy viên vi phạm trong thực hiện nhiệm vụ được giao.",
        )  # fmt: skip
        return 1

    def _cell(self, yr: _Year) -> int:
        """A cell reprimanded by its grassroots committee (its grassroots organization is held to "fulfilled")."""
        cells = list(
            Organization.objects.filter(
                path__startswith=self.bloc.path, kind=OrgKind.CELL, dissolved_on__isnull=True,
                parent__kind=OrgKind.GRASSROOTS_COMMITTEE,
            ).select_related("parent").order_by("code")
        )  # fmt: skip
        if not cells:
            return 0
        siblings: dict[int | None, int] = defaultdict(int)
        for c in cells:
            siblings[c.parent_id] += 1
        # Where it has five cells or more, one reprimanded cell holds the committee to "fulfilled"; with fewer,
        # over 20% of its cells would be disciplined and it would be "unfulfilled".
        cell = yr.rng.choice([c for c in cells if siblings[c.parent_id] >= 5] or cells)
        day = self._day(yr.rng, yr.year)
        if day is None:
            return 0
        decision, violation = day
        assert cell.parent is not None
        record_discipline(
            actor=self.actor, organization=cell, form=DisciplineForm.REPRIMAND, violation_date=violation,
            decision_date=decision, decision_number=self._number("ĐU"), deciding_organization=cell.parent,
            note="Chi bộ buông lỏng lãnh đạo, để đảng viên vi phạm kéo dài.", today=self.today,
        )  # fmt: skip
        return 1

    # -- designations ------------------------------------------------------------------------------------

    def checklists(self) -> None:
        checklists = [(DesignationKind.MODEL_CELL, MODEL_CELL_ITEMS), (DesignationKind.FOUR_GOOD, FOUR_GOOD_ITEMS)]
        for kind, items in checklists:
            save_checklist(actor=self.actor, organization=self.bloc, kind=kind, year_from=self.first_year,
                           items=items, source_document=CHECKLIST_SOURCE)  # fmt: skip

    def designations(self, yr: _Year) -> int:
        """ "Model cell" for 19–24% of the cells rated in the year, the best rated (good or better) first."""
        level_of: dict[int, Level] = {}
        for r in yr.rows:
            if r.kind in (SubjectKind.CELL, SubjectKind.GRASSROOTS) and r.organization_id is not None:
                level_of[r.organization_id] = r.final
        cell_ids = sorted(yr.cell_share)
        cells = Organization.objects.in_bulk(cell_ids)
        eligible = [
            pk for pk in cell_ids
            if cells[pk].kind in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL) and level_of.get(pk) in GOOD_OR_BETTER
            and yr.cell_share[pk] >= 0.85 and level_rank(yr.cell_worst.get(pk, Level.GOOD)) <= 2
        ]  # fmt: skip
        wanted = round(len(cell_ids) * yr.rng.uniform(*MODEL_CELL_SHARE))
        eligible.sort(key=lambda pk: (level_rank(level_of[pk]), -yr.cell_share[pk], yr.rng.random()))
        made = 0
        for pk in eligible[:wanted]:
            designate(actor=self.actor, organization=cells[pk], year=yr.year, kind=DesignationKind.MODEL_CELL,
                      checked_items=MODEL_CELL_ITEMS,
                      note=f"Công nhận theo kết quả đánh giá, xếp loại năm {yr.year}.")  # fmt: skip
            made += 1
        return made

    # -- the current year --------------------------------------------------------------------------------

    def stages(self, yr: _Year) -> None:
        """Where each subject of the open round stands (see the module docstring).

        Cells get their stage by quota over the members: the cells are taken grassroots organization by
        grassroots organization in a shuffled order, and each cell's stage is the one whose share of the
        members its middle member falls in, so the shares hold even in a small demo and neighbouring cells
        of one organization are at the same or the next stage."""
        rng = yr.rng
        demo_cell, demo_member = self._demo_accounts_unit()
        members_of: dict[int, list[_Row]] = defaultdict(list)
        grassroots_of: dict[int, int] = {}
        for r in yr.rows:
            if r.kind == SubjectKind.MEMBER:
                members_of[r.unit_id].append(r)
                grassroots_of[r.unit_id] = r.grassroots_id or r.unit_id
        order = sorted({gr for gr in grassroots_of.values()})
        rng.shuffle(order)
        rank = {gr: i for i, gr in enumerate(order)}
        cells = sorted(members_of, key=lambda c: (rank[grassroots_of[c]], c))
        total = sum(len(rows) for rows in members_of.values()) or 1
        cell_stage: dict[int, str] = {}
        seen = 0
        for cell in cells:
            middle = (seen + len(members_of[cell]) / 2) / total
            seen += len(members_of[cell])
            stage = _stage_at(middle)
            if cell == demo_cell:
                stage = RatingStep.SELF_ASSESSED  # the demo cell secretary has reviews to make
            cell_stage[cell] = stage
            for r in members_of[cell]:
                at = STEP_INDEX[stage]
                if at and rng.random() < 0.06:
                    at -= 1  # a few members lag behind their cell
                r.step = RatingStep.PENDING if r.member_id == demo_member else RatingStep.values[at]
        started: dict[int, str] = {}
        for cell, stage in cell_stage.items():
            gr = grassroots_of[cell]
            if STEP_INDEX[stage] > STEP_INDEX.get(started.get(gr, RatingStep.PENDING), 0):
                started[gr] = stage
        for r in yr.rows:
            if r.kind == SubjectKind.CELL:
                stage = cell_stage.get(r.organization_id or 0, RatingStep.PENDING)
                r.step = RatingStep.values[max(0, STEP_INDEX[stage] - 1)]  # collectives follow their members
            elif r.kind == SubjectKind.GRASSROOTS:
                furthest = started.get(r.organization_id or 0, RatingStep.PENDING)
                r.step = RatingStep.SELF_ASSESSED if furthest == RatingStep.PROPOSED else RatingStep.PENDING

    def _demo_accounts_unit(self) -> tuple[int | None, int | None]:
        """The cell of the demo cell secretary account, and the demo member account's member."""
        from dangbo.accounts.models import Role

        role = Role.objects.filter(user__username="chibo").values_list("organization_id", flat=True).first()
        member = Member.objects.filter(user__username="dangvien").values_list("pk", flat=True).first()
        return role, member

    # -- all ---------------------------------------------------------------------------------------------

    def years(self) -> list[int]:
        out = []
        for year in range(self.first_year, self.today.year + 1):
            try:
                rule_set_for_year(year)
            except DomainError:
                continue
            out.append(year)
        return out

    def build(self) -> RatingsResult:
        years = self.years()
        if not years:
            return self.result
        self.first_year = years[0]
        character = self.characters()
        self.checklists()
        for year in years:
            closed = year < self.today.year
            self.say(f"Đánh giá, xếp loại chất lượng năm {year}{'' if closed else ' (đang đánh giá)'}…")
            yr = _Year(self, year, closed=closed)
            yr.open()
            self.result.disciplines += self.disciplines(yr)
            yr.load()
            yr.choose_levels(character)
            if not closed:
                self.stages(yr)
                yr.recap_open()
            yr.write()
            yr.audit()
            self.result.ratings += len(yr.rows)
            if closed:
                self.result.designations += self.designations(yr)
                assert yr.campaign is not None
                lock_campaign(actor=self.actor, campaign=yr.campaign, expected_version=yr.campaign.version)
                recompute_year(year=year, organization=self.bloc)
                self.result.closed_years.append(year)
            else:
                self.result.open_year = year
        return self.result


def _grassroots(org: Organization) -> Organization | None:
    if org.kind in (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL):
        return org
    return (
        Organization.objects.filter(
            path__in=org.ancestor_paths(), kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL]
        )
        .order_by("-depth")
        .first()
    )


def _stage_at(position: float) -> str:
    """The open round's stage whose share (`OPEN_STAGES`, in order) holds `position` (0–1)."""
    cumulative = 0.0
    for stage, weight in OPEN_STAGES:
        cumulative += weight
        if position < cumulative:
            return stage
    return OPEN_STAGES[-1][0]


def _within(level: Level, best: Level) -> Level:
    """`level`, or the best level the rules allow when `level` is above it."""
    return level if level_rank(level) >= level_rank(best) else best


def _stochastic_round(rng: random.Random, value: float) -> int:
    base = math.floor(value)
    return base + (1 if rng.random() < value - base else 0)


def _spread(total: Decimal, criteria: Sequence[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Scores in half points, each within its criterion's maximum, summing exactly to `total`."""
    whole = sum((m for _c, m in criteria), Decimal(0))
    scores = {code: min(m, (total * m / whole / _HALF).to_integral_value(rounding="ROUND_FLOOR") * _HALF)
              for code, m in criteria}  # fmt: skip
    rest = total - sum(scores.values(), Decimal(0))
    for code, m in sorted(criteria, key=lambda c: -c[1]):
        if rest <= 0:
            break
        add = min(rest, m - scores[code])
        scores[code] += add
        rest -= add
    return scores


def build_ratings(
    *, bloc: Organization, actor: Any, seed: int, today: dt.date, progress: Progress | None = None
) -> RatingsResult:
    """The demo's rating rounds over `bloc` (see the module docstring); `actor` is the bloc's organization board."""
    return DemoRatings(bloc=bloc, actor=actor, seed=seed, today=today, progress=progress).build()
