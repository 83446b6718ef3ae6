"""The demo bloc: a realistic provincial bloc of agencies and enterprises, reproducible from a seed.

    result = build_demo(members=10_000, seed=2024)

What it builds (at 10,000 members; everything scales with `members`):
- the bloc "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh Thái Bình" (upper level) with about
  `members / 67` grassroots organizations of the seed plan's sectors: grassroots committees
  (≥ 30 members, with cells of ~17 members) and grassroots cells (< 30 members), ~600 cells in all;
- the members: Vietnamese names, ages 22–75, admission dates giving realistic seniority, ~3.5%
  probationary, a few exempt, abroad or temporarily transferred, unique citizen ids (Thái Bình 034…)
  and card numbers, dated status periods and cell memberships;
- committees of the current term (secretary, deputies, standing committee, members) for every
  grassroots organization and cell, the bloc committee, and oversight assignments;
- the history, through the real restructuring services (see `history.py`): the bloc formed on
  01/01/2021 by merging the agencies' bloc and the enterprises' bloc; some enterprise organizations
  handed to district committees in 2024; departments merged when the bloc was reorganized on 01/02/2025;
- the demo accounts (see `accounts.py`);
- the admissions (see `admissions.py`): the candidacy behind every member admitted since 2023, the current
  year's pipeline at every stage (some deadlines overdue), quotas for 2025 and 2026; a third of the units lag
  far behind the plan's 3–4% admission rate;
- cell life (see `cell_life.py`): two years of meetings with attendance and upper-level guests for every cell
  of the bloc, a few cells missing thematic meetings, a few members absent without reason often enough for
  screening, and this year's tasks;
- movements of 2024–2026 (see `movements.py`): transfers in, out and between grassroots organizations,
  temporary attachments, exemptions, trips abroad and suspensions, their effect on the registry's dated history,
  and every working member's residence introduction with its yearly feedback;
- party dues from 01/2024 (see `dues.py`): categories and bases, reliefs, the ledger computed by the ledger and
  mostly paid (a few members in arrears), the cells' sums, retained shares and quarterly remittances;
- discipline decisions of every form (see `discipline.py`), with appeals upheld, changed, annulled and pending,
  lapsed decisions and an expulsion, recorded before the rounds that read them;
- party badges and commendations (see `recognition.py`): the badge lists of every award date 2024–2026 (a few
  blocked by a discipline, early awards to seriously ill members, one posthumous), the awards of the past dates,
  commendations from the ratings;
- training (see `training.py`): every member's political theory qualifications, the new-member, secretaries'
  refresher and awareness courses of 2024–2026 with results and certificates (the candidates' certificates that
  the admission steps read), and a course of each grassroots organization;
- complaints and denunciations (see `complaints.py`) of every state, letters closed without consideration, a
  discipline complaint (the appeal), the 5-day notices of QĐ 296 and a suspension extended;
- inspection and supervision of the year before and this year (see `inspection.py`): the programmes of the
  bloc's inspection commission, four grassroots committees and three cells, cases in every state (some overdue,
  some concluded with a discipline through the discipline service, one proposed upward), built before the
  rating so the rounds read those disciplines;
- the yearly quality rating (see `ratings.py`): locked rounds for the three years before `today`'s year with
  a few disciplined members, model cells and KPI values, and the current year's round open and half done.
- the document library (see `library.py`): a few documents of the bloc committee with their files, published to
  two grassroots organizations, to the whole bloc or to one member by name, one replaced by a later one, beside
  the preloaded central documents;
- study marks and questions (see `handbook.py`): part of the members marked the plan 20-KH/ĐUK, Nghị quyết
  21-NQ/TW and the bloc's notice studied; a few questions and proposals of one cell, answered, closed, waiting;
- meeting replies and notifications (see `notices.py`): half the members answered the invitations of the next two
  weeks' meetings, and one run of the daily notifications on `today`;

Rows are written in batches (COPY on PostgreSQL, `bulk_create` elsewhere; search and sort keys through the
services' `fill_derived_fields`), so 1,000,000 members build in minutes on PostgreSQL. Same seed and same
`today` give the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.members.services import fill_derived_fields as fill_member_keys
from dangbo.organizations.enums import CommitteePosition, OrgKind
from dangbo.organizations.models import (
    Committee,
    CommitteeSeat,
    Organization,
    OrganizationPeriod,
    OversightAssignment,
    path_segment,
)
from dangbo.organizations.services import create_organization
from dangbo.organizations.services import fill_derived_fields as fill_org_keys

from . import catalog, history
from .accounts import DEMO_PASSWORD, DemoAccount, create_demo_accounts
from .admissions import AdmissionsResult, build_admissions, probationary_share
from .cell_life import CellLifeResult, build_cell_life
from .complaints import ComplaintsResult, build_complaints
from .discipline import DisciplineResult, build_discipline
from .dues import DuesResult, build_dues
from .handbook import QuestionsResult, StudyResult, build_questions, build_study
from .inspection import InspectionResult, build_inspection
from .library import LibraryResult, build_library
from .movements import MovementsResult, build_movements, incoming_transfers
from .notices import NoticesResult, build_notices
from .people import PROBATIONARY_SHARE, Sheet, SheetDrawer
from .plans import PlansResult, build_plans
from .ratings import RatingsResult, build_ratings
from .recognition import RecognitionResult, build_recognition, prepare_recognition
from .report_requests import ReportRequestsResult, build_report_requests
from .training import TrainingResult, build_training

MEMBERS_PER_GRASSROOTS = 67
MEMBERS_PER_CELL = 17
COMMITTEE_THRESHOLD = 30  # rules.md §7: ≥ 30 members → grassroots committee with cells
BATCH = 5000
FEMALE_SHARE = {catalog.AGENCY: 0.45, catalog.PUBLIC_SERVICE: 0.62, catalog.ENTERPRISE: 0.33}
BLOC_NAME = "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh Thái Bình"
BLOC_CODE = "DUK"
GRASSROOTS_TERM = ("2025–2030", dt.date(2025, 6, 15))
CELL_TERM = ("2025–2027", dt.date(2025, 4, 20))
PREVIOUS_TERM = ("2020–2025", dt.date(2020, 6, 10))

Progress = Callable[[str], None]


@dataclass
class DemoResult:
    bloc: Organization
    grassroots: int
    cells: int
    members: int
    restructurings: int
    accounts: list[DemoAccount]
    ratings: RatingsResult | None = None
    discipline: DisciplineResult | None = None
    admissions: AdmissionsResult | None = None
    cell_life: CellLifeResult | None = None
    movements: MovementsResult | None = None
    dues: DuesResult | None = None
    recognition: RecognitionResult | None = None
    training: TrainingResult | None = None
    plans: PlansResult | None = None
    complaints: ComplaintsResult | None = None
    inspection: InspectionResult | None = None
    report_requests: ReportRequestsResult | None = None
    library: LibraryResult | None = None
    study: StudyResult | None = None
    questions: QuestionsResult | None = None
    notices: NoticesResult | None = None
    password: str = DEMO_PASSWORD
    admin_password: str = ""


@dataclass
class _Grassroots:
    spec: catalog.UnitSpec
    org: Organization
    size: int
    cells: list[Organization] = field(default_factory=list)


def grassroots_count(members: int, per_grassroots: int = MEMBERS_PER_GRASSROOTS) -> int:
    return max(1, min(round(members / per_grassroots), members // 8 or 1))


def _scaled_sizes(rng: random.Random, specs: list[catalog.UnitSpec], total: int) -> list[int]:
    """Sizes proportional to the hints, summing exactly to `total` (largest remainder), each ≥ 5 when possible."""
    hints = [s.size_hint * rng.uniform(0.8, 1.25) for s in specs]
    scale = total / sum(hints)
    raw = [h * scale for h in hints]
    sizes = [max(min(5, total // len(specs)), int(r)) for r in raw]
    # Units the history merges must be committees with cells (their cells move to the absorbing unit).
    targets = {s.absorbed_into for s in specs if s.absorbed_into}
    for i, s in enumerate(specs):
        if (s.absorbed_into or s.unit in targets) and total >= len(specs) * COMMITTEE_THRESHOLD:
            sizes[i] = max(sizes[i], COMMITTEE_THRESHOLD)
    diff = total - sum(sizes)
    order = sorted(range(len(specs)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while diff != 0:
        k = order[i % len(order)]
        floor = COMMITTEE_THRESHOLD if (specs[k].absorbed_into or specs[k].unit in targets) else 5
        if diff > 0:
            sizes[k] += 1
            diff -= 1
        elif sizes[k] > floor:
            sizes[k] -= 1
            diff += 1
        i += 1
        if i > 50 * len(order) and diff < 0:  # cannot honour the floors: take from the largest
            k = max(range(len(sizes)), key=sizes.__getitem__)
            sizes[k] -= 1
            diff += 1
    return sizes


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """Split `total` into `parts` uneven shares of at least 3."""
    weights = [rng.uniform(0.6, 1.6) for _ in range(parts)]
    base = [3] * parts
    rest = total - 3 * parts
    shares = [int(rest * w / sum(weights)) for w in weights]
    for i in range(rest - sum(shares)):
        shares[i % parts] += 1
    return [b + s for b, s in zip(base, shares, strict=True)]


class _Ids:
    """Preassigned primary keys: paths and foreign keys are known before the rows are written."""

    def __init__(self, model: type[Model]) -> None:
        self.next = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


class DemoBuilder:
    def __init__(
        self,
        *,
        members: int,
        seed: int,
        today: dt.date,
        progress: Progress | None = None,
        ratings: bool = True,
        per_grassroots: int = MEMBERS_PER_GRASSROOTS,
        per_cell: int = MEMBERS_PER_CELL,
        registry_only: bool = False,
    ) -> None:
        if members < 10:
            raise ValueError("members must be at least 10")
        self.total = members
        self.registry_only = registry_only
        # Received by transfer from outside the tree (movements.py); a registry-only build has no movements.
        self.incoming = 0 if registry_only else incoming_transfers(members)
        self.per_grassroots = per_grassroots
        self.per_cell = per_cell
        self.with_ratings = ratings
        self.seed = seed
        self.today = today
        self.rng = random.Random(seed)
        self.drawer = SheetDrawer(self.rng, today)
        # The few members a unit's admission pace changes come from their own source: the rest stay the same.
        self.pace_drawer = SheetDrawer(random.Random(f"{seed}:pace"), today)
        self.pace_drawer.citizen_ids = self.drawer.citizen_ids
        self.say: Progress = progress or (lambda _msg: None)
        self.card_modulus = 10 ** max(6, len(str(members)))
        self.card_step = 7919  # prime, coprime with powers of ten: i → (i * step + offset) mod M is one-to-one
        self.card_offset = self.rng.randrange(self.card_modulus)
        self.member_count = 0
        self._first_member_pk = 1
        self._committee_ids = _Ids(Committee)
        self._committees: list[Committee] = []
        self._seats: list[CommitteeSeat] = []
        self._secretaries: dict[int, Member] = {}

    # -- tree ------------------------------------------------------------------------------------------------

    def _roots(self) -> dict[str, Organization]:
        def root(
            code: str, name: str, founded: dt.date, short_name: str = "", org_type: str = "party_agency"
        ) -> Organization:
            return create_organization(
                actor=None,
                code=code,
                name=name,
                kind=OrgKind.UPPER,
                parent=None,
                founded_on=founded,
                org_type=org_type,
                short_name=short_name,
            )

        return {
            "agencies": root("KCQ", "Đảng bộ Khối Các cơ quan tỉnh", dt.date(1976, 3, 20), "Đảng ủy Khối Các cơ quan"),
            "enterprises": root("KDN", "Đảng bộ Khối Doanh nghiệp tỉnh", dt.date(2006, 8, 1),
                                "Đảng ủy Khối Doanh nghiệp"),
            catalog.HANDOVER_VU_THU: root("HU-VUTHU", "Đảng bộ huyện Vũ Thư", dt.date(1969, 1, 20), "Huyện ủy Vũ Thư"),
            catalog.HANDOVER_CITY: root("TU-TPTB", "Đảng bộ thành phố Thái Bình", dt.date(2004, 6, 29),
                                        "Thành ủy Thái Bình"),
        }  # fmt: skip

    def _units(self) -> list[catalog.UnitSpec]:
        count = grassroots_count(self.total, self.per_grassroots)
        fixed = catalog.FIXED_UNITS[:count]
        composed = list(islice(catalog.composed_units(self.rng), count - len(fixed)))
        return fixed + composed

    def _build_tree(self, roots: dict[str, Organization], specs: list[catalog.UnitSpec]) -> list[_Grassroots]:
        rng = self.rng
        sizes = _scaled_sizes(rng, specs, self.total - self.incoming)
        ids = _Ids(Organization)
        orgs: list[Organization] = []
        periods: list[OrganizationPeriod] = []
        out: list[_Grassroots] = []
        for index, (spec, size) in enumerate(zip(specs, sizes, strict=True), start=1):
            parent = roots["enterprises"] if spec.family == catalog.ENTERPRISE else roots["agencies"]
            committee = size >= COMMITTEE_THRESHOLD
            low = parent.founded_on + dt.timedelta(days=30)
            founded = low + dt.timedelta(days=rng.randint(0, (dt.date(2018, 12, 31) - low).days))
            gr = Organization(
                pk=ids.take(), code=f"CS{index:05d}", kind=OrgKind.GRASSROOTS_COMMITTEE if committee
                else OrgKind.GRASSROOTS_CELL, org_type=spec.org_type, parent=parent, founded_on=founded,
                name=("Đảng bộ " if committee else "Chi bộ ") + spec.unit, depth=parent.depth + 1,
            )  # fmt: skip
            gr.path = parent.path + path_segment(gr.pk)
            fill_org_keys(gr)
            orgs.append(gr)
            periods.append(OrganizationPeriod(organization=gr, name=gr.name, parent=parent, valid_from=founded))
            entry = _Grassroots(spec=spec, org=gr, size=size)
            if committee:
                n_cells = max(3, math.ceil(size / self.per_cell))
                for j, unit in enumerate(catalog.cell_unit_names(spec.family, n_cells), start=1):
                    cell_founded = min(founded + dt.timedelta(days=rng.randint(0, 1500)), dt.date(2019, 12, 31))
                    cell = Organization(
                        pk=ids.take(), code=f"{gr.code}-{j:02d}", kind=OrgKind.CELL, org_type=spec.org_type,
                        parent=gr, founded_on=cell_founded, name=f"Chi bộ {unit}", depth=gr.depth + 1,
                    )  # fmt: skip
                    cell.path = gr.path + path_segment(cell.pk)
                    fill_org_keys(cell)
                    orgs.append(cell)
                    periods.append(
                        OrganizationPeriod(organization=cell, name=cell.name, parent=gr, valid_from=cell_founded)
                    )
                    entry.cells.append(cell)
            else:
                entry.cells.append(gr)
            out.append(entry)
        write_rows(orgs)
        write_rows(periods)
        return out

    # -- members ---------------------------------------------------------------------------------------------

    def _card_number(self, index: int) -> str:
        width = len(str(self.card_modulus)) - 1
        return f"34{(index * self.card_step + self.card_offset) % self.card_modulus:0{width}d}"

    def _member(self, pk: int, sheet: Sheet, cell: Organization, unit: str) -> Member:
        index = pk - self._first_member_pk
        m = Member(
            pk=pk,
            family_name=sheet.family_name,
            middle_name=sheet.middle_name,
            given_name=sheet.given_name,
            gender=sheet.gender,
            birth_date=sheet.birth_date,
            religion=sheet.religion,
            home_town=sheet.home_town,
            residence=sheet.residence,
            citizen_id=sheet.citizen_id,
            card_number=self._card_number(index),
            record_number=f"TB{sheet.admission_decision_date.year % 100:02d}-{index + 1:07d}",
            admission_decision_date=sheet.admission_decision_date,
            ceremony_date=sheet.ceremony_date,
            full_membership_date=sheet.full_membership_date,
            education=sheet.education,
            profession=sheet.profession,
            political_theory_level=sheet.political_theory_level,
            position=sheet.position,
            workplace=unit,
            phone=sheet.phone,
            email=sheet.email,
            status=sheet.status,
            organization=cell,
        )
        fill_member_keys(m)
        return m

    def _status_periods(self, m: Member, sheet: Sheet) -> Iterator[MemberStatusPeriod]:
        admission = sheet.admission_decision_date
        full = sheet.full_membership_date
        yield MemberStatusPeriod(member_id=m.pk, status=MemberStatus.PROBATIONARY, start=admission, end=full)
        if full is not None:
            yield MemberStatusPeriod(member_id=m.pk, status=MemberStatus.FULL, start=full, end=sheet.status_since)
        if sheet.status_since is not None:
            yield MemberStatusPeriod(member_id=m.pk, status=sheet.status, start=sheet.status_since,
                                     reason=sheet.status_reason)  # fmt: skip

    def _build_members(self, tree: list[_Grassroots]) -> None:
        """Members of every cell and the committees they elect, written in batches.

        A grassroots organization's committees are chosen as soon as its members are drawn (before they
        are written), so no more than one batch of members is held in memory.
        """
        rng = self.rng
        ids = _Ids(Member)
        self._first_member_pk = ids.next
        members: list[Member] = []
        periods: list[MemberStatusPeriod] = []
        memberships: list[CellMembership] = []
        for entry in tree:
            shares = _split(rng, entry.size, len(entry.cells)) if len(entry.cells) > 1 else [entry.size]
            pool: list[Member] = []
            pace = probationary_share(self.seed, entry.org.code)  # some units lag behind the plan's 3–4%
            for cell, share in zip(entry.cells, shares, strict=True):
                for _ in range(share):
                    roll = rng.random()
                    probationary = roll < pace
                    sheet = self.drawer.draw(family=entry.spec.family, female_share=FEMALE_SHARE[entry.spec.family],
                                             unit=entry.spec.unit, probationary=roll < PROBATIONARY_SHARE)  # fmt: skip
                    if probationary != (roll < PROBATIONARY_SHARE):  # the unit's pace differs: from its own source
                        sheet = self.pace_drawer.draw(family=entry.spec.family, unit=entry.spec.unit,
                                                      female_share=FEMALE_SHARE[entry.spec.family],
                                                      probationary=probationary)  # fmt: skip
                    m = self._member(ids.take(), sheet, cell, entry.spec.unit)
                    members.append(m)
                    periods.extend(self._status_periods(m, sheet))
                    memberships.append(
                        CellMembership(
                            member_id=m.pk,
                            organization_id=cell.pk,
                            start=max(sheet.admission_decision_date, cell.founded_on),
                        )
                    )
                    if m.status == MemberStatus.FULL:
                        pool.append(m)
            self._choose_committees(entry, pool)
            if len(members) >= BATCH:
                self._flush(members, periods, memberships)
        self._flush(members, periods, memberships)
        write_rows(self._committees)
        write_rows(self._seats)

    def _flush(
        self, members: list[Member], periods: list[MemberStatusPeriod], memberships: list[CellMembership]
    ) -> None:
        if not members:
            return
        write_rows(members)
        write_rows(periods)
        write_rows(memberships)
        self.member_count += len(members)
        self.say(f"  {self.member_count:,} / {self.total - self.incoming:,} đảng viên")
        members.clear()
        periods.clear()
        memberships.clear()

    # -- committees ------------------------------------------------------------------------------------------

    def _seats_plan(self, size: int, kind: str) -> list[CommitteePosition]:
        P = CommitteePosition
        if kind == OrgKind.GRASSROOTS_COMMITTEE:
            if size >= 300:
                return [P.SECRETARY, P.DEPUTY_SECRETARY, P.DEPUTY_SECRETARY] + [P.STANDING_COMMITTEE] * 2 + [
                    P.COMMITTEE_MEMBER] * 8  # fmt: skip
            if size >= 100:
                return [P.SECRETARY, P.DEPUTY_SECRETARY] + [P.COMMITTEE_MEMBER] * 5
            return [P.SECRETARY, P.DEPUTY_SECRETARY] + [P.COMMITTEE_MEMBER] * 3
        if size >= 9:  # a cell with ≥ 9 full members elects a cell committee (rules.md §7)
            return [P.SECRETARY, P.DEPUTY_SECRETARY, P.COMMITTEE_MEMBER]
        return [P.SECRETARY]

    def _choose_committees(self, entry: _Grassroots, full_members: list[Member]) -> None:
        """Committees of the current term (the previous one for units absorbed in 2025) of a grassroots
        organization and its cells, drawn from its full members; the secretary often heads the unit."""
        rng = self.rng
        pool = [m for m in full_members if 30 <= (self.today - m.birth_date).days // 365 <= 60]
        pool.sort(key=lambda m: (m.admission_decision_date, m.pk))
        absorbed = bool(entry.spec.absorbed_into)
        label, start = PREVIOUS_TERM if absorbed else GRASSROOTS_TERM
        units: list[tuple[Organization, list[Member], str, dt.date]] = [(entry.org, pool, label, start)]
        if entry.org.kind == OrgKind.GRASSROOTS_COMMITTEE:
            for cell in entry.cells:  # cells outlive a reorganization: all hold the current term
                units.append((cell, [m for m in pool if m.organization_id == cell.pk], *CELL_TERM))
        for org, candidates, term_label, term_start in units:
            free = candidates or [m for m in full_members if org.pk == entry.org.pk or m.organization_id == org.pk]
            plan = self._seats_plan(entry.size if org.pk == entry.org.pk else len(free), org.kind)
            if not free:
                continue
            # Senior members are likelier to be elected: take from the older half first.
            senior = free[: max(len(plan), len(free) // 2)]
            chosen = rng.sample(senior, min(len(plan), len(senior)))
            is_head = org.pk == entry.org.pk and rng.random() < 0.75
            committee = Committee(pk=self._committee_ids.take(), organization=org, term_label=term_label,
                                  term_start=max(term_start, org.founded_on), secretary_is_head=is_head,
                                  term_end=history.REORGANIZATION_DATE if absorbed else None)  # fmt: skip
            self._committees.append(committee)
            for position, member in zip(plan, chosen, strict=False):
                self._seats.append(CommitteeSeat(committee_id=committee.pk, member_id=member.pk, position=position,
                                                 start=committee.term_start, end=committee.term_end))  # fmt: skip
            if org.pk == entry.org.pk:
                self._secretaries[org.pk] = chosen[0]
                if is_head:
                    chosen[0].position = _head_title(entry.spec.unit)  # not written yet: saved with the batch

    def _bloc_committee(self, bloc: Organization, tree: list[_Grassroots], secretaries: dict[int, Member]) -> None:
        """The bloc's committee (drawn from the secretaries of the largest units) and its oversight assignments."""
        P = CommitteePosition
        in_bloc = [e for e in tree if e.org.pk in secretaries and not e.spec.handover and not e.spec.absorbed_into]
        in_bloc.sort(key=lambda e: -e.size)
        people = [secretaries[e.org.pk] for e in in_bloc[:25]]
        if not people:
            return
        committee = Committee.objects.create(organization=bloc, term_label="2025–2030", term_start=dt.date(2025, 9, 20))
        plan = [P.SECRETARY, P.DEPUTY_SECRETARY, P.DEPUTY_SECRETARY] + [P.STANDING_COMMITTEE] * 6
        plan += [P.COMMITTEE_MEMBER] * (len(people) - len(plan))
        CommitteeSeat.objects.bulk_create(
            CommitteeSeat(committee=committee, member=m, position=p, start=committee.term_start)
            for p, m in zip(plan, people, strict=False)
        )
        overseers = people[: min(len(people), 9)]
        OversightAssignment.objects.bulk_create(
            (OversightAssignment(member=overseers[i % len(overseers)], organization_id=e.org.pk,
                                 start=dt.date(2025, 10, 1), note="Ủy viên Ban Thường vụ phụ trách")
             for i, e in enumerate(in_bloc)),
            batch_size=BATCH,
        )  # fmt: skip

    # -- all -------------------------------------------------------------------------------------------------

    def build(self) -> DemoResult:
        self.say("Tạo cây tổ chức…")
        roots = self._roots()
        specs = self._units()
        tree = self._build_tree(roots, specs)
        self.say(f"Tạo {self.total:,} đảng viên và cấp ủy…")
        self._build_members(tree)
        _reset_sequences()
        self.say("Ghi lịch sử sắp xếp tổ chức (hợp nhất 2021, chuyển giao 2024, sắp xếp 2025)…")
        made = history.replay(roots=roots, tree=[(e.spec, e.org) for e in tree], bloc_name=BLOC_NAME,
                              bloc_code=BLOC_CODE)  # fmt: skip
        bloc = made.bloc
        self._bloc_committee(bloc, tree, self._secretaries)
        self.say("Tạo tài khoản dùng thử…")
        accounts = create_demo_accounts(bloc=bloc)
        if self.registry_only:
            return DemoResult(bloc=bloc, grassroots=len(tree), cells=sum(len(e.cells) for e in tree),
                              members=self.member_count, restructurings=made.operations, accounts=accounts)  # fmt: skip
        self.say("Tạo biến động đảng viên 2024–2026 và giới thiệu sinh hoạt nơi cư trú…")
        movements = build_movements(
            bloc=bloc, seed=self.seed, today=self.today, citizen_ids=self.drawer.citizen_ids, incoming=self.incoming
        )
        self.say("Tạo chương trình, cuộc kiểm tra, giám sát năm trước và năm nay…")
        inspection = build_inspection(bloc=bloc, seed=self.seed, today=self.today)
        self.say("Ghi đảng viên bệnh nặng, từ trần, bị kỷ luật trước đợt trao tặng Huy hiệu Đảng…")
        facts = prepare_recognition(bloc=bloc, seed=self.seed, today=self.today)
        ratings = discipline = None
        if self.with_ratings:  # the decisions first: the rounds read them
            self.say("Tạo quyết định kỷ luật các hình thức, khiếu nại, quyết định hết hiệu lực…")
            inspector = User.objects.get(username="kiemtra")
            discipline = build_discipline(bloc=bloc, actor=inspector, seed=self.seed, today=self.today)
            board = User.objects.get(username="bantochuc")
            ratings = build_ratings(bloc=bloc, actor=board, seed=self.seed, today=self.today, progress=self.say)
        self.say("Tạo Huy hiệu Đảng các đợt 2024–2026 và khen thưởng…")
        recognition = build_recognition(bloc=bloc, seed=self.seed, today=self.today, result=facts)
        self.say("Tạo hồ sơ kết nạp đảng 2023–2026 và chỉ tiêu kết nạp…")
        admissions = build_admissions(tree=[(e.spec, e.org, e.cells) for e in tree], bloc=bloc, seed=self.seed,
                                      today=self.today, drawer=self.drawer, write=write_rows)  # fmt: skip
        self.say("Tạo sổ đảng phí từ tháng 01/2024, miễn giảm, nộp cấp trên…")
        dues = build_dues(bloc=bloc, seed=self.seed, today=self.today)
        self.say("Tạo sinh hoạt chi bộ hai năm, điểm danh, nhiệm vụ năm nay…")
        cell_life = build_cell_life(bloc=bloc, seed=self.seed, today=self.today)
        self.say(
            "Tạo hồ sơ đào tạo, bồi dưỡng: lý luận chính trị, lớp đảng viên mới, bí thư chi bộ, nhận thức về Đảng…"
        )
        training = build_training(bloc=bloc, seed=self.seed, today=self.today)
        self.say("Tạo đơn khiếu nại, tố cáo, thông báo đình chỉ, kỷ luật…")
        complaints = build_complaints(bloc=bloc, seed=self.seed, today=self.today)
        self.say("Tạo kỳ báo cáo năm: các tổ chức cơ sở đã gửi, bị trả lại, quá hạn…")
        report_requests = build_report_requests(bloc=bloc, seed=self.seed, today=self.today)
        self.say("Tạo văn bản của Đảng ủy Khối trong thư viện văn bản…")
        library = build_library(bloc=bloc, today=self.today)
        self.say("Tạo đánh dấu đã học tập văn bản, câu hỏi và kiến nghị của đảng viên…")
        study = build_study(bloc=bloc, seed=self.seed, today=self.today)
        questions = build_questions(bloc=bloc, today=self.today)
        self.say("Tạo nhiệm vụ, tiến độ của Kế hoạch 20-KH/ĐUK và kế hoạch sơ kết…")
        plans = build_plans(bloc=bloc, seed=self.seed, today=self.today)
        self.say("Tạo trả lời giấy mời sinh hoạt và thông báo hằng ngày…")
        notices = build_notices(bloc=bloc, seed=self.seed, today=self.today)
        return DemoResult(
            bloc=bloc,
            grassroots=len(tree),
            cells=sum(len(e.cells) for e in tree),
            members=self.member_count + len(movements.received),
            restructurings=made.operations,
            accounts=accounts,
            ratings=ratings,
            discipline=discipline,
            admissions=admissions,
            cell_life=cell_life,
            movements=movements,
            dues=dues,
            recognition=recognition,
            training=training,
            complaints=complaints,
            inspection=inspection,
            report_requests=report_requests,
            library=library,
            study=study,
            questions=questions,
            plans=plans,
            notices=notices,
        )


def write_rows(objs: Sequence[Model]) -> None:
    """Insert new rows: PostgreSQL's COPY when available (an order of magnitude faster than INSERT for a
    million members), `bulk_create` elsewhere. Rows without a preassigned id get one from the sequence."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and objs[0].pk is None)]
    now = timezone.now()
    for f in fields:  # auto_now / auto_now_add columns get the same timestamp, as bulk_create would set
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    attnames = [f.attname for f in fields]
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objs:
            copy.write_row([_plain(getattr(obj, name)) for name in attnames])


def _plain(value: Any) -> Any:
    """File fields hold a FieldFile: COPY wants the stored name; JSON fields hold dicts or lists: their text."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value.name or "" if isinstance(value, FieldFile) else value


def _head_title(unit: str) -> str:
    """The title of the head of the unit (the secretary often holds it: `secretary_is_head`)."""
    for prefix, title in [
        ("Sở ", "Giám đốc Sở"), ("Trường", "Hiệu trưởng"), ("Báo ", "Tổng Biên tập"), ("Cục ", "Cục trưởng"),
        ("Chi cục", "Chi cục trưởng"), ("Thanh tra", "Chánh Thanh tra"), ("Văn phòng", "Chánh Văn phòng"),
        ("Cơ quan", "Thủ trưởng cơ quan"), ("Công ty Cổ phần", "Chủ tịch Hội đồng quản trị"),
        ("Công ty TNHH MTV", "Chủ tịch Công ty"),
    ]:  # fmt: skip
        if unit.startswith(prefix):
            return title
    return "Giám đốc"


def _reset_sequences() -> None:
    """After rows written with preassigned ids, let the database hand out the next ones (PostgreSQL sequences)."""
    models = [Organization, Member, Committee]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def database_is_empty() -> bool:
    return not Organization.objects.exists() and not Member.objects.exists()


def build_demo(
    *,
    members: int = 10_000,
    seed: int = 2024,
    today: dt.date | None = None,
    progress: Progress | None = None,
    ratings: bool = True,
    per_grassroots: int = MEMBERS_PER_GRASSROOTS,
    per_cell: int = MEMBERS_PER_CELL,
    registry_only: bool = False,
) -> DemoResult:
    """Build the demo bloc in one transaction (see the module docstring); `ratings=False` leaves out the
    rating rounds, their disciplines, designations and KPI values (the few disciplines of the badge demo stay).
    `per_grassroots` and `per_cell` set the shape of the tree (members per grassroots organization and per cell;
    the benchmarks use larger ones). `registry_only=True` stops after the tree, the members, the tree's
    restructuring history and the demo accounts (the member search benchmark needs nothing more)."""
    builder = DemoBuilder(
        members=members, seed=seed, today=today or timezone.localdate(), progress=progress, ratings=ratings,
        per_grassroots=per_grassroots, per_cell=per_cell, registry_only=registry_only,
    )  # fmt: skip
    with transaction.atomic():
        return builder.build()


__all__: list[Any] = ["DemoResult", "build_demo", "database_is_empty", "grassroots_count"]
