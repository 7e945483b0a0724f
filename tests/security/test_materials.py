"""Issue 13, case 4: meeting materials are checked by content, not by their first bytes.

Replays the probe's accepted files (an .xlsx with macros, a zip-bomb .xlsx, a
PDF/HTML polyglot, an .hwpx full of HTML) and more of their kind against the
upload page: each gets a Korean refusal, and nothing is stored.
"""

from __future__ import annotations

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.models import Attachment
from tests.factories import PDF_BYTES, PNG_BYTES, make_draft_meeting
from tests.hostile import material_files
from tests.hostile.material_files import HOSTILE_MATERIALS


def _upload(client, meeting, name, content):
    item = meeting.agenda_items.get()
    url = reverse("council:attachment_add", args=["geumjeong", meeting.slug, item.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


def _stored_files() -> list[str]:
    storage = storages["default"]
    try:
        dirs, files = storage.listdir("attachments")
    except FileNotFoundError:
        return []
    found = list(files)
    for directory in dirs:
        found += storage.listdir(f"attachments/{directory}")[1]
    return found


@pytest.mark.parametrize("kind", sorted(HOSTILE_MATERIALS))
def test_it_refuses_the_file_in_korean_and_stores_nothing(client, world, kind):
    name, build, message = HOSTILE_MATERIALS[kind]
    meeting = make_draft_meeting(world.council)
    client.force_login(world.staff)
    response = _upload(client, meeting, name, build())
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "form-hint-invalid" in html  # the field's error, next to the field
    assert not Attachment.objects.exists()
    assert _stored_files() == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("회의자료.pdf", PDF_BYTES),
        ("그림.png", PNG_BYTES),
        ("현황.xlsx", material_files.valid_xlsx_bytes()),
        ("자료.hwpx", material_files.hwpx_bytes()),
    ],
)
def test_it_still_accepts_plain_materials(client, world, name, content):
    meeting = make_draft_meeting(world.council)
    client.force_login(world.staff)
    html = _upload(client, meeting, name, content).content.decode()
    assert "자료를 첨부했습니다" in html
    assert Attachment.objects.get().original_name == name
