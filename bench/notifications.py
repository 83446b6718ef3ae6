"""Notification benchmark: the daily run (`notifications.daily.run_daily`, what `manage.py send_notifications`
does every morning) over 1,000,000 members on PostgreSQL (issue 12: ≤ 60 s).

The data: the province of `dues_data.build_province` (members in cells of 100, with their history), then, in SQL,
an account for every member (one in fifty with an address, choosing e-mail), one open rating round with a rating
per member still at the first step and its self-assessment deadline three days ahead (the worst day: every member
is told at once), a meeting tomorrow in one cell in twenty and a meeting of last week not yet recorded in one cell
in ten, each cell with a secretary.
Two runs are timed: the first (every notice new) and the second on the same day (nothing new: the steady state,
the dedupe paying its way), each with its counts. `--worst-days K` times the first run K times, from an empty
table each time. The mail pass is shown apart (with the locmem backend here; a real SMTP server adds its own time).

    .venv/bin/python bench/notifications.py --members 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_notify

The database is dedicated (created when missing, reused when it holds exactly `--members` members, rebuilt
otherwise, as bench/search.py does). The notifications of a previous measure are deleted before measuring.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dues_data import build_province
from measuring import prepare, save_figures

TARGET_S = 60.0  # the daily job over 1,000,000 members (issue 12)
DAY = dt.date(2026, 11, 18)  # a Wednesday

EXTRA_SQL = [
    # an account per member (no usable password: the benchmark never logs them in)
    """INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff,
           is_active, date_joined)
       SELECT '!', false, 'dv' || m.id, '', '', CASE WHEN m.id %% 50 = 0 THEN 'dv' || m.id || '@example.vn'
              ELSE '' END, false, true, now()
       FROM members_member m""",
    """UPDATE members_member m SET user_id = u.id FROM accounts_user u WHERE u.username = 'dv' || m.id""",
    # one open round, every member at the first step
    """INSERT INTO evaluations_rating (created_at, updated_at, version, campaign_id, year, subject_kind, member_id,
           unit_id, unit_path, grassroots_id, org_type, step, not_rated, self_level, score_sheet, self_review,
           review_level, proposed_level, decided_level, final_level, reasons, override_reason)
       SELECT now(), now(), 1, %(campaign)s, 2026, 'member', m.id, m.organization_id, o.path, o.parent_id,
              o.org_type, 'pending', false, '', '{}', '', '', '', '', '', '[]', ''
       FROM members_member m JOIN organizations_organization o ON o.id = m.organization_id
       WHERE m.status IN ('probationary', 'full')""",
    # members with an address choose every kind by e-mail too
    """INSERT INTO notifications_preference (user_id, kind, in_app, by_email)
       SELECT u.id, k, true, true FROM accounts_user u,
              unnest(ARRAY['meeting_tomorrow', 'self_assessment']) AS k WHERE u.email <> ''""",
    # a meeting tomorrow in one cell in twenty, one of last week not recorded in one cell in ten
    """INSERT INTO meetings_meeting (created_at, updated_at, version, organization_id, kind, status, planned_start,
           day, place, topic, agenda, minutes, resolutions, cancel_reason, present_count, excused_count,
           unexcused_count, expected_count, quorum_base)
       SELECT now(), now(), 1, o.id, 'thematic', 'planned', %(tomorrow)s::date + time '14:00', %(tomorrow)s,
              'Hội trường', 'Học tập chuyên đề', '', '', '', '', 0, 0, 0, 0, 0
       FROM organizations_organization o WHERE o.kind = 'cell' AND o.id %% 20 = 0""",
    """INSERT INTO meetings_meeting (created_at, updated_at, version, organization_id, kind, status, planned_start,
           day, place, topic, agenda, minutes, resolutions, cancel_reason, present_count, excused_count,
           unexcused_count, expected_count, quorum_base)
       SELECT now(), now(), 1, o.id, 'thematic', 'planned', %(last_week)s::date + time '14:00', %(last_week)s,
              '', 'Sinh hoạt chuyên đề', '', '', '', '', 0, 0, 0, 0, 0
       FROM organizations_organization o WHERE o.kind = 'cell' AND o.id %% 10 = 0""",
    # a secretary for every cell
    """INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff,
           is_active, date_joined)
       SELECT '!', false, 'bt' || o.id, '', '', '', false, true, now()
       FROM organizations_organization o WHERE o.kind = 'cell'""",
    """INSERT INTO accounts_role (user_id, kind, organization_id)
       SELECT u.id, 'cell_secretary', o.id FROM organizations_organization o
       JOIN accounts_user u ON u.username = 'bt' || o.id WHERE o.kind = 'cell'""",
]


def build(members: int) -> dict[str, Any]:
    from django.db import connection, transaction

    from dangbo.evaluations.models import RatingCampaign, RuleSet
    from dangbo.organizations.models import Organization

    load = build_province(members, DAY)
    started = time.perf_counter()
    with transaction.atomic():
        bloc = Organization.objects.get(pk=1)
        rule_set = RuleSet.objects.order_by("-effective_from").first()
        assert rule_set is not None, "the shipped rule sets are loaded by the migrations"
        campaign = RatingCampaign.objects.create(
            year=2026, organization=bloc, rule_set=rule_set,
            reference_date=dt.date(2026, 11, 30), self_assessment_due=DAY + dt.timedelta(days=3),
            review_due=DAY + dt.timedelta(days=20), proposal_due=DAY + dt.timedelta(days=30),
            decision_due=DAY + dt.timedelta(days=40), verification_due=DAY + dt.timedelta(days=50),
        )  # fmt: skip
        params: dict[str, Any] = {"campaign": campaign.pk, "tomorrow": DAY + dt.timedelta(days=1),
                                  "last_week": DAY - dt.timedelta(days=6)}  # fmt: skip
        with connection.cursor() as cursor:
            for statement in EXTRA_SQL:
                cursor.execute(statement, params)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    load["extra_seconds"] = round(time.perf_counter() - started, 1)
    print(f"  accounts, ratings, meetings and secretaries in {load['extra_seconds']} s", flush=True)
    return load


def timed_run() -> dict[str, Any]:
    """One run, timed whole; the mail pass (messages built and handed to the backend, then marked mailed) is
    timed on its own too, since with a real SMTP server it depends on that server."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from dangbo.notifications import daily

    mail_seconds = [0.0]
    send = daily.send_mail_batches

    def timed_send(**kwargs: Any) -> int:
        started = time.perf_counter()
        try:
            return send(**kwargs)
        finally:
            mail_seconds[0] += time.perf_counter() - started

    reset_queries()
    daily.send_mail_batches = timed_send
    started = time.perf_counter()
    try:
        with CaptureQueriesContext(connection) as queries:
            run = daily.run_daily(today=DAY, trigger="bench")
    finally:
        daily.send_mail_batches = send
    seconds = round(time.perf_counter() - started, 2)
    new = run.counts["new"]
    print(f"  {seconds:>7.2f} s (mail pass {mail_seconds[0]:.1f} s)  new {sum(new.values()):>9,}  {new}  "
          f"mails {run.emailed:,}  queries {len(queries)}  load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    return {"seconds": seconds, "mail_seconds": round(mail_seconds[0], 2), "new": new,
            "offered": run.counts["offered"], "emailed": run.emailed, "queries": len(queries),
            "load": round(os.getloadavg()[0], 2)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data even at the same size")
    parser.add_argument("--load-only", action="store_true", help="build, measure nothing")
    parser.add_argument("--runs", type=int, default=2, help="runs on the same day (the first makes everything)")
    parser.add_argument("--worst-days", type=int, default=1, help="times the first run is timed, from empty")
    args, must_build = prepare(parser)
    from django.conf import settings
    from django.db import connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load = build(args.members) if must_build else None
    if args.load_only:
        return
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE notifications_notification, notifications_run")
        cursor.execute("SELECT count(*) FROM members_member")
        members = int(cursor.fetchone()[0])
    print(f"\nPostgreSQL, {members:,} members; day {DAY:%d/%m/%Y}; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}; target {TARGET_S:.0f} s per run\n")  # fmt: skip
    runs = []
    for attempt in range(args.worst_days):
        if attempt:
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE notifications_notification, notifications_run")
        runs.append(timed_run())  # the worst day again: everything new
    runs += [timed_run() for _ in range(args.runs - 1)]
    worst = max(r["seconds"] for r in runs)
    print(f"\nworst run {worst:.1f} s = {worst / TARGET_S:.2f} × the {TARGET_S:.0f} s target")
    save_figures(f"notifications-postgresql-{args.members}.json",
                 {"members": members, "day": str(DAY), "load": load, "runs": runs, "target_s": TARGET_S})  # fmt: skip


if __name__ == "__main__":
    main()
