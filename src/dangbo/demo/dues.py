"""The demo's party dues from January 2024 to the current month (issue 9).

    result = build_dues(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6))

- Each member of the bloc's cells gets a category and a base from 01/2024 (or the month of admission): the
  insured with a salary of 5–25 million dong (raised from 07/2024 in agencies and public service units, from
  01/2025 in enterprises), pensioners (the elderly and the exempt for old age) with a pension of 4–12 million, a
  few students (5,000 dong under Quy định 01-QĐ/TW), a few members without compulsory insurance ("other"), the
  members abroad in their own category from their departure, some women on maternity leave for six months, and
  some members retiring during the period (pension from the month after).
- Reliefs: a few reductions of 30, 50 or 70% (one running its twelve months and ending), a few exemptions (poor
  household, listed illness), and at least one member whose party age reaches 50 years after 1/2/2026 (the
  exemption of Quy định 01-QĐ/TW: `members.seniority.party_age_reached`; the registry's dates are moved back
  for one elderly member when the demo has none).
- The ledger's rows are computed by the ledger itself (`dues.compute.compute_rows`, what `compute_months` writes),
  then paid: most members pay every
  month between the 5th and the 20th (the national portal more and more, cash to the cell, bank transfer where
  the cell has a collection account), the current month about half collected; a few members owe three to five
  months of a year without reason (the screening's dues signal), a few a month or two with a reason the cell
  accepted, a few add a voluntary amount. The cells' sums are then rebuilt (`refresh_cell_months`).
- The cells' retained shares set by some grassroots committees (30–50%), remittances per quarter of what each unit
  passes up by the shares (`dues.shares.flows`; the last quarter not yet remitted by a few), and
  a collection bank account for the demo secretary's cell and a few others (VietQR codes).

Rows are written in bulk (the ledger with its payments by COPY on PostgreSQL). Same seed, same `today`: same
data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import Role
from dangbo.core.dates import add_months, add_years
from dangbo.dues import shares
from dangbo.dues.compute import compute_rows, refresh_cell_months
from dangbo.dues.enums import DuesCategory, PaymentChannel, ReliefKind
from dangbo.dues.models import CollectionAccount, DuesBase, DuesMonth, DuesRelief, Remittance, RetentionSetting
from dangbo.dues.rules import months_from, rules_in_force
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind
from dangbo.organizations.models import Organization

from .rows import insert_models, insert_tuples

FIRST_MONTH = dt.date(2024, 1, 1)
LEDGER_COLUMNS = ["member", "month", "organization", "path", "category", "base", "due", "explanation", "rule_set",
                  "paid", "extra", "paid_on", "channel", "reference", "excused_reason", "version", "created_at",
                  "updated_at"]  # fmt: skip
NEW_RULES = dt.date(2026, 2, 1)  # Quy định 01-QĐ/TW: the 50-year exemption
ARREARS_SHARE = 0.012  # members owing 3–5 months of a year without reason
EXCUSED_SHARE = 0.01
LATE_SHARE = 0.03  # members who pay some months late (a month or two behind)
EXTRA_SHARE = 0.02
BANKS = [("970436", "Vietcombank"), ("970415", "VietinBank"), ("970418", "BIDV"), ("970405", "Agribank")]
EXCUSES = ["Ốm đau điều trị dài ngày, chi bộ chấp nhận", "Gia đình gặp thiên tai, chi bộ đồng ý hoãn"]


@dataclass
class DuesResult:
    members: int = 0
    bases: int = 0
    reliefs: int = 0
    months: int = 0
    rows: int = 0
    remittances: int = 0
    fifty_years: list[int] = field(default_factory=list)
    arrears: list[int] = field(default_factory=list)  # members owing ≥ 3 months of a year without reason


def _dong(amount: float) -> int:
    """An amount of dong rounded to ten thousand (salaries and pensions)."""
    return int(round(amount, -4))


def _strip(text: str) -> str:
    from dangbo.core.text import normalize_search

    return normalize_search(text).upper()


class DuesBuilder:
    def __init__(self, *, bloc: Organization, seed: int, today: dt.date) -> None:
        self.rng = random.Random(f"{seed}:dues")
        self.bloc = bloc
        self.today = today
        self.current = today.replace(day=1)
        self.months = list(months_from(FIRST_MONTH, today))
        self.cells = list(
            Organization.objects.filter(path__startswith=bloc.path, kind__in=MEMBER_HOLDING_KINDS,
                                        dissolved_on__isnull=True).select_related("parent").order_by("code")
        )  # fmt: skip
        self.result = DuesResult(months=len(self.months))

    # -- who, in which category ------------------------------------------------------------------------------

    def _members(self) -> list[Member]:
        ids = CellMembership.objects.filter(organization__in=self.cells).filter(end__isnull=True) | \
            CellMembership.objects.filter(organization__in=self.cells, end__gte=FIRST_MONTH)  # fmt: skip
        return list(Member.objects.filter(pk__in=ids.values("member_id")).order_by("pk"))

    def _ensure_fifty_years(self, members: list[Member]) -> None:
        """At least one member whose party age reaches 50 years after 1/2/2026: one elderly full member's
        admission (and the first status periods that start with it) moved back when the demo has none."""
        low, high = add_years(NEW_RULES, -50), add_years(self.current, -50)
        reaching = [m for m in members if low <= m.admission_decision_date < high and m.status in
                    (MemberStatus.FULL, MemberStatus.EXEMPT)]  # fmt: skip
        if reaching:
            self.result.fifty_years = [m.pk for m in reaching]
            return
        target = add_months(low, 2)
        elders = [m for m in members if m.status == MemberStatus.FULL and m.admission_decision_date > target
                  and m.birth_date <= add_years(target, -20) and m.full_membership_date is not None]  # fmt: skip
        if not elders:
            return
        m = min(elders, key=lambda x: (x.birth_date, x.pk))
        full = add_years(target + dt.timedelta(days=20), 1)
        periods = {p.status: p for p in MemberStatusPeriod.objects.filter(member=m)}
        first, second = periods.get(MemberStatus.PROBATIONARY), periods.get(MemberStatus.FULL)
        if first is None or second is None or first.start != m.admission_decision_date:
            return
        MemberStatusPeriod.objects.filter(pk=first.pk).update(start=target, end=full)
        MemberStatusPeriod.objects.filter(pk=second.pk).update(start=full)
        CellMembership.objects.filter(member=m, start=m.admission_decision_date).update(start=target)
        Member.objects.filter(pk=m.pk).update(
            admission_decision_date=target, ceremony_date=target + dt.timedelta(days=20), full_membership_date=full
        )
        m.admission_decision_date = target  # fmt: skip
        self.result.fifty_years = [m.pk]

    def _bases(self, members: list[Member]) -> None:
        rng = self.rng
        sectors = {c.pk: c.org_type for c in self.cells}
        abroad_since = dict(MemberStatusPeriod.objects.filter(member__in=members, status=MemberStatus.ABROAD)
                            .values_list("member_id", "start"))  # fmt: skip
        rows: list[DuesBase] = []
        for m in members:
            start = max(FIRST_MONTH, m.admission_decision_date.replace(day=1))
            age = (self.today - m.birth_date).days // 365
            enterprise = sectors.get(m.organization_id, "").endswith("enterprise")
            retired = m.position == "Cán bộ hưu trí" or age >= 62 or (m.status == MemberStatus.EXEMPT and age >= 55)
            roll = rng.random()

            plan: list[tuple[dt.date, str, int, str]] = []
            add = plan.append

            salary = _dong(rng.triangular(5_000_000, 25_000_000, 9_000_000))
            if retired:
                add((start, DuesCategory.PENSIONER, _dong(rng.uniform(4_000_000, 12_000_000)), "Lương hưu"))
            elif roll < 0.012 and age < 30:
                add((start, DuesCategory.STUDENT, 0, "Nghiên cứu sinh, học viên tập trung"))
            elif roll < 0.04 and enterprise:
                add((start, DuesCategory.OTHER, 0, "Không tham gia bảo hiểm xã hội bắt buộc"))
            else:
                add((start, DuesCategory.INSURED, salary, "Tiền lương tháng trước làm căn cứ đóng BHXH"))
                raise_on = dt.date(2025, 1, 1) if enterprise else dt.date(2024, 7, 1)
                if raise_on > start:
                    add((raise_on, DuesCategory.INSURED, _dong(salary * rng.uniform(1.06, 1.3)), "Nâng lương"))
                if age >= 59 and roll < 0.5:  # retires during the period: pension from the following month
                    day = dt.date(2025, rng.randint(2, 12), 1)
                    add((day, DuesCategory.PENSIONER, _dong(salary * 0.65), "Nghỉ hưu, hưởng lương hưu"))
                elif m.gender == "female" and 25 <= age <= 38 and roll > 0.97:  # six months of maternity leave
                    day = dt.date(rng.choice([2024, 2025]), rng.randint(1, 12), 1)
                    add((day, DuesCategory.LEAVE, _dong(salary * 0.9), "Trợ cấp thai sản"))
                    add((add_months(day, 6), DuesCategory.INSURED, salary, "Đi làm trở lại"))
            if m.pk in abroad_since:
                add((abroad_since[m.pk].replace(day=1), DuesCategory.ABROAD, 0, "Ở nước ngoài"))
            rows += [
                DuesBase(member_id=m.pk, start=max(day, start), category=category, base=base, note=note)
                for day, category, base, note in plan
            ]
        unique: dict[tuple[int, dt.date], DuesBase] = {}
        for row in rows:
            unique[(row.member_id, row.start)] = row  # a later change in the same month wins
        ordered: list[DuesBase] = sorted(unique.values(), key=lambda r: (r.member_id, r.start))
        insert_models(ordered)
        self.result.bases = len(unique)

    def _reliefs(self, members: list[Member]) -> None:
        rng = self.rng
        on_rolls = [m for m in members if m.status in (MemberStatus.FULL, MemberStatus.PROBATIONARY)]
        chosen = rng.sample(on_rolls, min(len(on_rolls), max(4, len(on_rolls) // 150)))
        rows: list[DuesRelief] = []
        for k, m in enumerate(chosen):
            first = max(FIRST_MONTH, m.admission_decision_date.replace(day=1))
            if k == 0 or k % 3 == 0:  # a reduction of twelve months, over before the current month
                start = max(first, dt.date(2025, rng.randint(1, 10), 1))
                percent = [30, 50, 70][k % 3]
                rows.append(DuesRelief(member_id=m.pk, kind=ReliefKind.REDUCTION, percent=percent, start=start,
                                       end=add_months(start, 11), decision_number=f"{100 + k}-QĐ/ĐU",
                                       decision_date=start - dt.timedelta(days=10),
                                       reason="Bệnh dài ngày, thu nhập giảm"))  # fmt: skip
            elif k % 3 == 1:
                start = max(first, dt.date(2025, rng.randint(1, 12), 1))
                rows.append(DuesRelief(member_id=m.pk, kind=ReliefKind.POOR_HOUSEHOLD, percent=100, start=start,
                                       end=add_months(start, 11), decision_number=f"{100 + k}-QĐ/ĐU",
                                       decision_date=start - dt.timedelta(days=10),
                                       reason="Hộ nghèo theo quyết định của UBND xã"))  # fmt: skip
            else:
                start = max(first, dt.date(2026, rng.randint(2, 9), 1))
                rows.append(DuesRelief(member_id=m.pk, kind=ReliefKind.ILLNESS, percent=100, start=start,
                                       decision_number=f"{100 + k}-QĐ/ĐU", decision_date=start,
                                       reason="Mắc bệnh hiểm nghèo theo danh mục của Bộ Y tế"))  # fmt: skip
        insert_models(rows)
        self.result.reliefs = len(rows)

    # -- payments --------------------------------------------------------------------------------------------

    def _payments(self, banked: set[int], computed: list[list[Any]]) -> None:
        """Pay the computed months (see the module docstring): each row of `computed` gets its payment columns."""
        rng = self.rng
        ledger = defaultdict(list)
        for pk, row in sorted(enumerate(computed), key=lambda item: (item[1][0], item[1][1])):
            ledger[row[0]].append((pk, row[1], row[6], row[2]))
        arrears: list[int] = []
        for member_id, rows in ledger.items():
            roll = rng.random()
            skipped: dict[dt.date, str] = {}
            late: set[dt.date] = set()
            past = [month for _pk, month, due, _o in rows if due > 0 and month < self.current]
            years = sorted({m.year for m in past})
            if roll < ARREARS_SHARE and years:
                year = rng.choice(years)
                in_year = [m for m in past if m.year == year]
                if len(in_year) >= 3:
                    for month in rng.sample(in_year, min(len(in_year), rng.randint(3, 5))):
                        skipped[month] = ""
                    arrears.append(member_id)
            elif roll < ARREARS_SHARE + EXCUSED_SHARE and past:
                for month in rng.sample(past, min(len(past), rng.randint(1, 2))):
                    skipped[month] = rng.choice(EXCUSES)
            elif roll < ARREARS_SHARE + EXCUSED_SHARE + LATE_SHARE:
                late = {m for m in past if rng.random() < 0.3}
            extra = rng.random() < EXTRA_SHARE
            for pk, month, due, org_id in rows:
                if month in skipped:
                    if skipped[month]:
                        computed[pk][14] = skipped[month]
                    continue
                if (month == self.current and rng.random() >= 0.5) or (due == 0 and not extra):
                    continue
                days = rng.randint(35, 70) if month in late else rng.randint(4, 20)
                paid_on = min(month + dt.timedelta(days=days), self.today)
                portal_share = 0.15 if month.year == 2024 else 0.35 if month.year == 2025 else 0.55
                draw = rng.random()
                channel = PaymentChannel.PORTAL if draw < portal_share else PaymentChannel.BANK if (
                    org_id in banked and draw < portal_share + 0.6) else PaymentChannel.CASH  # fmt: skip
                reference = (f"DVC{rng.randrange(10**10):010d}" if channel == PaymentChannel.PORTAL else
                             f"FT{paid_on:%y%m%d}{rng.randrange(10**6):06d}" if channel == PaymentChannel.BANK else
                             f"BL{month:%m%y}-{member_id}")  # fmt: skip
                bonus = rng.choice([20_000, 50_000, 100_000]) if extra and month.month == 12 else 0
                if due or bonus:
                    computed[pk][9:14] = [due, bonus, paid_on, channel, reference]
        self.result.arrears = sorted(arrears)

    # -- shares and remittances ------------------------------------------------------------------------------

    def _accounts_and_shares(self) -> set[int]:
        rng = self.rng
        demo = Role.objects.filter(kind=RoleKind.CELL_SECRETARY, user__username="chibo").values_list(
            "organization_id", flat=True).first()  # fmt: skip
        banked = [c for c in self.cells if c.pk == demo or rng.random() < 0.05]
        accounts = []
        for c in banked:
            bin_, bank = rng.choice(BANKS)
            accounts.append(CollectionAccount(organization_id=c.pk, bank_bin=bin_, bank_name=bank,
                                              account_number=f"{rng.randrange(10**12, 10**13)}",
                                              account_name=_strip(c.name)[:120]))  # fmt: skip
        CollectionAccount.objects.bulk_create(accounts)
        settings = []
        for grassroots in {c.parent for c in self.cells if c.kind == OrgKind.CELL and c.parent is not None}:
            if rng.random() < 0.35:
                percent = rng.choice([30, 40, 50])
                settings += [RetentionSetting(organization_id=c.pk, start=FIRST_MONTH, percent=percent,
                                              decision_number=f"{rng.randint(1, 90)}-QĐ/ĐU")
                             for c in self.cells if c.parent_id == grassroots.pk]  # fmt: skip
        RetentionSetting.objects.bulk_create(sorted(settings, key=lambda s: s.organization_id))
        return {c.pk for c in banked}

    def _remittances(self) -> None:
        """Per whole quarter, what each unit passes up by the shares (`dues.shares.flows`: the cells' settings or
        the rule set's defaults): every cell and grassroots organization remits its share to the unit above it,
        the bloc too; in the last quarter a few have not remitted yet."""
        rng = self.rng
        quarters = [m for m in self.months if m.month % 3 == 1 and add_months(m, 3) <= self.current]
        units = {o.pk: o for o in Organization.objects.filter(path__startswith=self.bloc.path)}
        rows: list[Remittance] = []
        for qs in quarters:
            months = [qs, add_months(qs, 1), add_months(qs, 2)]
            by_unit = shares.flows(shares.load_tree(self.bloc, months), months)
            for pk, flow in sorted(by_unit.items()):
                unit = units.get(pk)
                parent = units.get(unit.parent_id) if unit is not None and unit.parent_id else None
                if unit is None or parent is None or flow.to_remit <= 0:
                    continue
                if qs == quarters[-1] and rng.random() < 0.06:
                    continue
                rows.append(self._remittance(unit, parent, qs, months[-1], flow.to_remit))
        insert_models(rows)
        self.result.remittances = len(rows)

    def _remittance(self, source: Organization, to: Organization, qs: dt.date, qe: dt.date, amount: int) -> Remittance:
        paid_on = min(add_months(qs, 3) + dt.timedelta(days=self.rng.randint(5, 25)), self.today)
        return Remittance(from_organization_id=source.pk, to_organization_id=to.pk, path=to.path, period_start=qs,
                          period_end=qe, amount=amount, paid_on=paid_on, channel=PaymentChannel.BANK,
                          reference=f"UNC {self.rng.randint(100, 999)}/{qs:%Y}",
                          note=f"Nộp đảng phí quý {(qs.month - 1) // 3 + 1}/{qs.year}")  # fmt: skip

    def _computed(self) -> list[list[Any]]:
        """Every month's rows as the ledger computes them (`dues.compute.compute_rows`, the computation of
        `compute_months` without its writes), unpaid: columns as `LEDGER_COLUMNS` without the last three."""
        out: list[list[Any]] = []
        for month in self.months:
            rules = rules_in_force(month)
            for member_id, org_id, path, category, base, due, why in compute_rows(rules, month, self.bloc.path):
                out.append([member_id, month, org_id, path, category, base, due, why, rules.rule_set_id,
                            0, 0, None, "", "", ""])  # fmt: skip
        return out

    def build(self) -> DuesResult:
        members = self._members()
        self.result.members = len(members)
        self._ensure_fifty_years(members)
        self._bases(members)
        self._reliefs(members)
        banked = self._accounts_and_shares()
        computed = self._computed()
        self._payments(banked, computed)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        insert_tuples(DuesMonth, LEDGER_COLUMNS, [(*row, 1, now, now) for row in computed])
        self.result.rows = len(computed)
        refresh_cell_months([c.pk for c in self.cells], self.months)
        self._remittances()
        return self.result


def build_dues(*, bloc: Organization, seed: int, today: dt.date) -> DuesResult:
    return DuesBuilder(bloc=bloc, seed=seed, today=today).build()


__all__: list[Any] = ["DuesResult", "build_dues"]
