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
from lib.dates import korean_date
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
    figures: list[str]  # ["정원 30 · 현원 28", "빈자리 2"], or [] when none were given
    as_of: str  # "2026. 11. 30. 기준 (8개월 전 자료)": every figure carries its date
    own: bool = False  # the school the flyer is for


def _figures(e) -> tuple[list[str], str]:
    """The row's figures and their 기준일 (with the age in words when past the limit)."""
    facility = e.facility
    if e.planned or getattr(facility, "capacity", None) is None:
        return [], ""
    parts = [
        _("정원 %(capacity)s · 현원 %(enrolled)s")
        % {"capacity": facility.capacity, "enrolled": facility.enrolled}
    ]
    if e.vacancies:
        parts.append(_("빈자리 %(n)s") % {"n": e.vacancies})
    as_of = _("%(day)s 기준") % {"day": korean_date(facility.figures_as_of)}
    if e.figures_age:
        as_of = f"{as_of} ({e.figures_age})"
    return parts, as_of


def _row(facility: Facility, *, today: dt.date, own: bool = False) -> FlyerRow:
    e = entry(facility, today=today)
    notes = []
    if e.opening_unconfirmed:
        notes.append(_("개소 여부 확인 중"))
    elif e.planned:
        notes.append(_("개소 예정"))
    if not e.all_grades:
        notes.append(_("%(start)s~%(end)s학년") % {"start": e.grade_from, "end": e.grade_to})
    if facility.night_care and facility.night_care_until:
        notes.append(_("야간돌봄 %(until)s까지") % {"until": f"{facility.night_care_until:%H:%M}"})
    if facility.temporary_care:
        notes.append(_("일시돌봄"))
    if facility.saturday_care:
        notes.append(_("토요 돌봄"))
    figures, as_of = _figures(e)
    return FlyerRow(
        kind=facility.get_kind_display(),
        name=printable_text(facility.name),
        dong=printable_text(facility.dong.name),
        address=printable_text(facility.address),
        term_hours=e.term_hours,
        vacation_hours=e.vacation_hours,
        phone=printable_text(facility.phone),
        notes=notes,
        figures=figures,
        as_of=as_of,
        own=own,
    )


# Rows that fit one A4 page at each density: a short list is set large so that it fills
# the page instead of leaving its lower half empty; a long one is set compact.
ROOMY_UP_TO = 3
NORMAL_UP_TO = 8


def flyer_density(rows: int) -> str:
    """The flyer's type size for `rows` facilities: "roomy", "normal" or "compact"."""
    if rows <= ROOMY_UP_TO:
        return "roomy"
    if rows <= NORMAL_UP_TO:
        return "normal"
    return "compact"


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
        "rows": [
            _row(f, today=today, own=school is not None and f.pk == school.pk) for f in facilities
        ],
        "density": flyer_density(len(facilities)),
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
