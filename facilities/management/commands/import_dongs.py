"""`manage.py import_dongs SLUG FILE [--dry-run]`: the council's 행정동 and their
10-digit codes from the 주민등록 population CSV or a two-column CSV
(facilities/dong_list.py); other councils' 동 are never touched."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from council.models import Council
from facilities import dong_list
from lib.korean import particle
from lib.xlsx import UploadRejected


class Command(BaseCommand):
    help = "주민등록 인구통계 CSV(또는 ‘행정동,행정기관코드’ CSV)에서 협의체의 행정동 목록을 가져옵니다."

    def add_arguments(self, parser):
        parser.add_argument("council", help="협의체 주소 이름 (예: geumjeong)")
        parser.add_argument("file", help="연령별 인구현황 CSV 또는 두 열짜리 CSV")
        parser.add_argument("--dry-run", action="store_true", help="미리보기만 하고 쓰지 않음")

    def handle(self, *args, **options):
        try:
            council = Council.objects.get(slug=options["council"])
        except Council.DoesNotExist:
            name = options["council"]
            raise CommandError(f"협의체 ‘{name}’{particle(name, '이/가')} 없습니다.") from None
        path = Path(options["file"]).expanduser()
        if not path.is_file():
            raise CommandError(f"파일이 없습니다: {path}")
        with path.open("rb") as handle:
            upload = SimpleUploadedFile(path.name, handle.read(dong_list.MAX_BYTES + 1))
        # The same importer as the staff's upload page (lib.imports): read, judge, apply.
        importer = dong_list.DongListImporter(council)
        try:
            payload = importer.read({"file": upload})
            plan = importer.judge(payload).detail
        except UploadRejected as exc:
            raise CommandError(exc.as_text()) from None
        self.stdout.write(
            f"{council.region_name}: 행정동 {len(plan.rows)}곳 — 새로 {len(plan.new)}, "
            f"이름 바뀜 {len(plan.renamed)}, 코드 채움 {len(plan.coded)}, 그대로 {plan.unchanged}"
        )
        if plan.skipped_other:
            self.stdout.write(
                f"다른 시군구의 행 {plan.skipped_other}개 건너뜀: {', '.join(plan.other_regions[:5])}"
            )
        if plan.not_in_file:
            names = ", ".join(d.name for d in plan.not_in_file)
            self.stdout.write(f"파일에 없어 그대로 둔 행정동: {names}")
        if options["dry_run"]:
            self.stdout.write("미리보기만 했습니다 (--dry-run).")
            return
        try:
            importer.apply(payload, user=None, options={})
        except UploadRejected as exc:
            raise CommandError(exc.as_text()) from None
        self.stdout.write("반영했습니다.")
