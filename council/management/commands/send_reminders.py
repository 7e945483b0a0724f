"""Cron job: close meetings past their deadline, send the automatic reminders,
queue the scheduled reminder notices, run the other apps' jobs the site lists
(portal/navigation.py SCHEDULED_JOBS, WORKER_TASKS), send the notice outbox
(council.notices; `send_notices` is the dedicated worker), and remove
audit records older than AUDIT_RETENTION_DAYS and members' autosaved copies a
month after their meeting stopped taking opinions.

Run it every 10–15 minutes, e.g.
    */10 * * * * cd /srv/portal && .venv/bin/python manage.py send_reminders
Each member gets the 24-hours-before and the 2-hours-before reminder at most
once (the Reminder table's unique constraint), however often cron runs; the
listed jobs (e.g. proposals' commitment reminders) promise the same.
"""

import os

from django.core.management.base import BaseCommand
from django.utils import timezone

from council import audit, extensions
from council.notices import events as notice_events
from council.notices import worker as notice_worker
from council.services import meetings as meeting_services
from council.services import opinions as opinion_services
from council.services import reminders as reminder_services


class Command(BaseCommand):
    help = "마감이 지난 회의를 마감하고, 마감 24시간·2시간 전 미제출 위원에게 독려 메일을 보냅니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=os.environ.get("PORTAL_BASE_URL", "http://localhost:8000"),
            help="Address of the portal used in the e-mail links (default: $PORTAL_BASE_URL).",
        )

    def handle(self, *args, base_url: str, **options):
        now = timezone.now()
        closed = meeting_services.close_due_meetings(now=now)
        sent = reminder_services.send_due_reminders(now=now, base_url=base_url)
        summaries = extensions.run_scheduled_jobs(now=now, base_url=base_url)
        queued = notice_events.send_due_reminders(now=now)
        jobs = extensions.run_worker_tasks()
        notices = notice_worker.drain(now=now)
        purged = audit.purge_expired(now=now)
        purged["autosaves"] = opinion_services.purge_stale_autosaves(now=now)
        self.stdout.write(
            ", ".join(
                [
                    f"closed {closed} meeting(s)",
                    f"sent {sent} reminder(s)",
                    *summaries,
                    f"queued {queued} and sent {notices['sent']} notice(s)",
                    f"finished {jobs} document job(s)",
                    f"removed {sum(purged.values())} expired record(s)",
                ]
            )
        )
