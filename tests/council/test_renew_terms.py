"""Opening a round when terms ended (issue 14, item 4): the refusal names the members,
the meeting page links to a bulk renewal (연임), and the dashboard warns beforehand."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from council.models import Member
from council.services import meetings as meeting_services
from tests import factories
from tests.factories import SEOUL, make_draft_meeting

TODAY = dt.datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL)


@pytest.fixture
def ended(world):
    """Three members whose terms ended 2026-10-31, and a draft meeting starting after."""
    Member.objects.filter(council=world.council).update(term_end=dt.date(2025, 1, 1))
    members = [
        factories.make_member(world.council, name=name, term_end=dt.date(2026, 10, 31))
        for name in ("박정민", "김서연", "이도윤")
    ]
    meeting = make_draft_meeting(
        world.council,
        year=2026,
        period_start=dt.date(2026, 12, 1),
        period_end=dt.date(2026, 12, 5),
        deadline=dt.datetime(2026, 12, 5, 18, 0, tzinfo=SEOUL),
    )
    return members, meeting


@time_machine.travel(TODAY, tick=False)
def test_opening_names_the_members_whose_terms_ended_and_links_to_renewal(client, world, ended):
    members, meeting = ended
    client.force_login(world.staff)
    open_url = reverse("council:meeting_open", args=["geumjeong", meeting.slug])
    response = client.post(open_url, follow=True)
    html = response.content.decode()
    assert "기간 시작일(2026. 12. 1.)에 임기 중인 위원이 없습니다." in html
    assert "임기가 끝난 위원: 김서연(2026. 10. 31. 종료), 박정민(2026. 10. 31. 종료)" in html
    ids = ",".join(str(m.pk) for m in sorted(members, key=lambda m: m.name))
    link = reverse("council:members_renew", args=["geumjeong"]) + f"?ids={ids}"
    assert f'href="{link}"' in html
    assert "이 위원들 연임 처리" in html


@time_machine.travel(TODAY, tick=False)
def test_one_save_renews_the_chosen_members_and_keeps_it_in_their_history(client, world, ended):
    members, meeting = ended
    client.force_login(world.staff)
    url = reverse("council:members_renew", args=["geumjeong"])
    page = client.get(url + f"?ids={members[0].pk},{members[1].pk}").content.decode()
    assert f'value="{members[0].pk}" id="renew-{members[0].pk}" checked' in page
    assert f'value="{members[2].pk}" id="renew-{members[2].pk}">' in page  # not ticked

    response = client.post(
        url,
        {"members": [m.pk for m in members], "term_end": "2028-12-31"},
        follow=True,
    )
    assert "위원 3명의 임기를 2028. 12. 31.까지 연장했습니다 (연임)." in response.content.decode()
    for member in members:
        member.refresh_from_db()
        assert member.term_end == dt.date(2028, 12, 31)
        latest = member.history.order_by("-history_id").first()
        assert latest.history_change_reason == "연임"
        assert latest.history_user == world.staff
    edit = client.get(reverse("council:member_edit", args=["geumjeong", members[0].pk]))
    assert "연임" in edit.content.decode()

    # Now the round opens, with the renewed members invited.
    meeting_services.open_meeting(meeting=meeting)
    assert set(meeting.invitations.values_list("member_id", flat=True)) == {m.pk for m in members}


@time_machine.travel(TODAY, tick=False)
def test_renewal_refuses_a_date_in_the_past_or_nobody_chosen(client, world, ended):
    members, _meeting = ended
    client.force_login(world.staff)
    url = reverse("council:members_renew", args=["geumjeong"])
    html = client.post(url, {"members": [members[0].pk], "term_end": "2026-01-01"}).content
    assert "새 임기 종료일은 오늘보다 뒤여야 합니다." in html.decode()
    html = client.post(url, {"term_end": "2028-12-31"}).content.decode()
    assert "연임할 위원을 한 명 이상 고르세요." in html
    members[0].refresh_from_db()
    assert members[0].term_end == dt.date(2026, 10, 31)


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_warns_before_terms_run_out(client, world):
    Member.objects.filter(council=world.council).update(term_end=dt.date(2028, 12, 31))
    soon = factories.make_member(world.council, name="최하은", term_end=dt.date(2026, 12, 31))
    factories.make_member(world.council, name="먼훗날", term_end=dt.date(2027, 6, 30))
    client.force_login(world.staff)
    html = client.get(reverse("portal:dashboard", args=["geumjeong"])).content.decode()
    assert "임기가 곧 끝나거나 막 끝난 위원 1명" in html
    assert "최하은 · 2026. 12. 31. 임기 종료 예정" in html
    assert "먼훗날" not in html
    assert f"/c/geumjeong/members/renew/?ids={soon.pk}" in html
