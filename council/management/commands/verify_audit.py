"""Check the audit records' hash chains (council.audit_chain) and name each break."""

from django.core.management.base import BaseCommand, CommandError

from council.audit_chain import CHAINED, verify

CHAIN_LABELS = {"events": "열람·내려받기 기록", "logins": "로그인 기록"}


class Command(BaseCommand):
    help = "감사 기록의 해시 체인을 검사하고, 바뀌거나 끼워 넣거나 지운 첫 기록을 알려 줍니다."

    def handle(self, *args, **options):
        problems = [problem for chain in CHAINED for problem in verify(chain)]
        if not problems:
            self.stdout.write("감사 기록 이상 없음: " + ", ".join(CHAIN_LABELS.values()))
            return
        first = problems[0]
        for problem in problems:
            self.stdout.write(f"{CHAIN_LABELS[problem.chain]} {problem.text}")
        raise CommandError(
            f"감사 기록 {len(problems)}곳이 맞지 않습니다. 처음: "
            f"{CHAIN_LABELS[first.chain]} {first.text}"
        )
