"""`manage.py export_result 2023-h2 --format pdf|html|xlsx|hwpx --output FILE [--council geumjeong]`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from council.models import Council, Meeting
from reports.exporters import EXPORTERS


class Command(BaseCommand):
    help = "회의 결과 문서를 PDF, HTML, xlsx 또는 한글(HWPX) 파일로 저장합니다."

    def add_arguments(self, parser) -> None:
        parser.add_argument("meeting", help="회의 주소 이름 (예: 2023-h2)")
        parser.add_argument("--format", required=True, choices=sorted(EXPORTERS), dest="fmt")
        parser.add_argument("--output", required=True, help="저장할 파일 경로")
        parser.add_argument(
            "--council",
            help=(
                "협의체 주소 이름 (예: geumjeong). 협의체가 하나뿐이거나 그 회의가 한 "
                "협의체에만 있으면 생략할 수 있습니다."
            ),
        )
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="최종 제출 전 부서 검토 의견도 표시합니다 (미리보기).",
        )

    def handle(self, *args, meeting: str, fmt: str, output: str, council: str | None, **options):
        council_obj = self._council(council, meeting)
        try:
            meeting_obj = Meeting.objects.select_related("council").get(
                council=council_obj, slug=meeting
            )
        except Meeting.DoesNotExist:
            known = ", ".join(council_obj.meetings.values_list("slug", flat=True)) or "없음"
            raise CommandError(
                f"{council_obj.slug} 협의체에 '{meeting}' 회의가 없습니다. 있는 회의: {known}"
            ) from None
        filename, _content_type, content = EXPORTERS[fmt](
            meeting_obj, final_only=not options["include_drafts"]
        )
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"폴더가 없습니다: {path.parent}")
        path.write_bytes(content)
        self.stdout.write(f"{path} ({len(content):,} bytes, {filename})")

    def _council(self, slug: str | None, meeting: str) -> Council:
        if slug:
            try:
                return Council.objects.get(slug=slug)
            except Council.DoesNotExist:
                raise CommandError(f"'{slug}' 협의체가 없습니다.") from None
        councils = list(Council.objects.order_by("slug")[:50])
        if not councils:
            raise CommandError(
                "협의체가 없습니다. 먼저 협의체를 만드세요 (예: manage.py loaddemo)."
            )
        if len(councils) > 1:
            # Several councils (one district may hold several): the one that has this
            # meeting, when only one has it.
            holding = [c for c in councils if c.meetings.filter(slug=meeting).exists()]
            if len(holding) == 1:
                return holding[0]
            slugs = ", ".join(c.slug for c in councils)
            raise CommandError(f"협의체가 여러 개입니다. --council 로 지정하세요: {slugs}")
        return councils[0]
