"""The demo's training records (issue 10 item 5): courses of 2024–2026 and a record for every member.

Courses are held by the top of each tree: the bloc, or the district committee that took over some units in 2024
(their people studied there); below, "the bloc" stands for either.

    result = build_training(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6))

- Political theory: every member whose sheet shows a level holds the qualification behind it (the certificate
  or diploma, its date after the admission, the institution of that level), and half of those above the
  elementary level the elementary certificate before it. Half of the members without a level are enrolled in
  one of the bloc's elementary theory courses (10/2025, 04/2026): most of those that ended passed, with the
  certificate, the qualification recorded and the sheet's level raised; the others still need one.
- New members: the bloc holds the new-member course every quarter; most members admitted since 07/2023 are
  enrolled in the first one two months or more after their admission and pass it (certificate without end), a
  few in a course not ended yet, and about one in eight in none (the "who still needs" list, some overdue).
- Cell secretaries: the bloc's refresher courses (05/2024, 11/2025, 05/2026); four in five secretaries of the
  cells' committees passed one, with the certificate valid 60 months; the others still need it.
- Awareness course: every candidacy whose course was recorded from 2024 on studied in the bloc's awareness
  course of that month, with the very certificate number and date the candidacy holds; of the candidates still at
  the proposal, four in five studied in the latest course (ended twelve days before `today`) and passed: the
  admission step reads their certificate from here.
- Each grassroots organization held one course of its own in 2025 (studying the congress's resolution), with a
  dozen of its members.

Validity comes from the shipped training rule set in force on each issue date, with its sentence, as the
services store it. Rows are written in bulk with preassigned ids. Same seed, same `today`: same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Q

from dangbo.admissions.enums import Stage
from dangbo.admissions.models import Candidate
from dangbo.core.dates import add_months, add_years
from dangbo.core.text import normalize_search, sort_key_for
from dangbo.members.enums import ON_ROLLS, TheoryLevel
from dangbo.members.models import Member
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, CommitteePosition, OrgKind
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, CommitteeSeat, Organization
from dangbo.training.enums import CourseKind, Result
from dangbo.training.models import Certificate, Course, Enrollment, Qualification, TrainingRuleSet
from dangbo.training.params import TrainingRules
from dangbo.training.rules import rules_of, validity_sentence

from .rows import insert_models

FIRST_DAY = dt.date(2024, 1, 1)
NEW_MEMBERS_SINCE = dt.date(2023, 7, 1)
CENTRE = "Trung tâm Chính trị Khối"
INSTITUTIONS = {
    TheoryLevel.ELEMENTARY: "Trung tâm Chính trị Khối Các cơ quan và Doanh nghiệp tỉnh",
    TheoryLevel.INTERMEDIATE: "Trường Chính trị tỉnh Thái Bình",
    TheoryLevel.ADVANCED: "Học viện Chính trị khu vực I",
    TheoryLevel.BACHELOR: "Học viện Chính trị quốc gia Hồ Chí Minh",
}
LEVEL_ORDER = [TheoryLevel.ELEMENTARY, TheoryLevel.INTERMEDIATE, TheoryLevel.ADVANCED, TheoryLevel.BACHELOR]
PREFIX = {TheoryLevel.ELEMENTARY: "SC", TheoryLevel.INTERMEDIATE: "TC", TheoryLevel.ADVANCED: "CC",
          TheoryLevel.BACHELOR: "CN"}  # fmt: skip
REFRESHER_STARTS = [dt.date(2024, 5, 13), dt.date(2025, 11, 10), dt.date(2026, 5, 11)]
THEORY_STARTS = [dt.date(2025, 10, 6), dt.date(2026, 4, 6)]
OWN_COURSE = "Học tập, quán triệt Nghị quyết Đại hội đảng bộ nhiệm kỳ 2025–2030"


@dataclass
class TrainingResult:
    courses: int = 0
    enrollments: int = 0
    certificates: int = 0
    qualifications: int = 0
    awareness_for_proposed: list[int] = field(default_factory=list)  # candidacies whose course step will read one
    new_members_without_course: list[int] = field(default_factory=list)
    secretaries_not_refreshed: list[int] = field(default_factory=list)


class _Ids:
    def __init__(self, model: type[Course | Enrollment | Certificate | Qualification]) -> None:
        self.next = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


class _Builder:
    def __init__(self, *, bloc: Organization, seed: int, today: dt.date) -> None:
        self.bloc, self.today = bloc, today
        self.rng = random.Random(f"{seed}:training")
        self.rule_sets = [(rs, rules_of(rs)) for rs in TrainingRuleSet.objects.order_by("effective_from")]
        self.ids = {m: _Ids(m) for m in (Course, Enrollment, Certificate, Qualification)}
        self.courses: list[Course] = []
        self.enrollments: list[Enrollment] = []
        self.certificates: list[Certificate] = []
        self.qualifications: list[Qualification] = []
        self.raised: list[int] = []
        self.result = TrainingResult()
        self.roots = {o.path: o for o in Organization.objects.filter(parent__isnull=True)}
        self.made: dict[tuple[str, str, dt.date], Course] = {}

    def root_of(self, path: str) -> Organization:
        """The top of the tree `path` is in (the bloc, or a district committee that took over units in 2024):
        it holds the courses of its people."""
        return self.roots[path[: PATH_SEGMENT_WIDTH + 1]]

    def course_of(self, kind: str, title: str, root: Organization, starts_on: dt.date, days: int = 4) -> Course:
        key = (root.path, kind, starts_on)
        if key not in self.made:
            self.made[key] = self.course(kind, title, root, starts_on, days)
        return self.made[key]

    # -- rows ------------------------------------------------------------------------------------------

    def rules_on(self, day: dt.date) -> tuple[int, TrainingRules]:
        chosen = self.rule_sets[0]
        for rs, rules in self.rule_sets:
            if rs.effective_from <= day:
                chosen = (rs, rules)
        return chosen[0].pk, chosen[1]

    def course(self, kind: str, title: str, organizer: Organization, starts_on: dt.date, days: int = 4) -> Course:
        c = Course(pk=self.ids[Course].take(), kind=kind, title=title, organizer=organizer, path=organizer.path,
                   starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=days), venue=CENTRE)  # fmt: skip
        self.courses.append(c)
        return c

    def enroll(
        self, course: Course, *, name: str, birth: dt.date, citizen_id: str | None, cell: Organization,
        member: Member | None = None, result: str = Result.PASSED,
    ) -> Enrollment:  # fmt: skip
        e = Enrollment(
            pk=self.ids[Enrollment].take(), course=course, member=member, full_name=name, birth_date=birth,
            citizen_id=citizen_id, organization=cell, path=cell.path, result=result,
            search_name=normalize_search(name), sort_key=sort_key_for(name),
        )  # fmt: skip
        self.enrollments.append(e)
        return e

    def certify(self, e: Enrollment, number: str, issued_on: dt.date) -> Certificate:
        rule_set_id, rules = self.rules_on(issued_on)
        cert = Certificate(
            pk=self.ids[Certificate].take(), enrollment=e, number=number, issued_on=issued_on,
            valid_until=rules.validity(e.course.kind).valid_until(issued_on), rule_set_id=rule_set_id,
            validity_note=(validity_sentence(rules, e.course.kind, issued_on) + ".")[:500],
        )  # fmt: skip
        self.certificates.append(cert)
        return cert

    def qualify(self, m: Member, level: str, issued_on: dt.date, e: Enrollment | None = None, n: int = 0) -> None:
        self.qualifications.append(Qualification(
            pk=self.ids[Qualification].take(), member=m, level=level, issued_on=issued_on, enrollment=e,
            certificate_number=f"{PREFIX[TheoryLevel(level)]}-{issued_on.year}/{n or m.pk:05d}",
            institution=INSTITUTIONS[TheoryLevel(level)],
        ))  # fmt: skip

    # -- parts -----------------------------------------------------------------------------------------

    def members(self) -> list[Member]:
        return list(Member.objects.select_related("organization").order_by("pk"))

    def theory(self, members: list[Member]) -> None:
        """The qualification behind each sheet's level; courses for half of those without one."""
        untrained = []
        for m in members:
            level = m.political_theory_level
            if level not in LEVEL_ORDER:
                if m.status in ON_ROLLS:
                    untrained.append(m)
                continue
            earliest = max(add_years(m.birth_date, 18), m.admission_decision_date)
            top = LEVEL_ORDER.index(TheoryLevel(level))
            day = min(self.today - dt.timedelta(days=30), earliest + dt.timedelta(days=self.rng.randint(200, 2000)))
            if top > 0 and self.rng.random() < 0.5:
                self.qualify(m, TheoryLevel.ELEMENTARY, day)
                day = min(self.today - dt.timedelta(days=20), day + dt.timedelta(days=self.rng.randint(700, 3000)))
            self.qualify(m, level, max(day, earliest))
        starts = [s for s in THEORY_STARTS if s <= self.today]
        if not starts:
            return
        for k, m in enumerate(untrained):
            if self.rng.random() >= 0.5:
                continue
            start = starts[k % len(starts)]
            course = self.course_of(CourseKind.THEORY_ELEMENTARY, f"Lớp sơ cấp lý luận chính trị khóa "
                                    f"{starts.index(start) + 1}/{start.year}", self.root_of(m.organization.path),
                                    start, days=60)  # fmt: skip
            ended = course.ends_on <= self.today
            passed = ended and self.rng.random() < 0.85
            result = Result.PASSED if passed else (Result.FAILED if ended else Result.PENDING)
            e = self.enroll(course, name=m.full_name, birth=m.birth_date, citizen_id=m.citizen_id,
                            cell=m.organization, member=m, result=result)  # fmt: skip
            if passed:
                cert = self.certify(e, f"SC-{course.starts_on.year}/{k + 1:05d}", course.ends_on)
                self.qualify(m, TheoryLevel.ELEMENTARY, cert.issued_on, e, n=k + 1)
                self.raised.append(m.pk)

    def new_members(self, members: list[Member]) -> None:
        """The quarterly new-member courses (held by the top of each tree) and who studied in them."""
        starts = []
        day = dt.date(2024, 3, 11)
        while day <= self.today + dt.timedelta(days=30):  # the next course, planned: its people still studying
            starts.append(day)
            day = add_months(day, 3)
        recent = [m for m in members if m.admission_decision_date >= NEW_MEMBERS_SINCE and m.status in ON_ROLLS]
        for m in recent:
            after = add_months(m.admission_decision_date, 2)
            start = next((d for d in starts if d >= after), None)
            if start is None or self.rng.random() < 0.12:
                self.result.new_members_without_course.append(m.pk)
                continue
            title = f"Lớp bồi dưỡng lý luận chính trị cho đảng viên mới quý {(start.month - 1) // 3 + 1}/{start.year}"
            course = self.course_of(CourseKind.NEW_MEMBER, title, self.root_of(m.organization.path), start)
            ended = course.ends_on <= self.today
            result = Result.PASSED if ended else Result.PENDING
            e = self.enroll(course, name=m.full_name, birth=m.birth_date, citizen_id=m.citizen_id,
                            cell=m.organization, member=m, result=result)  # fmt: skip
            if ended:
                self.certify(e, f"ĐVM-{course.starts_on:%Y%m}/{len(self.enrollments):05d}", course.ends_on)
            else:
                self.result.new_members_without_course.append(m.pk)

    def secretaries(self) -> None:
        seats = (
            CommitteeSeat.objects.filter(
                position=CommitteePosition.SECRETARY, end__isnull=True,
                committee__organization__kind__in=sorted(MEMBER_HOLDING_KINDS),
            ).select_related("member__organization", "committee__organization").order_by("pk")
        )  # fmt: skip
        starts = [s for s in REFRESHER_STARTS if s + dt.timedelta(days=4) <= self.today]
        for k, seat in enumerate(seats):
            m = seat.member
            if not starts or self.rng.random() >= 0.8:
                self.result.secretaries_not_refreshed.append(m.pk)
                continue
            start = starts[k % len(starts)]
            course = self.course_of(CourseKind.SECRETARY_REFRESHER, f"Bồi dưỡng nghiệp vụ công tác đảng cho bí thư "
                                    f"chi bộ năm {start.year}", self.root_of(seat.committee.organization.path),
                                    start)  # fmt: skip
            e = self.enroll(course, name=m.full_name, birth=m.birth_date, citizen_id=m.citizen_id,
                            cell=m.organization, member=m)  # fmt: skip
            self.certify(e, f"BT-{course.starts_on.year}/{k + 1:04d}", course.ends_on + dt.timedelta(days=3))

    def awareness(self) -> None:
        """The candidacies' awareness courses (one a month in each tree), with the certificates they hold; the
        latest course for the candidates still at the proposal."""
        done = (
            Candidate.objects.filter(course_passed_on__gte=FIRST_DAY)
            .exclude(certificate_number="").select_related("cell").order_by("course_passed_on", "pk")
        )  # fmt: skip
        groups: dict[tuple[str, int, int], list[Candidate]] = defaultdict(list)
        for c in done:
            assert c.course_passed_on is not None
            groups[(self.root_of(c.path).path, c.course_passed_on.year, c.course_passed_on.month)].append(c)
        for (root_path, year, month), group in sorted(groups.items()):
            ends_on = min(c.course_passed_on for c in group if c.course_passed_on)
            course = self.course(CourseKind.AWARENESS, f"Lớp bồi dưỡng nhận thức về Đảng tháng {month:02d}/{year}",
                                 self.roots[root_path], ends_on - dt.timedelta(days=4))  # fmt: skip
            seen: set[str] = set()
            for c in group:
                key = c.citizen_id or f"{normalize_search(c.full_name)}|{c.birth_date}"
                if key in seen:
                    continue
                seen.add(key)
                e = self.enroll(course, name=c.full_name, birth=c.birth_date, citizen_id=c.citizen_id, cell=c.cell)
                assert c.course_passed_on is not None
                self.certify(e, c.certificate_number, c.course_passed_on)
        self.latest_awareness()

    def latest_awareness(self) -> None:
        ends_on = self.today - dt.timedelta(days=12)
        starts_on = ends_on - dt.timedelta(days=4)
        waiting = list(
            Candidate.objects.filter(stage=Stage.PROPOSED, proposed_on__lte=starts_on).select_related("cell")
            .order_by("pk")
        )  # fmt: skip
        title = f"Lớp bồi dưỡng nhận thức về Đảng tháng {ends_on.month:02d}/{ends_on.year}"
        for k, c in enumerate(waiting):
            roll = self.rng.random()
            if roll >= 0.9:
                continue
            course = self.course_of(CourseKind.AWARENESS, title, self.root_of(c.path), starts_on)
            passed = roll < 0.8
            e = self.enroll(course, name=c.full_name, birth=c.birth_date, citizen_id=c.citizen_id, cell=c.cell,
                            result=Result.PASSED if passed else Result.ABSENT)  # fmt: skip
            if passed:
                self.certify(e, f"GCN-{ends_on:%Y%m}/{k + 1:04d}", ends_on + dt.timedelta(days=2))
                self.result.awareness_for_proposed.append(c.pk)

    def own_courses(self, members: list[Member]) -> None:
        by_grassroots: dict[str, list[Member]] = defaultdict(list)
        grassroots = list(
            Organization.objects.filter(
                dissolved_on__isnull=True, kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL]
            ).order_by("path")
        )  # fmt: skip
        paths = {g.path for g in grassroots}
        for m in members:
            if m.status not in ON_ROLLS:
                continue
            path = m.organization.path
            found = next((path[:i] for i in range(len(path), 0, -1) if path[:i] in paths), None)
            if found is not None:
                by_grassroots[found].append(m)
        for g in grassroots:
            start = dt.date(2025, 9, 15) + dt.timedelta(days=self.rng.randint(0, 40))
            if start + dt.timedelta(days=1) > self.today:
                continue
            course = self.course(CourseKind.OTHER, OWN_COURSE, g, start, days=1)
            people = by_grassroots.get(g.path, [])
            for m in self.rng.sample(people, min(len(people), self.rng.randint(8, 15))):
                self.enroll(course, name=m.full_name, birth=m.birth_date, citizen_id=m.citizen_id,
                            cell=m.organization, member=m)  # fmt: skip

    # -- all -------------------------------------------------------------------------------------------

    def build(self) -> TrainingResult:
        members = self.members()
        self.theory(members)
        self.new_members(members)
        self.secretaries()
        self.awareness()
        self.own_courses(members)
        for rows in (self.courses, self.enrollments, self.certificates, self.qualifications):
            insert_models(rows)
        if self.raised:
            Member.objects.filter(Q(pk__in=self.raised)).update(political_theory_level=TheoryLevel.ELEMENTARY)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Course, Enrollment, Certificate, Qualification]):
                cursor.execute(sql)
        r = self.result
        r.courses, r.enrollments = len(self.courses), len(self.enrollments)
        r.certificates, r.qualifications = len(self.certificates), len(self.qualifications)
        return r


def build_training(*, bloc: Organization, seed: int, today: dt.date) -> TrainingResult:
    """The demo's training records (see the module docstring)."""
    return _Builder(bloc=bloc, seed=seed, today=today).build()
