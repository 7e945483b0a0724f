"""Done when: on a fresh demo, opening a round, closing it early and publishing
each put one notice per invited member in the outbox, the worker delivers them
through the console backend, the tracker shows their state, and a member's
withdrawn consent stops the next one; and the deadline extension and the
tracker's reminder button (both through the outbox) on the next round."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from council.models import AgendaItem, Meeting, Member
from council.notices.models import Notice
from council.notices.outbox import opt_out_token
from portal.demo import load_demo


def _drain() -> str:
    out = io.StringIO()
    call_command("send_notices", "--once", stdout=out)
    return out.getvalue()


def test_a_whole_round_on_the_demo(client, db, settings, capsys):
    settings.NOTICE_BACKEND = {"backend": "console"}
    load_demo()
    assert not Notice.objects.filter(state="queued").exists()  # the replayed history is settled
    staff = Member.objects.get(user__username="gj-member02").council.staff.get().user
    current = Meeting.objects.filter(council__slug="geumjeong", status=Meeting.Status.OPEN).get()
    invited = current.invitations.count()
    client.force_login(staff)

    # Closing early: the tracker says the members' notices are on their way; the
    # worker writes one per invited member (submitters and the others) and sends it.
    client.post(reverse("council:meeting_close", args=["geumjeong", current.slug]))
    tracker_url = reverse("council:tracker", args=["geumjeong", current.slug])
    assert "알림 준비 중: 조기 마감" in client.get(tracker_url).content.decode()
    closing = Notice.objects.filter(key=f"round_closed:{current.pk}")
    _drain()
    assert closing.count() == invited
    printed = capsys.readouterr().out
    assert "01000000002" in printed and "01000000005" in printed  # the 문자 members, on the console
    assert set(closing.values_list("state", flat=True)) == {"sent"}
    tracker = client.get(
        reverse("council:tracker", args=["geumjeong", current.slug])
    ).content.decode()
    assert tracker.count("보냄") >= invited

    # 김서연 (문자) follows the opt-out link of that 문자: the next notice stops.
    kim = Member.objects.get(user__username="gj-member02")
    client.post(reverse("notice_opt_out", args=[opt_out_token(kim)]))

    # Publishing: one notice per invited member; none goes to 김서연.
    client.post(
        reverse("reports:publish", args=["geumjeong", current.slug]),
        {"confirm_incomplete": "1", "published_on": dt.date.today().isoformat()},
    )
    current.refresh_from_db()
    assert current.status == Meeting.Status.PUBLISHED
    _drain()
    published = Notice.objects.filter(key=f"result_published:{current.pk}")
    assert published.count() == invited
    assert published.get(member=kim).state == "opted_out"
    printed = capsys.readouterr().out
    assert "01000000002" not in printed and "01000000005" in printed
    tracker = client.get(
        reverse("council:tracker", args=["geumjeong", current.slug])
    ).content.decode()
    assert "수신 거부" in tracker

    # Opening the next round: one notice per invited member.
    nxt = Meeting.objects.create(
        council=current.council,
        year=current.year + 1,
        half=1,
        period_start=dt.date.today(),
        period_end=dt.date.today() + dt.timedelta(days=10),
        deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=10),
    )
    AgendaItem.objects.create(meeting=nxt, order=1, title="다음 안건")
    client.post(
        reverse("council:meeting_open", args=["geumjeong", nxt.slug]),
        {"reminder_days": "3, 1", "reminder_hour": "10"},
    )
    assert nxt.scheduled_reminders.count() == 2
    _drain()
    opening = Notice.objects.filter(key=f"round_opened:{nxt.pk}")
    assert opening.count() == nxt.invitations.count() > 0
    assert set(opening.exclude(member=kim).values_list("state", flat=True)) == {"sent"}
    tracker = client.get(reverse("council:tracker", args=["geumjeong", nxt.slug])).content.decode()
    assert tracker.count("보냄") >= nxt.invitations.count() - 1  # 김서연: 수신 거부
    assert "수신 거부" in tracker

    # Extending the deadline (form, confirmation): every invited member hears it,
    # the pending reminders move with it, and 김서연 still hears nothing.
    new = timezone.localtime(nxt.deadline + dt.timedelta(days=2))
    posted = {"deadline_0": f"{new:%Y-%m-%d}", "deadline_1": f"{new:%H:%M}"}
    extend = reverse("council:meeting_extend", args=["geumjeong", nxt.slug])
    assert "이대로 연장할까요?" in client.post(extend, posted).content.decode()
    client.post(extend, {**posted, "confirm": "1"})
    _drain()
    extended = Notice.objects.filter(event="deadline_extended", meeting=nxt)
    assert extended.count() == nxt.invitations.count()
    assert extended.get(member=kim).state == "opted_out"
    reminders = sorted(timezone.localtime(r.at).date() for r in nxt.scheduled_reminders.all())
    assert reminders == [new.date() - dt.timedelta(days=3), new.date() - dt.timedelta(days=1)]

    # The tracker's reminder button: one notice per member who has not submitted.
    client.post(reverse("council:meeting_remind", args=["geumjeong", nxt.slug]))
    reminded = Notice.objects.filter(event="reminder", meeting=nxt)
    assert reminded.count() == nxt.invitations.count()  # nobody has submitted yet
    _drain()
    assert set(extended.exclude(member=kim).values_list("state", flat=True)) == {"sent"}
    assert set(reminded.exclude(member=kim).values_list("state", flat=True)) == {"sent"}
    assert "01000000002" not in capsys.readouterr().out
