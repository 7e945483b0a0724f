"""Meeting materials: allowed types checked by extension and content, private download."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.models import Attachment, AuditEvent
from tests.factories import (
    PDF_BYTES,
    PNG_BYTES,
    make_attachment,
    make_draft_meeting,
    make_open_meeting,
)


def _upload(client, meeting, name, content):
    item = meeting.agenda_items.get()
    url = reverse("council:attachment_add", args=["geumjeong", meeting.slug, item.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


def test_it_stores_a_pdf_under_a_random_name(client, world):
    meeting = make_draft_meeting(world.council)
    client.force_login(world.staff)
    response = _upload(client, meeting, "회의자료.pdf", PDF_BYTES)
    assert "자료를 첨부했습니다" in response.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.original_name == "회의자료.pdf"
    assert attachment.content_type == "application/pdf"
    assert "회의자료" not in attachment.file.name
    assert attachment.uploaded_by == world.staff


def test_it_accepts_a_png(client, world):
    meeting = make_draft_meeting(world.council)
    client.force_login(world.staff)
    _upload(client, meeting, "chart.PNG", PNG_BYTES)
    assert Attachment.objects.get().content_type == "image/png"


def test_it_refuses_a_wrong_extension_a_disguised_file_and_a_large_file(client, world, settings):
    meeting = make_draft_meeting(world.council)
    client.force_login(world.staff)
    html = _upload(client, meeting, "run.exe", b"MZ...").content.decode()
    assert "PDF, HWP, HWPX, XLSX, PNG, JPEG 파일만" in html
    html = _upload(client, meeting, "fake.pdf", b"<html>not a pdf</html>").content.decode()
    assert "파일 내용이 확장자(pdf)와 맞지 않습니다" in html
    html = _upload(client, meeting, "macro.xlsm", b"PK\x03\x04").content.decode()
    assert "PDF, HWP, HWPX, XLSX, PNG, JPEG 파일만" in html
    settings.ATTACHMENT_MAX_BYTES = 10
    html = _upload(client, meeting, "big.pdf", PDF_BYTES).content.decode()
    assert "파일이 너무 큽니다" in html
    assert not Attachment.objects.exists()


def test_it_downloads_with_the_original_name_and_logs_it(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member])
    attachment = make_attachment(meeting, "2023 현황.pdf")
    client.force_login(world.member.user)
    response = client.get(
        reverse("council:attachment_download", args=["geumjeong", meeting.slug, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "2023%20%ED%98%84%ED%99%A9.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    event = AuditEvent.objects.get()
    assert event.user == world.member.user
    assert event.action == "attachment_download"
    assert "2023 현황.pdf" in event.target


def test_it_hides_materials_of_a_draft_meeting_from_members(client, world):
    meeting = make_draft_meeting(world.council)
    attachment = make_attachment(meeting)
    client.force_login(world.member.user)
    url = reverse("council:attachment_download", args=["geumjeong", meeting.slug, attachment.pk])
    assert client.get(url).status_code == 404
