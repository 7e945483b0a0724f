"""The worker: queue the scheduled reminders that are due, run other apps' long
work (portal/navigation.py WORKER_TASKS: reports' documents) and send the
outbox (council.notices.worker).

    manage.py send_notices            # runs until stopped (systemd, deploy/)
    manage.py send_notices --once     # sends what is due and exits (cron)

Any number may run, on any number of servers: each notice is sent once.
"""

import time

from django.core.management.base import BaseCommand

from council import extensions
from council.notices import events, worker


class Command(BaseCommand):
    help = "알림(전자우편·문자·알림톡)을 보냅니다."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due, then exit.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between rounds.")
        parser.add_argument("--batch", type=int, default=50)
        parser.add_argument("--worker-id", default="")

    def handle(self, *args, once: bool, interval: float, batch: int, worker_id: str, **options):
        while True:
            queued = events.send_due_reminders()
            # Other apps' long work (reports' documents), then the notices it queued too.
            done = extensions.run_worker_tasks()
            counts = worker.drain(batch=batch, worker=worker_id)
            if once or counts or queued or done:
                summary = ", ".join(f"{state} {n}" for state, n in sorted(counts.items()))
                self.stdout.write(
                    f"queued {queued} reminder notice(s), finished {done} job(s); "
                    f"{summary or 'nothing due'}"
                )
            if once:
                return
            time.sleep(interval)
