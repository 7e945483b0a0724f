"""The request letter to each department (부서 검토 협조 요청 공문), as HWPX and PDF.

One letter per department per meeting, in 공문 form: 기관명, 수신, (경유),
제목, 본문 (1., 2., 가., 나., 1), 2) …), 붙임, 발신명의. Everything comes from
data: the district and council names from the `Council`, the proposals routed
to the department with their due dates, the department's reviewers, the
sending staff member, and the portal's address for the reviewer's page.
`build_letters` makes `RequestLetter`s; `letter_hwpx` and `letter_pdf` render
one; `letters_zip` packs every department's pair.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from council.models import Meeting
from lib.dates import korean_date, korean_period
from lib.errors import Refused
from lib.pdf import PDF_FONTS_CSS, first_page_png, printable, render_pdf
from proposals.models import Department, Proposal
from reports.exporters import HWPX_TYPE, PDF_TYPE
from reports.hwpx import HwpxBuilder, Line, PageSetup, TextStyle, preview_text
from reports.models import LetterSettings

LETTER_CSS = "css/request-letter.css"
ZIP_TYPE = "application/zip"


class NoLetters(Refused):
    """There is nothing to ask a department (the message says what to do)."""


@dataclass
class LetterProposal:
    number: int
    category: str
    headline: str
    detail_lines: list[str]
    due: str  # `2024. 1. 19.(금)`, or "" when the proposal has no due date


@dataclass
class Clause:
    """One numbered paragraph of the body: `1.` (level 0), `가.` (1), `1)` (2)."""

    mark: str
    text: str
    level: int = 0
    # The table of proposals follows this clause (the one that announces it).
    proposals_follow: bool = False


@dataclass
class LetterAttachment:
    """One file the 붙임 line names and the download holds."""

    label: str  # as the 붙임 line prints it: `… 부서 검토 의견 작성 양식(엑셀) 1부.`
    filename: str  # the file in the download


@dataclass
class Signer:
    """One box of the 결문's signature row: 기안자, 검토자, 협조자, 결재권자."""

    role: str
    title: str  # 직위/직급
    name: str  # blank: signed by hand


@dataclass
class Closing:
    """The 결문 (별지 제1호서식 기안문): numbers the 문서관리 system (온나라) gives are left
    blank, as in a draft letter."""

    signers: list[Signer]
    enforcement: str  # 시행 처리과명-일련번호 (시행일)
    receipt: str  # 접수 처리과명-일련번호 (접수일)
    address: str  # 우 우편번호 주소 / 홈페이지
    contact: str  # 전화 / 전송 / 전자우편 / 공개 구분

    @property
    def lines(self) -> list[str]:
        return [f"{self.enforcement}   {self.receipt}", self.address, self.contact]


@dataclass
class RequestLetter:
    department_id: int
    department: str
    issuer: str  # 기관명 at the head of the letter: the district
    recipient: str  # 수신
    via: str  # (경유): none for a letter inside the district office
    title: str  # 제목
    due: str  # the answer due date as the letter states it
    body: list[Clause]
    proposals: list[LetterProposal]
    attachments: list[LetterAttachment]  # 붙임: exactly the files its download holds
    sender: str  # 발신명의: the head of the district office
    contact: str  # who to ask: the council's secretariat and the sending staff member
    filename_stem: str
    closing: Closing | None = None
    due_dates_missing: int = 0

    @property
    def count(self) -> int:
        return len(self.proposals)

    @property
    def body_text(self) -> str:
        """The body alone as plain text, to paste into 온나라 (it makes its own 두문 and 결문)."""
        lines: list[str] = []
        for clause in self.body:
            lines.append(f"{'  ' * clause.level}{clause.mark} {clause.text}")
            if clause.proposals_follow:
                for p in self.proposals:
                    due = f" (회신 기한 {p.due})" if p.due and p.due != "-" else ""
                    lines.append(
                        f"{'  ' * (clause.level + 1)}{p.number}. [{p.category}] {p.headline}{due}"
                    )
                    lines += [f"{'  ' * (clause.level + 2)}▷ {line}" for line in p.detail_lines]
        for index, attachment in enumerate(self.attachments):
            label = _("붙임") if index == 0 else "    "
            end = f"  {_('끝.')}" if index == len(self.attachments) - 1 else ""
            lines.append(f"{label}  {attachment.label}{end}")
        return "\n".join(lines)


# --- from data ---------------------------------------------------------------------------------


def head_of_office(district: str) -> str:
    """`금정구` → `금정구청장`, `기장군` → `기장군수`, `김해시` → `김해시장`."""
    district = district.strip()
    if district.endswith("구"):
        return f"{district}청장"
    if district.endswith("군"):
        return f"{district}수"
    return f"{district}장"


def _safe_filename(text: str) -> str:
    """A department name as part of a file name: no path separators or reserved characters."""
    cleaned = re.sub(r"[^\w .()·-]+", "_", text, flags=re.UNICODE).strip(" ._")
    return cleaned[:60] or "department"


def _closing(settings: LetterSettings, *, phone: str, email: str, receiver: str) -> Closing:
    """The 결문. 시행 carries the sending 처리과 (the council's office), 접수 the receiving
    one (`receiver`, the department the letter goes to), each with the number and date
    온나라 fills in left blank."""
    office = settings.office
    numbered = f"{office}-" if office else ""
    blank = "\u00a0" * 3  # kept as typed in HTML: room for 온나라's numbers and dates
    blank_number = blank * 2
    signers = [
        Signer(_("기안자"), settings.drafter_title, settings.drafter_name),
        Signer(_("검토자"), settings.reviewer_title, settings.reviewer_name),
    ]
    if settings.cooperator_title or settings.cooperator_name:
        signers.append(Signer(_("협조자"), settings.cooperator_title, settings.cooperator_name))
    signers.append(Signer(_("결재권자"), settings.approver_title, settings.approver_name))
    address = " ".join(
        part
        for part in (
            f"{_('우')} {settings.postal_code}" if settings.postal_code else _("우"),
            settings.address,
            f"/ {settings.homepage}" if settings.homepage else "",
        )
        if part
    )
    contact = " / ".join(
        [
            f"{_('전화')} {phone}".strip(),
            f"{_('전송')} {settings.fax}".strip(),
            email or _("전자우편"),
            settings.get_disclosure_display(),
        ]
    )
    return Closing(
        signers=signers,
        enforcement=f"{_('시행')} {numbered}{blank_number} ({blank}.{blank}.{blank}.)",
        receipt=f"{_('접수')} {receiver}-{blank_number} ({blank}.{blank}.{blank}.)",
        address=address,
        contact=contact,
    )


def _sender_name(user: User | None) -> str:
    staff = getattr(user, "staff", None) if user is not None else None
    if staff is not None and staff.name:
        return staff.name
    return ""


def unassigned_count(meeting: Meeting) -> int:
    """Proposals with no department: no letter asks anyone about them."""
    return Proposal.objects.filter(meeting=meeting, department__isnull=True).count()


def build_letter(
    meeting: Meeting,
    department: Department,
    *,
    base_url: str,
    sender: User | None = None,
    proposals: list[Proposal] | None = None,
) -> RequestLetter:
    """The letter asking `department` to review its proposals of `meeting`.

    Refused (`NoLetters`, a Korean message) when the department has no
    proposals in the meeting.
    """
    council = meeting.council
    if proposals is None:
        proposals = list(
            Proposal.objects.filter(meeting=meeting, department=department)
            .select_related("category")
            .order_by("number")
        )
    if not proposals:
        raise NoLetters(
            _("%(department)s에 배정된 건의사항이 이 회의에 없어 보낼 공문이 없습니다.")
            % {"department": department.name}
        )
    district = council.district
    issuer = council.region_name  # 시도 + 시군구: 부산광역시 금정구
    letter_settings = LetterSettings.of(council)
    department_name = department.name
    due_dates = sorted({p.due_date for p in proposals if p.due_date})
    missing = sum(1 for p in proposals if not p.due_date)
    if not due_dates:
        due_text = _("정해진 기한 없음 (사무국과 협의)")
        until = ""
    elif len(due_dates) == 1 and not missing:
        due_text = korean_date(due_dates[0], weekday=True)
        until = due_text
    else:
        due_text = _("%(date)s부터 건별로 다름 (아래 표의 회신 기한)") % {
            "date": korean_date(due_dates[0], weekday=True)
        }
        until = korean_date(due_dates[0], weekday=True)

    review_url = base_url.rstrip("/") + reverse("proposals:review_home", args=[council.slug])
    reviewers = sorted(r.name for r in department.reviewers.all() if r.name)
    meeting_title = meeting.title
    count = len(proposals)

    request = _(
        "위 회의에서 위원들이 제출한 의견을 취합한 건의사항 중 귀 부서 소관 %(count)s건에 "
        "대하여 검토를 요청하오니, 검토 의견을 %(until)s회신하여 주시기 바랍니다."
    ) % {"count": count, "until": _("%(date)s까지 ") % {"date": until} if until else ""}
    if reviewers:
        portal_way = _(
            "포털 입력: %(url)s 에 부서 담당자 계정(%(names)s)으로 로그인하여 건의사항별 "
            "검토 결과와 검토 의견을 작성한 뒤 최종 제출"
        ) % {"url": review_url, "names": ", ".join(reviewers)}
    else:
        portal_way = _(
            "포털 입력: %(url)s 에 부서 담당자 계정으로 로그인하여 건의사항별 검토 결과와 "
            "검토 의견을 작성한 뒤 최종 제출 (계정이 없으면 사무국에 요청)"
        ) % {"url": review_url}
    sheet_name = _("부서 검토 의견 작성 양식(엑셀)")
    staff_name = _sender_name(sender)
    secretariat = _("%(council)s 사무국") % {"council": council.name}
    contact = f"{secretariat} {staff_name}" if staff_name else secretariat
    phone = letter_settings.phone or council.contact_phone
    email = letter_settings.email or getattr(sender, "email", "") or council.contact_email
    reach = ", ".join(
        part
        for part in (
            _("전화 %(phone)s") % {"phone": phone} if phone else "",
            _("전자우편 %(email)s") % {"email": email} if email else "",
        )
        if part
    )
    if reach:
        contact = f"{contact} ({reach})"

    body = [
        Clause(
            "1.",
            _("관련: %(meeting)s(%(method)s, %(period)s)")
            % {
                "meeting": meeting_title,
                "method": meeting.get_method_display(),
                "period": korean_period(meeting.period_start, meeting.period_end),
            },
        ),
        Clause("2.", request),
        Clause(
            "가.",
            _("검토 요청 건의사항: %(count)s건") % {"count": count},
            1,
            proposals_follow=True,
        ),
        Clause("나.", _("회신 기한: %(due)s") % {"due": due_text}, 1),
        Clause("다.", _("회신 방법(둘 중 하나)"), 1),
        Clause("1)", portal_way, 2),
        Clause(
            "2)",
            _("엑셀 회신: 붙임 %(sheet)s의 검토 결과·검토 의견·상태 칸을 작성하여 회신")
            % {"sheet": sheet_name},
            2,
        ),
        Clause("라.", _("문의: %(contact)s") % {"contact": contact}, 1),
    ]
    return RequestLetter(
        department_id=department.pk,
        department=department_name,
        issuer=issuer,
        recipient=_("%(department)s장") % {"department": department_name},
        via="",
        title=_("%(meeting)s 건의사항 검토 협조 요청") % {"meeting": meeting_title},
        due=due_text,
        body=body,
        proposals=[
            LetterProposal(
                number=p.number,
                category=p.category.name,
                headline=p.headline,
                detail_lines=[line for line in p.detail_lines],
                due=korean_date(p.due_date, weekday=True) if p.due_date else "-",
            )
            for p in proposals
        ],
        attachments=[
            LetterAttachment(
                _("%(meeting)s %(sheet)s 1부.") % {"meeting": meeting_title, "sheet": sheet_name},
                review_sheet_filename(meeting, department),
            )
        ],
        sender=head_of_office(district),
        contact=contact,
        filename_stem=f"{council.slug}-{meeting.slug}-request-{_safe_filename(department.name)}",
        closing=_closing(letter_settings, phone=phone, email=email, receiver=department.name),
        due_dates_missing=missing,
    )


def build_letters(
    meeting: Meeting, *, base_url: str, sender: User | None = None
) -> list[RequestLetter]:
    """One letter per department that has proposals in `meeting` (none → `NoLetters`)."""
    proposals = list(
        Proposal.objects.filter(meeting=meeting, department__isnull=False)
        .select_related("category", "department")
        .prefetch_related("department__reviewers")
        .order_by("number")
    )
    if not proposals:
        raise NoLetters(
            _(
                "담당 부서가 정해진 건의사항이 없어 보낼 공문이 없습니다. "
                "먼저 의견을 취합하고 건의사항마다 담당 부서를 정하세요."
            )
        )
    by_department: dict[int, list[Proposal]] = {}
    departments: dict[int, Department] = {}
    for proposal in proposals:
        by_department.setdefault(proposal.department_id, []).append(proposal)
        departments[proposal.department_id] = proposal.department
    return [
        build_letter(
            meeting, departments[pk], base_url=base_url, sender=sender, proposals=by_department[pk]
        )
        for pk in sorted(departments, key=lambda pk: departments[pk].name)
    ]


# --- rendering -------------------------------------------------------------------------------


def letter_html(letter: RequestLetter) -> str:
    """The standalone HTML of one letter, for WeasyPrint (fonts from static files only)."""
    stylesheets = [Path(finders.find(name)).as_uri() for name in (PDF_FONTS_CSS, LETTER_CSS)]
    return render_to_string(
        "reports/letter_file.html", {"letter": printable(letter), "stylesheet_urls": stylesheets}
    )


def letter_pdf(letter: RequestLetter) -> bytes:
    return render_pdf(letter_html(letter))


# Styles of the HWPX letter, after static/css/request-letter.css.
ISSUER = TextStyle(size=20, bold=True, align="CENTER", space_after_pt=14)
HEAD = TextStyle(size=11, hanging_mm=14, space_after_pt=2)
HEAD_LAST = TextStyle(size=11, hanging_mm=14, space_after_pt=10, rule="below")
CLAUSE = {
    0: TextStyle(size=11, hanging_mm=5, space_before_pt=4, space_after_pt=3),
    1: TextStyle(size=11, indent_mm=5, hanging_mm=6, space_after_pt=3),
    2: TextStyle(size=11, indent_mm=11, hanging_mm=6, space_after_pt=3),
}
ATTACHMENT = TextStyle(size=11, hanging_mm=12, space_before_pt=10)
SENDER = TextStyle(size=18, bold=True, align="CENTER", space_before_pt=40, keep_with_next=True)
SIGN_HEADER = TextStyle(size=9.5, align="CENTER", line_spacing=130)
SIGN_NAME = TextStyle(size=9.5, align="CENTER", space_before_pt=24, line_spacing=130)
CLOSING = TextStyle(size=9.5, align="LEFT", space_before_pt=3, keep_with_next=True)
CELL_HEADER = TextStyle(size=10, bold=True, align="CENTER", line_spacing=130)
CELL_CENTER = TextStyle(size=10, align="CENTER", line_spacing=140)
CELL_HEADLINE = TextStyle(size=10, bold=True, hanging_mm=4, space_after_pt=2, line_spacing=140)
CELL_DETAIL = TextStyle(size=10, indent_mm=2, hanging_mm=4, space_after_pt=2, line_spacing=140)
LETTER_TABLE_WIDTHS = (7, 17, 58, 18)


def letter_hwpx(letter: RequestLetter, *, pdf: bytes | None = None) -> bytes:
    """The letter as an .hwpx package, in the order the HTML/PDF shows it; its preview
    picture is page 1 of `pdf` when the caller made it (the zip), else drawn from the
    letter (reports.hwpx_preview)."""
    letter = printable(letter)  # 한글's fonts have no emoji: `(이모지)`
    out = HwpxBuilder(PageSetup(top_mm=20, bottom_mm=10, header_mm=0, footer_mm=10))
    out.page_numbers()
    out.paragraph(letter.issuer, ISSUER)
    out.paragraph(f"{_('수신')}  {letter.recipient}", HEAD)
    out.paragraph(f"({_('경유')})  {letter.via}".rstrip(), HEAD)
    out.paragraph(f"{_('제목')}  {letter.title}", HEAD_LAST)
    for clause in letter.body:
        out.paragraph(f"{clause.mark} {clause.text}", CLAUSE[clause.level])
        if clause.proposals_follow:
            out.table(
                header=[
                    Line(_("번호"), CELL_HEADER),
                    Line(_("분야"), CELL_HEADER),
                    Line(_("건의사항"), CELL_HEADER),
                    Line(_("회신 기한"), CELL_HEADER),
                ],
                rows=[
                    [
                        [Line(str(p.number), CELL_CENTER)],
                        [Line(p.category, CELL_CENTER)],
                        [
                            Line(f"○ {p.headline}", CELL_HEADLINE),
                            *(Line(f"▷ {line}", CELL_DETAIL) for line in p.detail_lines),
                        ],
                        [Line(p.due, CELL_CENTER)],
                    ]
                    for p in letter.proposals
                ],
                widths=LETTER_TABLE_WIDTHS,
            )
    for index, attachment in enumerate(letter.attachments):
        label = _("붙임") if index == 0 else ""
        end = f"  {_('끝.')}" if index == len(letter.attachments) - 1 else ""
        out.paragraph(f"{label}  {attachment.label}{end}".strip(), ATTACHMENT)
    out.paragraph(letter.sender, SENDER)
    if letter.closing is not None:
        signers = letter.closing.signers
        out.table(
            header=[Line(f"{s.role} {s.title}".strip(), SIGN_HEADER) for s in signers],
            rows=[[[Line(s.name, SIGN_NAME)] for s in signers]],
            widths=tuple(1 for _s in signers),
            header_fill="#F3F4F6",
        )
        for line in letter.closing.lines:
            out.paragraph(line, CLOSING)
    return out.to_bytes(
        title=letter.title,
        preview_text=preview_text(
            [
                letter.issuer,
                f"{_('수신')}  {letter.recipient}",
                f"{_('제목')}  {letter.title}",
                *(f"{clause.mark} {clause.text}" for clause in letter.body),
            ]
        ),
        preview_png=first_page_png(pdf) if pdf is not None else None,
    )


def review_sheet_filename(meeting: Meeting, department: Department) -> str:
    """The 붙임's file name: the department's review sheet (proposals.spreadsheet)."""
    from proposals.spreadsheet import sheet_filename

    return sheet_filename(meeting, department)


def attachment_files(meeting: Meeting, letter: RequestLetter) -> list[tuple[str, bytes]]:
    """The files the letter's 붙임 line names, as (name, bytes), in the line's order."""
    from proposals.spreadsheet import export_department

    department = Department.objects.get(pk=letter.department_id, council=meeting.council)
    _name, _type, sheet = export_department(meeting=meeting, department=department)
    files = {review_sheet_filename(meeting, department): sheet}
    return [(attachment.filename, files[attachment.filename]) for attachment in letter.attachments]


def _write_letter(archive: zipfile.ZipFile, meeting: Meeting, letter: RequestLetter) -> None:
    pdf = letter_pdf(letter)
    archive.writestr(f"{letter.filename_stem}.pdf", pdf)
    archive.writestr(f"{letter.filename_stem}.hwpx", letter_hwpx(letter, pdf=pdf))
    for name, content in attachment_files(meeting, letter):
        archive.writestr(name, content)


def export_letter(
    letter: RequestLetter, fmt: str, *, meeting: Meeting | None = None
) -> tuple[str, str, bytes]:
    """(filename, content_type, bytes) of one letter as `hwpx` or `pdf`, or as `zip`: the
    letter in both formats with every file its 붙임 names (`meeting` needed)."""
    if fmt == "hwpx":
        return f"{letter.filename_stem}.hwpx", HWPX_TYPE, letter_hwpx(letter)
    if fmt == "pdf":
        return f"{letter.filename_stem}.pdf", PDF_TYPE, letter_pdf(letter)
    if fmt == "zip" and meeting is not None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            _write_letter(archive, meeting, letter)
        return f"{letter.filename_stem}.zip", ZIP_TYPE, buffer.getvalue()
    raise ValueError(fmt)


def export_letters_zip(meeting: Meeting, letters: list[RequestLetter]) -> tuple[str, str, bytes]:
    """Every department's letter as HWPX and PDF, with the files its 붙임 names, in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for letter in letters:
            _write_letter(archive, meeting, letter)
    filename = f"{meeting.council.slug}-{meeting.slug}-request-letters.zip"
    return filename, ZIP_TYPE, buffer.getvalue()
