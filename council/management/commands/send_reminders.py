"""Cron job: close meetings past their deadline, send the automatic reminders, and
remove audit records older than AUDIT_RETENTION_DAYS.

Run it every 10–15 minutes, e.g.
    */10 * * * * cd /srv/portal && .venv/bin/python manage.py send_reminders
Each member gets the 24-hours-before and the 2-hours-before reminder at most
once (the Reminder table's unique constraint), however often cron runs.
"""

import os

from django.core.management.base import BaseCommand

from council import audit, services


class Command(BaseCommand):
    help = "마감이 지난 회의를 마감하고, 마감 24시간·2시간 전 미제출 위원에게 독려 메일을 보냅니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=os.environ.get("PORTAL_BASE_URL", "http://localhost:8000"),
            help="Address of the portal used in the e-mail links (default: $PORTAL_BASE_URL).",
        )

    def handle(self, *args, base_url: str, **options):
        closed = services.close_due_meetings()
        sent = services.send_due_reminders(base_url=base_url)
        purged = audit.purge_expired()
        self.stdout.write(
            f"closed {closed} meeting(s), sent {sent} reminder(s), "
            f"removed {sum(purged.values())} expired record(s)"
        )
