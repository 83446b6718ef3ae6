"""One demo member's sheet: name, birth, admission dates, status and work, drawn from a seeded random source."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from dangbo.core.dates import add_years
from dangbo.core.text import normalize_search
from dangbo.members.enums import Education, Gender, MemberStatus, TheoryLevel

from . import names

PROBATIONARY_SHARE = 0.035
AGE_BANDS = [((22, 30), 20), ((31, 40), 30), ((41, 50), 25), ((51, 60), 20), ((61, 75), 5)]
EDUCATION = {
    "agency": [(Education.UNIVERSITY, 62), (Education.MASTER, 28), (Education.DOCTOR, 3), (Education.VOCATIONAL, 7)],
    "public_service": [(Education.UNIVERSITY, 55), (Education.MASTER, 25), (Education.DOCTOR, 6),
                       (Education.VOCATIONAL, 14)],
    "enterprise": [(Education.UNIVERSITY, 45), (Education.MASTER, 6), (Education.VOCATIONAL, 25),
                   (Education.UPPER_SECONDARY, 22), (Education.LOWER_SECONDARY, 2)],
}  # fmt: skip


@dataclass
class Sheet:
    """What the generator needs to build a `Member` row and its dated history."""

    family_name: str
    middle_name: str
    given_name: str
    gender: str
    birth_date: dt.date
    religion: str
    home_town: str
    residence: str
    citizen_id: str
    admission_decision_date: dt.date
    ceremony_date: dt.date
    full_membership_date: dt.date | None
    education: str
    profession: str
    political_theory_level: str
    position: str
    phone: str
    email: str
    status: str
    status_since: dt.date | None  # start of a status other than probationary/full (exempt, abroad, ...)
    status_reason: str


def weighted(rng: random.Random, items: Sequence[tuple[str, int]]) -> str:
    return rng.choices([i for i, _ in items], [w for _, w in items])[0]


def _days(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A day in [start, end]."""
    span = (end - start).days
    return start + dt.timedelta(days=rng.randint(0, max(span, 0)))


def _place(rng: random.Random) -> tuple[str, str]:
    district = weighted(rng, names.DISTRICT_WEIGHTS)
    commune = rng.choice(names.PLACES[district])
    return commune, district


class SheetDrawer:
    """Draws member sheets; keeps citizen ids unique across the whole run."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today
        self.citizen_ids: set[str] = set()
        self._name_weights = {
            "family": ([n for n, _ in names.FAMILY_NAMES], [w for _, w in names.FAMILY_NAMES]),
            "middle_male": ([n for n, _ in names.MIDDLE_NAMES_MALE], [w for _, w in names.MIDDLE_NAMES_MALE]),
            "middle_female": ([n for n, _ in names.MIDDLE_NAMES_FEMALE], [w for _, w in names.MIDDLE_NAMES_FEMALE]),
            "given_male": ([n for n, _ in names.GIVEN_NAMES_MALE], [w for _, w in names.GIVEN_NAMES_MALE]),
            "given_female": ([n for n, _ in names.GIVEN_NAMES_FEMALE], [w for _, w in names.GIVEN_NAMES_FEMALE]),
        }

    def _name(self, key: str) -> str:
        population, weights = self._name_weights[key]
        return self.rng.choices(population, weights)[0]

    def _citizen_id(self, gender: str, birth: dt.date) -> str:
        # 034 = Thái Bình; then century-and-gender (0/1 for 1900s male/female, 2/3 for 2000s); then year.
        century_gender = (0 if birth.year < 2000 else 2) + (1 if gender == Gender.FEMALE else 0)
        prefix = f"034{century_gender}{birth.year % 100:02d}"
        while True:
            cid = f"{prefix}{self.rng.randrange(1_000_000):06d}"
            if cid not in self.citizen_ids:
                self.citizen_ids.add(cid)
                return cid

    def draw(self, *, family: str, female_share: float, unit: str, probationary: bool) -> Sheet:
        rng, today = self.rng, self.today
        gender = Gender.FEMALE if rng.random() < female_share else Gender.MALE
        suffix = "female" if gender == Gender.FEMALE else "male"
        if probationary:
            age = rng.randint(22, 36)
        else:
            low, high = rng.choices([b for b, _ in AGE_BANDS], [w for _, w in AGE_BANDS])[0]
            age = rng.randint(low, high)
        birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364) + age // 4)
        middle = self._name(f"middle_{suffix}")
        if birth.year >= 1990 and middle in ("Văn", "Thị") and rng.random() < 0.5:
            middle = self._name(f"middle_{suffix}")  # younger people carry "Văn"/"Thị" less often
        if probationary:
            admission = today - dt.timedelta(days=rng.randint(20, 330))
            ceremony = min(admission + dt.timedelta(days=rng.randint(7, 30)), today)
            full: dt.date | None = None
        else:
            latest = today - dt.timedelta(days=400)
            age_at_admission = min(rng.triangular(18.5, 45, 26), 60.0)
            admission = birth + dt.timedelta(days=int(age_at_admission * 365.25))
            if admission > latest:
                admission = _days(rng, add_years(birth, 18) + dt.timedelta(days=30), latest)
            ceremony = admission + dt.timedelta(days=rng.randint(7, 30))
            full = add_years(ceremony, 1)
        status = MemberStatus.PROBATIONARY if probationary else MemberStatus.FULL
        status_since: dt.date | None = None
        reason = ""
        if full is not None:
            roll = rng.random()
            if age >= 65 and roll < 0.6:
                status, reason = MemberStatus.EXEMPT, "Tuổi cao"
                status_since = max(full + dt.timedelta(days=30), _days(rng, add_years(birth, 65), today))
            elif roll < 0.003:
                status, reason = MemberStatus.EXEMPT, "Sức khỏe yếu"
                status_since = max(full + dt.timedelta(days=30), today - dt.timedelta(days=rng.randint(30, 900)))
            elif roll < 0.006 and age < 60:
                status, reason = MemberStatus.ABROAD, "Học tập, công tác ở nước ngoài"
                status_since = max(full + dt.timedelta(days=30), today - dt.timedelta(days=rng.randint(20, 300)))
            elif roll < 0.011 and age < 60:
                status, reason = MemberStatus.TEMP_TRANSFERRED_OUT, "Đi học tập trung dài hạn"
                status_since = max(full + dt.timedelta(days=30), today - dt.timedelta(days=rng.randint(30, 300)))
            if status_since is not None and status_since > today:
                status, status_since, reason = MemberStatus.FULL, None, ""
        commune, district = _place(rng)
        home_town = f"{commune}, {district}, tỉnh Thái Bình"
        if rng.random() < 0.55:
            wards = [p for p in names.PLACES["thành phố Thái Bình"] if p.startswith("phường")]
            r_commune, r_district = rng.choice(wards), "thành phố Thái Bình"
            residence = f"Số {rng.randint(1, 250)} đường {rng.choice(names.STREETS)}, {r_commune}, {r_district}"
        else:
            residence = f"{commune}, {district}"
        residence += ", tỉnh Thái Bình"
        given = self._name(f"given_{suffix}")
        family_name = self._name("family")
        seniority_years = (today - admission).days // 365
        theory = self._theory(seniority_years, probationary)
        email = ""
        if family == "agency" and rng.random() < 0.6:
            initials = "".join(normalize_search(p)[0] for p in (family_name, middle) if p)
            email = f"{normalize_search(given).replace(' ', '')}{initials}{rng.randint(1, 99)}@thaibinh.gov.vn"
        return Sheet(
            family_name=family_name,
            middle_name=middle,
            given_name=given,
            gender=gender,
            birth_date=birth,
            religion=weighted(rng, names.RELIGIONS),
            home_town=home_town,
            residence=residence,
            citizen_id=self._citizen_id(gender, birth),
            admission_decision_date=admission,
            ceremony_date=ceremony,
            full_membership_date=full,
            education=weighted(rng, EDUCATION[family]),
            profession=rng.choice(names.PROFESSIONS[family]),
            political_theory_level=theory,
            position=weighted(rng, names.POSITIONS[family]) if age < 62 else "Cán bộ hưu trí",
            phone=f"0{rng.choice('3789')}{rng.randrange(10**8):08d}",
            email=email,
            status=status,
            status_since=status_since,
            status_reason=reason,
        )

    def _theory(self, seniority_years: int, probationary: bool) -> str:
        if probationary:
            return TheoryLevel.NONE if self.rng.random() < 0.6 else TheoryLevel.ELEMENTARY
        roll = self.rng.random()
        if seniority_years >= 15 and roll < 0.12:
            return TheoryLevel.ADVANCED
        if seniority_years >= 8 and roll < 0.40:
            return TheoryLevel.INTERMEDIATE
        if roll < 0.97:
            return TheoryLevel.ELEMENTARY
        return TheoryLevel.BACHELOR
