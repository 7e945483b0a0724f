"""Remove audit records older than AUDIT_RETENTION_DAYS (send_reminders also does this)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from council import audit


class Command(BaseCommand):
    help = "보존 기간(AUDIT_RETENTION_DAYS)이 지난 접속·내려받기 기록을 지웁니다."

    def handle(self, *args, **options):
        removed = audit.purge_expired()
        self.stdout.write(
            f"kept {settings.AUDIT_RETENTION_DAYS} days; removed "
            + ", ".join(f"{count} {kind}" for kind, count in removed.items())
        )
