"""`manage.py import_population FILE --council SLUG [--dry-run]`: the population import
without the browser — the same reading, matching and all-or-nothing apply as the page."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from council.models import Council
from facilities import population
from lib.dates import korean_month
from lib.errors import Refused
from lib.xlsx import UploadRejected


class Command(BaseCommand):
    help = "주민등록 연령별 인구현황 CSV를 협의체의 행정동(행정기관코드)에 맞춰 가져옵니다."

    def add_arguments(self, parser):
        parser.add_argument("file", help="행정안전부 주민등록 인구통계의 연령별 인구현황 CSV")
        parser.add_argument("--council", required=True, help="협의체 주소 이름 (예: geumjeong)")
        parser.add_argument("--dry-run", action="store_true", help="미리보기만 하고 쓰지 않음")

    def handle(self, *args, **options):
        try:
            council = Council.objects.get(slug=options["council"])
        except Council.DoesNotExist:
            raise CommandError(f"협의체 ‘{options['council']}’이(가) 없습니다.") from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"파일이 없습니다: {path}")
        with path.open("rb") as handle:
            data = handle.read(population.MAX_BYTES + 1)
        upload = SimpleUploadedFile(path.name, data)
        try:
            parsed, encoding = population.read_population(upload)
            preview = population.judge_population(council=council, parsed=parsed)
        except UploadRejected as exc:
            raise CommandError(exc.as_text()) from None
        self.stdout.write(
            f"{preview.region_name} {korean_month(preview.month)} ({encoding}): "
            f"행정동 {len(preview.matched)}곳"
        )
        if preview.other_rows:
            self.stdout.write(
                f"다른 구의 행 {preview.other_rows}개 건너뜀: {', '.join(preview.other_districts)}"
            )
        if preview.missing_dongs:
            names = ", ".join(d.name for d in preview.missing_dongs)
            self.stdout.write(f"파일에 없는 행정동: {names}")
        if preview.uncoded_dongs:
            names = ", ".join(d.name for d in preview.uncoded_dongs)
            self.stdout.write(f"코드가 없는 행정동: {names}")
        if options["dry_run"]:
            self.stdout.write("미리보기만 했습니다 (--dry-run).")
            return
        try:
            population.apply_population(
                council=council,
                user=None,
                payload=population.to_payload(parsed, source_name=path.name, encoding=encoding),
            )
        except Refused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS("가져왔습니다."))
