"""Member import benchmark: an Excel file of `--rows` new members (and ten new cells) checked and written through
the application's own path (the job handlers `members.import.validate` and `members.import.apply` of
`members.import_jobs`: the file read, every row checked by the form's rules, then checked again and written in one
transaction with the audit entries), beside the raw floor in the same run (`COPY` of the same rows into a staging
table), and the ratios. Targets (issue 13): 100,000 rows previewed in ≤ 60 s and applied in ≤ 60 s.

    .venv/bin/python bench/import.py --members 100000 --rows 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/bulk_bench

The database is dedicated (see bench/bulk_data.py). A file of 100,000 rows is ~12 MB (~137 MB
unzipped): the run raises the import limits as a province's deployment would (`province_limits`). The file is
written once to `bench/out/` and reused; what a run imports is deleted at its end (and at its start, after a run
that stopped half-way), so the province keeps its size. The apply's figure includes reading again the facts the
preview's check rested on, and comparing them, before it reuses the preview's verdict (decision 0057).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk_data import CPU_SECONDS, account, parse, report, timed
from dues_data import FAMILY, GIVEN, MIDDLE
from measuring import save_figures

TARGET_S = 60.0
NEW_CELLS = 10  # cells defined in the file's organization sheet (the first rows' members join them)
PREFIX = "079"  # the file's citizen ids (the province's own start with 034)

MEMBER_COLUMNS = (
    "family_name", "middle_name", "given_name", "gender", "birth_date", "ethnicity", "religion", "home_town",
    "residence", "citizen_id", "card_number", "record_number", "admission_decision_date", "ceremony_date",
    "full_membership_date", "education", "profession", "political_theory_level", "position", "workplace", "phone",
    "email", "cell_code",
)  # fmt: skip


def member_values(i: int, cell_code: str) -> dict[str, Any]:
    """Member `i` of the file, in the sheet's columns (labels as a user types them)."""
    birth = dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
    admitted = dt.date(birth.year + 19 + i % 7, 1 + (i * 7) % 12, 1 + (i * 3) % 28)  # 18 and over, before 2025
    full = admitted.replace(year=admitted.year + 1) if i % 10 else None
    return {
        "family_name": FAMILY[i % len(FAMILY)], "middle_name": MIDDLE[(i // 7) % len(MIDDLE)],
        "given_name": GIVEN[(i // 3) % len(GIVEN)], "gender": "Nữ" if i % 2 else "Nam", "birth_date": birth,
        "ethnicity": "Kinh", "religion": "Không", "home_town": f"Xã số {i % 500}, tỉnh Thái Bình",
        "residence": f"Số {i % 300} phố Lý Thường Kiệt, Hà Nội", "citizen_id": f"{PREFIX}{i:09d}",
        "card_number": f"79{i:08d}", "record_number": f"LL-{i}", "admission_decision_date": admitted,
        "ceremony_date": admitted + dt.timedelta(days=14), "full_membership_date": full, "education": "Đại học",
        "profession": "Kỹ sư", "political_theory_level": "Trung cấp", "position": "Chuyên viên",
        "workplace": "Sở Tài chính", "phone": f"09{i:08d}", "email": f"dv{i}@example.vn", "cell_code": cell_code,
    }  # fmt: skip


def file_rows(rows: int) -> tuple[list[list[Any]], list[dict[str, Any]]]:
    """The organization rows (ten new cells under the first grassroots committees) and the member rows."""
    from dangbo.organizations.models import Organization

    parents = list(Organization.objects.filter(kind="grassroots_committee").order_by("code")[:NEW_CELLS])
    cells: list[str] = list(Organization.objects.filter(kind="cell").order_by("code").values_list("code", flat=True))
    orgs = [[f"BULK-{k + 1:02d}", f"Chi bộ Phòng Mới {k + 1}", "Chi bộ trực thuộc", "", p.code, dt.date(2020, 1, 1)]
            for k, p in enumerate(parents)]  # fmt: skip
    new_codes = [str(org[0]) for org in orgs]
    members = [
        member_values(i, new_codes[i // 20] if i < len(new_codes) * 20 else cells[i % len(cells)]) for i in range(rows)
    ]
    return orgs, members


def write_file(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from dangbo.members.importing import MEMBER_SHEET, ORG_SHEET

    orgs, members = file_rows(rows)
    book = Workbook(write_only=True)
    org_sheet = book.create_sheet(ORG_SHEET.name)
    org_sheet.append(ORG_SHEET.headers)
    for org in orgs:
        org_sheet.append(org)
    member_sheet = book.create_sheet(MEMBER_SHEET.name)
    member_sheet.append(MEMBER_SHEET.headers)
    for member in members:
        member_sheet.append([member[c] for c in MEMBER_COLUMNS])
    book.save(path)


def clean_up() -> None:
    """Delete what a run imported: its members (their history first), its cells, their audit entries."""
    from django.db import connection

    with connection.cursor() as cursor:
        # Nothing else refers to the imported rows: skip the foreign-key checks of every table that refers to members.
        cursor.execute("SET session_replication_role = replica")
        ours = f"SELECT id FROM members_member WHERE citizen_id LIKE '{PREFIX}%%'"
        cursor.execute(f"DELETE FROM members_cellmembership WHERE member_id IN ({ours})")
        cursor.execute(f"DELETE FROM members_memberstatusperiod WHERE member_id IN ({ours})")
        cursor.execute(f"DELETE FROM members_member WHERE citizen_id LIKE '{PREFIX}%%'")
        cells = "SELECT id FROM organizations_organization WHERE code LIKE 'BULK-%%'"
        cursor.execute(f"DELETE FROM organizations_organizationperiod WHERE organization_id IN ({cells})")
        cursor.execute("DELETE FROM organizations_organization WHERE code LIKE 'BULK-%%'")
        cursor.execute("DELETE FROM core_auditentry")  # the benchmark's database holds no other entries
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM ANALYZE members_member")


def preview_and_apply(owner: Any, path: Path) -> tuple[float, float, dict[str, Any], dict[str, Any]]:
    from django.core.files.base import ContentFile

    from dangbo.core.jobs import JobProgress
    from dangbo.core.models import BackgroundJob
    from dangbo.members import import_jobs

    source = BackgroundJob(kind=import_jobs.VALIDATE, owner=owner, params={"file_name": path.name})
    source.input_file.save(path.name, ContentFile(path.read_bytes()), save=False)
    source.save()
    preview_s, preview = timed(lambda: import_jobs.run_validation(source, JobProgress(source)))
    assert preview["invalid_rows"] == 0, preview["errors"][:5]
    job = BackgroundJob.objects.create(kind=import_jobs.APPLY, owner=owner,
                                       params={"source_job_id": source.pk, "only_valid": False})  # fmt: skip
    apply_s, applied = timed(lambda: import_jobs.run_apply(job, JobProgress(job)))
    return preview_s, apply_s, preview, applied


def copy_once(rows: list[dict[str, Any]]) -> None:
    """The floor: the same member rows into a staging table shaped like the sheet, through COPY."""
    from django.db import connection

    with connection.cursor() as cursor:
        columns = ", ".join(f"{c} {'date' if c.endswith(('_date', 'date')) else 'text'}" for c in MEMBER_COLUMNS)
        cursor.execute(f"CREATE TEMP TABLE bulk_staging ({columns})")
        with cursor.cursor.copy(f"COPY bulk_staging ({', '.join(MEMBER_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in MEMBER_COLUMNS])
        cursor.execute("DROP TABLE bulk_staging")


def province_limits(rows: int) -> None:
    """The import limits a province's first load needs (the defaults suit a bloc: docs/deployment.md)."""
    from django.conf import settings

    settings.DANGBO_IMPORT_MAX_ROWS = max(rows, settings.DANGBO_IMPORT_MAX_ROWS)
    settings.DANGBO_IMPORT_MAX_BYTES = 32 * 1024 * 1024
    settings.DANGBO_IMPORT_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024


def main() -> None:
    args = parse(__doc__ or "", runs=1)
    from dangbo.members.models import Member

    province_limits(args.rows)

    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    path = out / f"bulk-import-{args.rows}.xlsx"
    clean_up()
    if not path.exists():
        print(f"Writing the file of {args.rows:,} rows…", flush=True)
        write_file(path, args.rows)
    owner = account()
    _, members = file_rows(args.rows)
    previews: list[float] = []
    applies: list[float] = []
    floors: list[float] = []
    for run in range(args.runs):
        preview_s, apply_s, preview, applied = preview_and_apply(owner, path)
        imported = Member.objects.filter(citizen_id__startswith=PREFIX).count()
        clean_up()
        floor_s, _ = timed(lambda: copy_once(members))
        previews.append(preview_s)
        applies.append(apply_s)
        floors.append(floor_s)
        cpu = CPU_SECONDS[-3:]
        print(f"  run {run + 1}: {preview['valid_rows']:,} rows previewed in {preview_s:.1f} s ({cpu[0]:.1f} s CPU in "
              f"Python), {applied['members']:,} members ({imported:,} in the database) and {applied['organizations']} "
              f"cells applied in {apply_s:.1f} s ({cpu[1]:.1f} s CPU); COPY of the rows {floor_s:.2f} s",
              flush=True)  # fmt: skip
    figures = [
        report(f"preview of {args.rows:,} rows", previews, floors, target=TARGET_S),
        report(f"apply of {args.rows:,} rows", applies, floors, target=TARGET_S),
    ]
    save_figures(f"import-postgresql-{args.rows}.json", {"members": args.members, "rows": args.rows,
                                                         "measures": figures, "cpu_s": CPU_SECONDS})  # fmt: skip


if __name__ == "__main__":
    main()
