"""`manage.py export_result`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests import factories
from tests.factories import make_result_meeting


@pytest.mark.django_db
def test_it_exports_without_council_when_the_site_has_one(tmp_path):
    council = factories.make_council()
    make_result_meeting(council, proposals=2)
    output = tmp_path / "r.xlsx"

    call_command(
        "export_result",
        "2023-h2",
        "--format",
        "xlsx",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )

    assert load_workbook(output)["건의사항"].max_row == 3


def test_it_asks_for_the_council_when_there_are_several(world, tmp_path):
    make_result_meeting(world.council, proposals=1)
    output = tmp_path / "r.html"
    # Only one council has a 2023-h2 meeting: that one, without asking.
    call_command("export_result", "2023-h2", "--format", "html", "--output", str(output))
    assert "금정구" in output.read_text()
    make_result_meeting(world.other_council, proposals=1)

    with pytest.raises(CommandError, match="--council"):
        call_command("export_result", "2023-h2", "--format", "html", "--output", str(output))

    call_command(
        "export_result",
        "2023-h2",
        "--format",
        "html",
        "--output",
        str(output),
        "--council",
        world.council.slug,
        stdout=io.StringIO(),
    )
    assert "금정구 지역돌봄협의체 회의 결과" in output.read_text()


def test_it_names_the_meetings_there_are_when_one_is_missing(world, tmp_path):
    make_result_meeting(world.council, proposals=1)

    with pytest.raises(CommandError, match="2023-h2"):
        call_command(
            "export_result",
            "2099-h1",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
            "--council",
            world.council.slug,
        )
    with pytest.raises(CommandError, match="nowhere"):
        call_command(
            "export_result",
            "2023-h2",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
            "--council",
            "nowhere",
        )
