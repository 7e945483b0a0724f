"""Commitments: status changes and their history, the reason rule, reopening, versions,
the overdue rule, and commitments written with the response."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from lib.errors import Refused, StaleVersion
from proposals import commitment_services as services
from proposals import services as proposal_services
from proposals.models import Commitment, CommitmentStatus, ProgressNote
from tests import factories
from tests.factories import make_closed_meeting, make_proposal

SEOUL = factories.SEOUL


@pytest.fixture
def commitment(world):
    proposal = make_proposal(make_closed_meeting(world.council), department=world.department)
    return factories.make_commitment(proposal, due_date=dt.date(2024, 6, 30))


def _status(council, name: str) -> CommitmentStatus:
    return CommitmentStatus.objects.get(council=council, name=name)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SEOUL)


def test_the_council_starts_with_the_default_ordered_statuses(world):
    statuses = services.ensure_statuses(council=world.council)
    assert [(s.name, s.progress, s.needs_reason, s.closes) for s in statuses] == [
        ("계획", 0, False, False),
        ("추진 중", 50, False, False),
        ("완료", 100, False, True),
        ("장기 검토", None, True, False),
        ("추진 불가", None, True, True),
    ]
    assert services.ensure_statuses(council=world.council) == statuses  # made once


def test_it_changes_status_and_keeps_every_change_in_the_history(world, commitment):
    council = world.council
    services.record_progress(
        commitment=commitment,
        version=1,
        status=_status(council, "추진 중"),
        note_date=dt.date(2024, 3, 4),
        note_text="리모델링 공사 착공",
        user=world.reviewer,
        as_staff=False,
        now=_at(dt.date(2024, 3, 4)),
    )
    services.record_progress(
        commitment=commitment,
        version=2,
        status=_status(council, "완료"),
        note_text="개소",
        note_date=dt.date(2024, 5, 1),
        user=world.reviewer,
        as_staff=False,
        now=_at(dt.date(2024, 5, 1)),
    )
    commitment.refresh_from_db()
    assert commitment.status.name == "완료" and commitment.version == 3
    assert commitment.closed_at == _at(dt.date(2024, 5, 1))
    history = list(
        commitment.history.order_by("history_id").values_list("status__name", "history_date")
    )
    assert [name for name, _when in history] == ["계획", "추진 중", "완료"]
    # Each change is recorded at the moment it happened, by whom.
    assert history[1][1] == _at(dt.date(2024, 3, 4))
    assert commitment.history.order_by("history_id").last().history_user == world.reviewer
    notes = list(commitment.notes.order_by("date").values_list("date", "text", "status__name"))
    assert notes == [
        (dt.date(2024, 3, 4), "리모델링 공사 착공", "추진 중"),
        (dt.date(2024, 5, 1), "개소", "완료"),
    ]


@pytest.mark.parametrize("name", ["장기 검토", "추진 불가"])
def test_it_refuses_a_status_that_needs_a_reason_without_one(world, commitment, name):
    with pytest.raises(Refused, match="사유를 적으세요"):
        services.record_progress(
            commitment=commitment,
            version=1,
            status=_status(world.council, name),
            user=world.reviewer,
            as_staff=False,
        )
    commitment.refresh_from_db()
    assert commitment.status.name == "계획" and commitment.version == 1
    assert not commitment.notes.exists()
    services.record_progress(
        commitment=commitment,
        version=1,
        status=_status(world.council, name),
        reason="예산 미확보",
        user=world.reviewer,
        as_staff=False,
    )
    commitment.refresh_from_db()
    assert commitment.reason == "예산 미확보"
    # A bare status change is a timeline entry with the reason as its text.
    assert commitment.notes.get().text == "예산 미확보"


def test_only_staff_reopen_a_closed_commitment(world, commitment):
    done = _status(world.council, "완료")
    services.record_progress(
        commitment=commitment, version=1, status=done, user=world.reviewer, as_staff=False
    )
    with pytest.raises(Refused, match="구청 담당자만 다시 열"):
        services.record_progress(
            commitment=commitment,
            version=2,
            status=_status(world.council, "추진 중"),
            user=world.reviewer,
            as_staff=False,
        )
    services.record_progress(
        commitment=commitment,
        version=2,
        status=_status(world.council, "추진 중"),
        note_text="준공 검사에서 보완 지적",
        user=world.staff,
        as_staff=True,
    )
    commitment.refresh_from_db()
    assert commitment.status.name == "추진 중" and commitment.closed_at is None
    note = commitment.notes.latest("pk")
    assert note.entered_by_staff and "구청 담당자 대리 입력" in note.author_label


def test_it_refuses_a_save_over_a_newer_version_and_writes_nothing(world, commitment):
    services.record_progress(
        commitment=commitment, version=1, note_text="첫 기록", user=world.reviewer, as_staff=False
    )
    with pytest.raises(StaleVersion) as stale:
        services.record_progress(
            commitment=commitment,
            version=1,
            note_text="늦은 기록",
            user=world.staff,
            as_staff=True,
        )
    assert stale.value.current.version == 2
    assert list(commitment.notes.values_list("text", flat=True)) == ["첫 기록"]


def test_it_refuses_a_note_dated_in_the_future_or_an_empty_change(world, commitment):
    with time_machine.travel(_at(dt.date(2024, 3, 4)), tick=False):
        with pytest.raises(Refused, match="오늘 이후일 수 없습니다"):
            services.record_progress(
                commitment=commitment,
                version=1,
                note_date=dt.date(2024, 3, 5),
                note_text="내일 일",
                user=world.reviewer,
                as_staff=False,
            )
        with pytest.raises(Refused, match="바뀐 내용이 없습니다"):
            services.record_progress(
                commitment=commitment, version=1, user=world.reviewer, as_staff=False
            )
    assert not commitment.notes.exists()


def test_a_refused_change_leaves_no_stored_attachment(world, commitment):
    upload = SimpleUploadedFile("경과.pdf", b"%PDF-1.4 a", content_type="application/pdf")
    with pytest.raises(Refused):
        services.record_progress(
            commitment=commitment,
            version=1,
            status=_status(world.council, "추진 불가"),  # no reason: refused after storing
            note_text="사진 첨부",
            attachment=services.Attachment(upload, "경과.pdf", "application/pdf"),
            user=world.reviewer,
            as_staff=False,
        )
    _dirs, files = (
        default_storage.listdir(f"progress-notes/{commitment.pk}")
        if (default_storage.exists(f"progress-notes/{commitment.pk}"))
        else ([], [])
    )
    assert files == []
    assert not ProgressNote.objects.exists()


@pytest.mark.parametrize(
    ("today", "notes", "status", "overdue"),
    [
        (dt.date(2024, 6, 30), [], "계획", False),  # due today: not yet
        (dt.date(2024, 7, 1), [], "계획", True),
        (dt.date(2024, 7, 1), [dt.date(2024, 6, 1)], "추진 중", True),  # a note before: still
        (dt.date(2024, 7, 1), [dt.date(2024, 6, 30)], "추진 중", False),  # on the due date
        (dt.date(2024, 9, 1), [dt.date(2024, 8, 1)], "추진 중", False),  # an interim answer
        (dt.date(2024, 9, 1), [], "완료", False),  # closed is never overdue
        (dt.date(2024, 9, 1), [], "장기 검토", True),  # still open
    ],
)
def test_overdue_means_open_past_due_without_a_note_since(world, today, notes, status, overdue):
    proposal = make_proposal(make_closed_meeting(world.council), department=world.department)
    commitment = factories.make_commitment(
        proposal, due_date=dt.date(2024, 6, 30), status=status, reason="사유"
    )
    for day in notes:
        factories.make_note(commitment, day=day, pdf=False)
    flagged = Commitment.objects.with_overdue(today).get(pk=commitment.pk).overdue
    assert flagged is overdue
    assert Commitment.objects.overdue(today).filter(pk=commitment.pk).exists() is overdue


def _save(world, proposal, user, as_staff, items, version=0):
    return proposal_services.save_response(
        proposal=proposal,
        version=version,
        state="partial",
        lines="추진하겠음.",
        final=True,
        user=user,
        as_staff=as_staff,
        commitments=items,
    )


def test_a_reviewer_writes_only_their_departments_commitments(world):
    proposal = make_proposal(make_closed_meeting(world.council), department=world.department)
    due = dt.date(2024, 12, 31)
    response = _save(
        world,
        proposal,
        world.staff,
        True,
        [
            services.CommitmentInput("개소", world.department, due),
            services.CommitmentInput("학교 안내", world.other_department, due),
        ],
    )
    own, other = response.commitments.order_by("order")
    assert own.entered_by_staff and own.status.name == "계획"
    response.status = "returned"
    response.save()
    with pytest.raises(Refused, match="다른 부서의 후속 조치"):
        _save(
            world,
            proposal,
            world.reviewer,
            False,
            [services.CommitmentInput("새 일", world.other_department, due)],
            version=1,
        )
    # The reviewer's form holds only their own rows; the other department's row stays.
    _save(
        world,
        proposal,
        world.reviewer,
        False,
        [services.CommitmentInput("개소 (정원 25명)", world.department, due, own.pk, own.version)],
        version=1,
    )
    assert sorted(response.commitments.values_list("what", flat=True)) == [
        "개소 (정원 25명)",
        "학교 안내",
    ]
    own.refresh_from_db()
    assert own.version == 2 and not own.entered_by_staff


def test_a_commitment_with_notes_is_never_removed_with_the_response_form(world, commitment):
    factories.make_note(commitment, pdf=False)
    proposal = commitment.response.proposal
    commitment.response.status = "returned"
    commitment.response.save()
    with pytest.raises(Refused, match="추진 경과가 있는 후속 조치"):
        _save(world, proposal, world.staff, True, [], version=commitment.response.version)
    assert Commitment.objects.filter(pk=commitment.pk).exists()
