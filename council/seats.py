"""One person, several councils of one district: one login, a seat per council.

The portal's roles stay one per account (council.access): a member of two
councils has two seat accounts, each a member of one council. They sign in
with one login; `add_member_for_login` gives that login a seat on another
council (refused for a council of another district), `accounts_of` lists the
person's accounts, `may_switch` says whether the signed-in account may become
another of them (the switch page then signs that account in), and
`open_rounds` gathers every open round of the person's councils for one page.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.access import council_of
from council.models import Council, LinkedSeat, Meeting, Member
from council.services import roster as roster_services
from lib.errors import Refused
from lib.korean import particle

# The session keys: the person's login (set on switching) and their seats (for the menu).
SESSION_LOGIN = "seat_login"
SESSION_SEATS = "seats"


def is_seat(user: User) -> bool:
    """A seat account: reached through a login, never given a password of its own."""
    return LinkedSeat.objects.filter(seat=user).exists()


def login_of(user: User) -> User:
    """The account the person signs in with (the user itself unless it is a seat)."""
    link = LinkedSeat.objects.filter(seat=user).select_related("login").first()
    return link.login if link else user


def accounts_of(user: User) -> list[User]:
    """The person's login and its seats, the login first (two queries)."""
    login = login_of(user)
    seats = [
        link.seat
        for link in LinkedSeat.objects.filter(login=login)
        .select_related("seat__member__council", "seat__staff__council")
        .order_by("pk")
    ]
    return [login, *seats]


def _find_login(text: str) -> User:
    """The account signed in with as `text`: a username, or else the e-mail address of
    exactly one login (seats share their login's address and are never meant)."""
    text = text.strip()
    login = User.objects.filter(username__iexact=text).first()
    if login is None and "@" in text:
        found = list(User.objects.filter(email__iexact=text, seat_of__isnull=True)[:2])
        if len(found) > 1:
            raise Refused(
                _("‘%(name)s’ 주소를 쓰는 아이디가 여럿입니다. 아이디로 적어 주세요.")
                % {"name": text},
                code="login_ambiguous",
            )
        login = found[0] if found else None
    if login is None:
        raise Refused(
            _("‘%(name)s’ 아이디나 전자우편 주소를 쓰는 사람이 없습니다.") % {"name": text},
            code="login",
        )
    return login


def login_for_seat(council: Council, login_username: str, *, seat: str | None = None) -> User:
    """The person's login (a username or e-mail address) for a new seat on `council`,
    or Refused with the reason; `seat` names the seat in the messages (위원, 구청 담당자)."""
    seat = seat or _("위원")
    login = _find_login(login_username)
    if LinkedSeat.objects.filter(seat=login).exists():
        raise Refused(
            _("이 아이디는 다른 로그인에 연결된 자리입니다. 그 사람이 쓰는 아이디를 적어 주세요."),
            code="login_is_seat",
        )
    home = council_of(login)
    if home is None:
        raise Refused(_("이 아이디는 어느 협의체에도 속해 있지 않습니다."), code="no_council")
    if home.district != council.district:
        raise Refused(
            _(
                "%(district)s의 협의체에 속한 사람은 %(other)s 협의체의 %(seat)s%(ro)s 등록할 수 "
                "없습니다. 협의체는 같은 자치구 안에서만 함께 맡을 수 있습니다."
            )
            % {
                "district": home.district,
                "other": council.district,
                "seat": seat,
                "ro": particle(seat, "(으)로"),
            },
            code="other_district",
        )
    if any(council_of(account) == council for account in accounts_of(login)):
        raise Refused(_("이 사람은 이미 이 협의체에 있습니다."), code="already_here")
    return login


@transaction.atomic
def add_staff_for_login(*, council: Council, login_username: str, name: str) -> User:
    """District staff who also run `council` (the same rules as a member's seat; the
    administrator's page `council.seat_views.staff_seat_add`)."""
    login = login_for_seat(council, login_username, seat=_("구청 담당자"))
    seat = User(username=f"{login.username}@{council.slug}"[:150], email=login.email)
    seat.first_name = name
    seat.set_unusable_password()
    seat.save()
    roster_services.add_staff(council=council, user=seat, name=name)
    LinkedSeat.objects.create(login=login, seat=seat)
    return seat


@transaction.atomic
def add_member_for_login(
    *,
    council: Council,
    login_username: str,
    name: str,
    role: str,
    affiliation: str,
    sector: str,
    term_start: dt.date,
    term_end: dt.date | None,
) -> Member:
    """A seat on `council` for the person who signs in as `login_username`.

    Refused when no such login exists, when it is itself a seat, when the person
    already sits on this council, or when their council is in another district
    (a council's members are the district's people)."""
    login = login_for_seat(council, login_username)
    member = roster_services.add_member(
        council=council,
        name=name,
        email=login.email,
        role=role,
        affiliation=affiliation,
        sector=sector,
        term_start=term_start,
        term_end=term_end,
        base_url="",
        send_link=False,  # the seat has no password: it is reached through the login
    )
    LinkedSeat.objects.create(login=login, seat=member.user)
    return member


def may_switch(*, current: User, target_id: int, session) -> User | None:
    """The account `current` may become: from the login to any of its seats, and from
    a seat to the login or its other seats only in a session that began at the login."""
    accounts = accounts_of(current)
    login = accounts[0]
    target = next((a for a in accounts if a.pk == target_id), None)
    if target is None or target.pk == current.pk:
        return None
    if current.pk != login.pk and session.get(SESSION_LOGIN) != login.pk:
        return None
    return target


def seat_menu(accounts: list[User]) -> list[dict]:
    """What the menu and the switch page show for each account (no query)."""
    menu = []
    for account in accounts:
        council = council_of(account)
        if council is not None:
            menu.append({"id": account.pk, "council": council.name, "slug": council.slug})
    return menu


def open_rounds(accounts: list[User], now: dt.datetime | None = None) -> list[dict]:
    """Every round taking opinions in the person's councils, one query for all."""
    now = now or timezone.now()
    by_council = {}
    for account in accounts:
        council = council_of(account)
        if council is not None:
            by_council.setdefault(council.pk, (council, account))
    meetings = (
        Meeting.objects.filter(
            council_id__in=list(by_council), status=Meeting.Status.OPEN, deadline__gt=now
        )
        .select_related("council")
        .order_by("deadline")
    )
    return [
        {"meeting": m, "council": m.council, "account": by_council[m.council_id][1]}
        for m in meetings
    ]


def remember_seats(sender, request, user, **kwargs) -> None:
    """On sign-in (user_logged_in): keep the person's councils in the session for the menu
    (one query for everyone; a few more for a person with seats)."""
    if request is None or not hasattr(request, "session"):
        return
    from django.db.models import Q

    if not LinkedSeat.objects.filter(Q(login=user) | Q(seat=user)).exists():
        request.session.pop(SESSION_SEATS, None)
        return
    request.session[SESSION_SEATS] = seat_menu(accounts_of(user))
