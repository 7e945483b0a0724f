"""The school flyer (가정통신문): an A4 PDF of the care facilities near a school or a 동.

Contract: `render_flyer(...) -> (filename, content_type, bytes)`. The flyer
lists the public facilities of the 동 and its neighbouring 동 (the finder's
rule, facilities.finder), their hours and phone numbers, and a QR code (segno,
inline SVG) that opens the finder filtered for that 동; the same short address
is printed beside it for typing. Text is escaped by the template and passed
through `printable_text` (emoji print as `(이모지)`); WeasyPrint fetches only
the portal's static files (lib.pdf).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from council.models import Council, Dong
from facilities.finder import entry, serving
from facilities.models import Facility
from lib.pdf import printable_text, render_pdf, stylesheet_uris

Exported = tuple[str, str, bytes]
PDF_TYPE = "application/pdf"
FLYER_CSS = "css/finder-flyer.css"


def qr_svg(url: str) -> SafeString:
    """The QR code of `url` as inline SVG (segno; medium error correction survives a
    photocopy). Safe to mark: segno writes only its own path data, never the text."""
    import segno

    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=2))  # noqa: S308


def qr_data_uri(url: str) -> str:
    """The same QR code as a `data:` URI, for an `<img>` on a web page."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def printed_address(url: str) -> str:
    """The short address as printed for typing: without `https://`."""
    return url.split("://", 1)[-1]


@dataclass
class FlyerRow:
    kind: str
    name: str
    dong: str
    address: str
    term_hours: str
    vacation_hours: str
    phone: str
    notes: list[str]
    own: bool = False  # the school the flyer is for


def _row(facility: Facility, *, own: bool = False) -> FlyerRow:
    e = entry(facility)
    notes = []
    if e.planned:
        notes.append(_("개소 예정"))
    if not e.all_grades:
        notes.append(_("%(start)s~%(end)s학년") % {"start": e.grade_from, "end": e.grade_to})
    if facility.night_care and facility.night_care_until:
        notes.append(_("야간돌봄 %(until)s까지") % {"until": f"{facility.night_care_until:%H:%M}"})
    if facility.temporary_care:
        notes.append(_("일시돌봄"))
    if facility.saturday_care:
        notes.append(_("토요 돌봄"))
    return FlyerRow(
        kind=facility.get_kind_display(),
        name=printable_text(facility.name),
        dong=printable_text(facility.dong.name),
        address=printable_text(facility.address),
        term_hours=e.term_hours,
        vacation_hours=e.vacation_hours,
        phone=printable_text(facility.phone),
        notes=notes,
        own=own,
    )


def flyer_title() -> str:
    return _("우리 동네 방과후 돌봄시설 안내")


def share_text(council: Council, dong: Dong, school: Facility | None, url: str) -> str:
    """The message staff paste into a school notice app (e-알리미, 하이클래스 …)."""
    return "\n".join(
        [
            f"[{council.district}] {flyer_title()} ({school.name if school else dong.name})",
            _(
                "%(dong)s과 이웃 동의 학교 돌봄·온동네 돌봄·교육센터·다함께돌봄센터·지역아동센터 운영시간, "
                "빈자리, 연락처를 확인하세요."
            )
            % {"dong": dong.name},
            url,
        ]
    )


def flyer_context(
    *, council: Council, dong: Dong, school: Facility | None, url: str, today: dt.date
) -> dict:
    facilities = serving(council, dong, today=today)
    if school is not None:
        # The school's own 돌봄교실 first (when the district publishes it).
        facilities.sort(key=lambda f: f.pk != school.pk)
    neighbours = sorted(
        {f.dong.name for f in facilities if f.dong_id != dong.pk},
    )
    return {
        "council": council,
        "district": printable_text(council.district),
        "council_name": printable_text(council.name),
        "title": printable_text(flyer_title()),
        "school": printable_text(school.name) if school is not None else "",
        "dong": printable_text(dong.name),
        "neighbours": [printable_text(n) for n in neighbours],
        "rows": [_row(f, own=school is not None and f.pk == school.pk) for f in facilities],
        "qr_svg": qr_svg(url),
        "short_address": printed_address(url),
        "notice": printable_text(council.finder_notice),
        "today": today,
    }


def flyer_html(context: dict) -> str:
    return render_to_string(
        "facilities/finder/flyer_pdf.html",
        {**context, "stylesheet_urls": stylesheet_uris(FLYER_CSS)},
    )


def flyer_filename(council: Council, dong: Dong, school: Facility | None) -> str:
    target = f"school-{school.code}" if school is not None else f"dong-{dong.pk}"
    return f"{council.slug}-flyer-{target}.pdf"


def render_flyer(
    *, council: Council, dong: Dong, school: Facility | None, url: str, today: dt.date
) -> Exported:
    context = flyer_context(council=council, dong=dong, school=school, url=url, today=today)
    return flyer_filename(council, dong, school), PDF_TYPE, render_pdf(flyer_html(context))
