"""`manage.py createcouncil SLUG --sido … --district … --district-code … --name …
--staff-username … --staff-name … --staff-email …`: a district's first council, without the demo.

Creates the council with its kind's default categories and its first staff
account, which gets a one-time link to set its own password: e-mailed when
EMAIL_URL names a mail server, printed here otherwise. No password is ever
given on the command line.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from council.models import Council
from council.services.roster import set_password_url
from council.setup import NewCouncil, create_council, mail_server_configured, send_staff_link
from lib import mail
from lib.errors import Refused
from lib.korean import with_particle


class Command(BaseCommand):
    help = "새 협의체와 첫 구청 담당자 계정을 만듭니다 (비밀번호 설정 링크는 전자우편으로, 메일 서버가 없으면 화면에)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="주소 이름: /c/<slug>/ (영문 소문자, 숫자, -)")
        parser.add_argument("--sido", required=True, help="시도 (예: 부산광역시)")
        parser.add_argument("--district", required=True, help="시군구 (예: 금정구)")
        parser.add_argument(
            "--district-code", required=True, help="시군구 코드 5자리 (예: 금정구 26410)"
        )
        parser.add_argument("--name", required=True, help="협의체 이름")
        parser.add_argument(
            "--kind",
            default=Council.Kind.ELEMENTARY,
            choices=Council.Kind.values,
            help=f"협의체 종류 (기본 {Council.Kind.ELEMENTARY})",
        )
        parser.add_argument("--purpose", default="", help="결과 문서 맨 위의 목적 문구")
        parser.add_argument("--contact-name", default="", help="위원에게 안내할 문의처 (부서·팀)")
        parser.add_argument("--contact-phone", default="", help="문의 전화")
        parser.add_argument("--contact-email", default="", help="문의 전자우편")
        parser.add_argument("--staff-username", required=True, help="첫 구청 담당자의 아이디")
        parser.add_argument("--staff-name", required=True, help="첫 구청 담당자의 이름")
        parser.add_argument("--staff-email", required=True, help="첫 구청 담당자의 전자우편")

    def handle(self, *args, **options):
        data = NewCouncil(
            **{field: str(options[field]).strip() for field in NewCouncil.__dataclass_fields__}
        )
        try:
            council, staff = create_council(data=data)
        except Refused as exc:
            raise CommandError(str(exc)) from None
        categories = ", ".join(council.categories.values_list("name", flat=True))
        self.stdout.write(
            f"협의체를 만들었습니다: {council.region_name} {council.name} "
            f"(/c/{council.slug}/, {council.get_kind_display()}; 분야: {categories})"
        )
        if mail_server_configured():
            send_staff_link(staff=staff, base_url=settings.PORTAL_BASE_URL)
            mail.wait()
            self.stdout.write(
                f"구청 담당자 {staff.name}({staff.user.username})에게 비밀번호 설정 링크를 "
                f"{with_particle(staff.user.email, '(으)로')} 보냈습니다."
            )
        else:
            url = set_password_url(user=staff.user, base_url=settings.PORTAL_BASE_URL)
            self.stdout.write(
                "메일 서버(EMAIL_URL)가 설정되지 않아 링크를 여기에 보여 줍니다. "
                f"구청 담당자 {staff.name}({staff.user.username})에게 전해 주세요 "
                "(한 번만 쓸 수 있고 비밀번호를 정하면 더는 쓸 수 없습니다):"
            )
            self.stdout.write(f"비밀번호 설정 링크: {url}")
