from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import COUNCIL, demo_logins, demo_tour, load_demo


class Command(BaseCommand):
    help = (
        "Build the demo council from the seed document, current as of today "
        "(rebuilds it if it exists; --if-empty leaves an existing database alone)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DJANGO_DEBUG=false (it sets known demo passwords).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has a council.",
        )

    def handle(self, *args, force: bool = False, if_empty: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "loaddemo sets well-known demo passwords; refusing to run with "
                "DJANGO_DEBUG=false. Use --force if you really mean it."
            )
        from council.models import Council

        if if_empty and Council.objects.exists():
            self.stdout.write(
                "Database already has data; demo not loaded again "
                "(`make demo` rebuilds it as of today)."
            )
            if not Council.objects.filter(slug=COUNCIL["slug"]).exists():
                return
            logins = demo_logins()
        else:
            logins = load_demo()
            self.stdout.write(
                self.style.SUCCESS("Demo data loaded: 금정구 지역돌봄협의체 (geumjeong).")
            )
        self.stdout.write("Demo logins (role / username / password; unless changed since):")
        for role, username, password in logins:
            self.stdout.write(f"  {role:<28} {username:<14} {password}")
        self.stdout.write("What each login lands on:")
        for username, what in demo_tour():
            self.stdout.write(f"  {username:<16} {what}")
