"""The trainer's week and session pages, the client's sessions, and the pages that
show them elsewhere (dashboard, client page, "My program")."""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from scheduling.forms import NOT_YOUR_CLIENT
from scheduling.models import (
    SESSION_ENDS_BEFORE_START,
    SESSION_TOO_LONG,
    Series,
    Session,
)
from scheduling.services import (
    SERIES_NO_DAYS,
    SERIES_TOO_LONG,
    SESSION_IN_PAST,
    series_schedule,
    session_cancel,
)
from scheduling.views import REMINDERS_INVALID, SESSIONS_PER_PAGE
from tests.factories import (
    ClientFactory,
    ClientWithLoginFactory,
    SessionFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


def tomorrow() -> date:
    """Read when called, never at import: a session that ran across midnight would
    otherwise schedule "tomorrow" today."""
    return timezone.localdate() + timedelta(days=1)


def form_data(person, **changes):
    data = {
        "client": person.pk,
        "day": tomorrow().isoformat(),
        "start_time": "07:00",
        "duration": "60",
        "repeat": "once",
        "weeks": "8",
        "location": "Main gym",
        "video_url": "",
        "focus": "Day A: hinge and push",
        "notes": "",
    }
    return {**data, **changes}


# --- The week ----------------------------------------------------------------------


def test_the_week_shows_the_trainers_own_sessions_on_their_clock(
    trainer, trainer_client
):
    trainer.time_zone = "America/New_York"
    trainer.save()
    mine = SessionFactory(
        client=ClientFactory(trainer=trainer, first_name="Alexandra"),
        starts_at=datetime(2026, 3, 10, 11, tzinfo=UTC),  # 07:00 EDT, a Tuesday
    )
    SessionFactory(
        client__first_name="Someone-Elses",
        starts_at=datetime(2026, 3, 10, 11, tzinfo=UTC),
    )
    page = trainer_client.get(reverse("scheduling:week"), {"week": "2026-03-12"})
    week = page.context["week"]
    assert week.start == date(2026, 3, 9)
    assert [len(day.sessions) for day in week.days] == [0, 1, 0, 0, 0, 0, 0]
    assert week.days[1].sessions == [mine]
    html = page.content.decode()
    assert "07:00–08:00 Alexandra" in html
    assert "Someone-Elses" not in html


def test_overlapping_sessions_are_marked_on_the_week(trainer, trainer_client):
    client = ClientFactory(trainer=trainer)
    start = datetime(2026, 3, 10, 9, tzinfo=UTC)
    a = SessionFactory(client=client, starts_at=start)
    b = SessionFactory(client=client, starts_at=start + timedelta(minutes=30))
    SessionFactory(client=client, starts_at=start + timedelta(hours=3))
    page = trainer_client.get(reverse("scheduling:week"), {"week": "2026-03-10"})
    assert page.context["week"].overlapping == {a.pk, b.pk}
    assert page.content.decode().count(">Overlaps<") == 2


@pytest.mark.parametrize("week", ["", "not-a-date", "2026-02-30", "<script>"])
def test_a_bad_week_shows_this_week(trainer_client, week):
    page = trainer_client.get(reverse("scheduling:week"), {"week": week})
    assert page.status_code == 200
    today = timezone.localdate()
    assert page.context["week"].start == today - timedelta(days=today.weekday())


@pytest.mark.parametrize("count", [1, 50])
def test_the_week_takes_the_same_queries_however_full(
    trainer, trainer_client, count, django_assert_max_num_queries
):
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    start = datetime.combine(monday, datetime.min.time(), tzinfo=UTC)
    for n in range(count):
        SessionFactory(
            client__trainer=trainer, starts_at=start + timedelta(minutes=20 * n)
        )
    # session, user, the week's sessions with their clients (and the savepoint of
    # the request's transaction around the view)
    with django_assert_max_num_queries(5):
        page = trainer_client.get(reverse("scheduling:week"))
    assert page.context["week"].count == count


# --- Scheduling --------------------------------------------------------------------


def test_the_form_offers_only_the_trainers_active_clients(trainer, trainer_client):
    mine = ClientFactory(trainer=trainer)
    ClientFactory(trainer=trainer, is_active=False)
    ClientFactory()
    page = trainer_client.get(reverse("scheduling:session_new"), {"client": mine.pk})
    field = page.context["form"].fields["client"]
    assert list(field.queryset) == [mine]
    assert page.context["form"].initial["client"] == mine.pk


def test_a_trainer_schedules_a_session(trainer, trainer_client, coached):
    response = trainer_client.post(
        reverse("scheduling:session_new"),
        form_data(coached, focus="Zoë’s <b>hinge</b> day"),
        follow=True,
    )
    session = Session.objects.get()
    assert response.redirect_chain[-1][0] == session.get_absolute_url()
    assert session.focus == "Zoë’s <b>hinge</b> day"
    html = response.content.decode()
    assert f"Session with {coached.full_name} scheduled for" in html
    assert "Zoë’s &lt;b&gt;hinge&lt;/b&gt; day" in html


def test_a_trainer_schedules_a_weekly_series(trainer_client, coached):
    response = trainer_client.post(
        reverse("scheduling:session_new"),
        form_data(coached, repeat="weekly", weekdays=["0", "3"], weeks="8"),
        follow=True,
    )
    series = Series.objects.get()
    assert series.sessions.count() == 16
    assert (
        f"16 sessions with {coached.full_name} scheduled" in response.content.decode()
    )
    assert response.context["week"].start <= series.first_date


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"duration": "0"}, "duration", SESSION_ENDS_BEFORE_START),
        ({"duration": "-30"}, "duration", SESSION_ENDS_BEFORE_START),
        ({"duration": "721"}, "duration", SESSION_TOO_LONG),
        ({"duration": "99999999999999999999"}, "duration", SESSION_TOO_LONG),
        ({"duration": "an hour"}, "duration", "Enter a whole number."),
        ({"day": "2020-01-01"}, "start_time", SESSION_IN_PAST),
        ({"day": "31/02/2026"}, "day", "Enter a valid date."),
        ({"start_time": "25:00"}, "start_time", "Enter a valid time."),
        ({"client": ""}, "client", "This field is required."),
        ({"focus": "x" * 201}, "focus", "at most 200 characters"),
        ({"video_url": "javascript:alert(1)"}, "video_url", "Enter a valid URL."),
        ({"repeat": "weekly"}, "weekdays", SERIES_NO_DAYS),
        (
            {"repeat": "weekly", "weekdays": ["0"], "weeks": "53"},
            "weeks",
            SERIES_TOO_LONG,
        ),
        (
            {"repeat": "weekly", "weekdays": ["0"], "weeks": ""},
            "weeks",
            SERIES_TOO_LONG,
        ),
        ({"repeat": "weekly", "weekdays": ["9"]}, "weekdays", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(
    trainer_client, coached, changes, field, message
):
    response = trainer_client.post(
        reverse("scheduling:session_new"), form_data(coached, **changes)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Session.objects.count() == Series.objects.count() == 0


def test_another_trainers_client_is_refused(trainer_client):
    theirs = ClientFactory(trainer=TrainerFactory())
    response = trainer_client.post(reverse("scheduling:session_new"), form_data(theirs))
    assert response.context["form"].errors["client"] == [NOT_YOUR_CLIENT]
    assert Session.objects.count() == 0


def test_an_overlap_warns_first_and_saves_when_confirmed(
    trainer, trainer_client, coached
):
    url = reverse("scheduling:session_new")
    trainer_client.post(url, form_data(coached))
    warned = trainer_client.post(url, form_data(coached, start_time="07:30"))
    assert warned.status_code == 200
    html = warned.content.decode()
    assert "This overlaps one of your sessions" in html
    assert 'name="allow_overlap"' in html
    assert Session.objects.count() == 1
    trainer_client.post(url, form_data(coached, start_time="07:30", allow_overlap="on"))
    assert Session.objects.count() == 2


# --- One session -------------------------------------------------------------------


@pytest.mark.parametrize("series", [False, True])
def test_the_session_page_takes_a_few_queries(
    trainer, trainer_client, coached, series, django_assert_max_num_queries
):
    if series:
        made = series_schedule(
            client=coached,
            first_day=tomorrow(),
            weekdays=list(range(7)),
            weeks=7,
            start_time=time(0),
            duration=timedelta(hours=1),
        )
        session = made.sessions.first()
    else:
        session = SessionFactory(client=coached)
    # session, user, the session with its client and series, the later ones of its
    # series, and the request's savepoint
    with django_assert_max_num_queries(6):
        page = trainer_client.get(session.get_absolute_url())
    assert page.status_code == 200
    assert page.context["following"] == (48 if series else 0)


def test_editing_shows_the_session_on_its_own_clock_and_moves_it(
    trainer, trainer_client
):
    day = timezone.localdate() + timedelta(days=30)
    london = zoneinfo.ZoneInfo("Europe/London")
    seven = datetime.combine(day, time(7), tzinfo=london)
    session = SessionFactory(
        client__trainer=trainer, time_zone="Europe/London", starts_at=seven
    )
    url = reverse("scheduling:session_edit", args=[session.pk])
    form = trainer_client.get(url).context["form"]
    assert (form.initial["day"], form.initial["start_time"]) == (day, time(7))
    response = trainer_client.post(
        url,
        {
            "day": (day + timedelta(days=1)).isoformat(),
            "start_time": "08:00",
            "duration": "45",
            "focus": "B",
        },
        follow=True,
    )
    assert "Session saved." in response.content.decode()
    session.refresh_from_db()
    assert session.starts_at == seven + timedelta(days=1, hours=1)
    assert (session.duration, session.focus) == (timedelta(minutes=45), "B")


def test_the_rest_of_a_series_is_offered_when_editing_and_cancelling(
    trainer, trainer_client, coached
):
    made = series_schedule(
        client=coached,
        first_day=tomorrow(),
        weekdays=[tomorrow().weekday()],
        weeks=3,
        start_time=time(7),
        duration=timedelta(hours=1),
    )
    first = made.sessions.first()
    edit = trainer_client.get(reverse("scheduling:session_edit", args=[first.pk]))
    assert "Also change the 2 later sessions" in edit.content.decode()
    cancel_url = reverse("scheduling:session_cancel", args=[first.pk])
    assert (
        "Also cancel the 2 later sessions"
        in trainer_client.get(cancel_url).content.decode()
    )
    response = trainer_client.post(cancel_url, {"following": "on"}, follow=True)
    assert f"3 sessions with {coached.full_name} are cancelled." in (
        response.content.decode()
    )
    assert not made.sessions.scheduled().exists()


def test_cancelling_asks_first(trainer_client, trainer):
    session = SessionFactory(client__trainer=trainer)
    url = reverse("scheduling:session_cancel", args=[session.pk])
    assert "Keep it" in trainer_client.get(url).content.decode()
    session.refresh_from_db()
    assert not session.is_cancelled
    trainer_client.post(url)
    session.refresh_from_db()
    assert session.is_cancelled


def test_a_cancelled_session_cannot_be_cancelled_or_moved_again(
    trainer_client, trainer
):
    session = SessionFactory(client__trainer=trainer)
    session_cancel(session=session)
    page = trainer_client.get(session.get_absolute_url()).content.decode()
    assert "Cancel session" not in page
    response = trainer_client.post(
        reverse("scheduling:session_cancel", args=[session.pk]), follow=True
    )
    assert "This session is cancelled." in response.content.decode()
    response = trainer_client.post(
        reverse("scheduling:session_edit", args=[session.pk]),
        {"day": tomorrow().isoformat(), "start_time": "09:00", "duration": "60"},
    )
    assert response.context["form"].non_field_errors() == ["This session is cancelled."]


def test_another_trainers_session_cannot_be_changed(trainer_client):
    theirs = SessionFactory()
    for name in ["session_edit", "session_cancel"]:
        url = reverse(f"scheduling:{name}", args=[theirs.pk])
        assert trainer_client.post(url, {"following": "on"}).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_cancelled


# --- Reminder choice ---------------------------------------------------------------


def test_the_trainer_sets_a_clients_reminders_on_the_client_page(
    trainer_client, coached
):
    url = reverse("scheduling:client_reminders", args=[coached.pk])
    response = trainer_client.post(url, {"reminders": "both"}, follow=True)
    assert "Reminders: 24 hours and 2 hours before." in response.content.decode()
    coached.refresh_from_db()
    assert coached.reminders == Client.Reminders.BOTH
    response = trainer_client.post(url, {"reminders": "<b>weekly</b>"}, follow=True)
    assert REMINDERS_INVALID in response.content.decode()
    coached.refresh_from_db()
    assert coached.reminders == Client.Reminders.BOTH


@pytest.mark.parametrize("count", [1, 50])
def test_the_client_page_lists_the_next_sessions(
    trainer_client, coached, count, django_assert_max_num_queries
):
    SessionFactory.create_batch(count, client=coached)
    # The client page's whole budget: its sessions add one query, however many (and
    # the progress charts 4, the unread messages in the menu 1).
    with django_assert_max_num_queries(16):
        page = trainer_client.get(coached.get_absolute_url())
    html = page.content.decode()
    assert "Next sessions" in html
    assert 'name="reminders" value="24h" id="reminders-24h" checked' in html


# --- The client's side -------------------------------------------------------------


@pytest.fixture
def client_login(client):
    """A client who logs in, seeing times in New York, and the test client as them."""
    person = ClientWithLoginFactory(first_name="Alex")
    person.user.time_zone = "America/New_York"
    person.user.save()
    client.force_login(person.user)
    return person


@time_machine.travel(datetime(2030, 6, 1, 12, tzinfo=UTC))
def test_a_client_sees_their_own_next_sessions_on_their_clock(client, client_login):
    client.force_login(client_login.user)  # signed in on the travelled clock
    SessionFactory(
        client=client_login,
        starts_at=datetime(2030, 7, 1, 11, tzinfo=UTC),
        focus="Hinge day",
    )
    SessionFactory(client=client_login, starts_at=timezone.now() - timedelta(hours=2))
    SessionFactory(focus="Not yours")
    page = client.get(reverse("scheduling:my_sessions"))
    html = page.content.decode()
    assert "Monday 1 July" in html
    assert "07:00–08:00" in html
    assert "Hinge day" in html
    assert "Not yours" not in html
    assert len(page.context["page"].object_list) == 1


def test_a_client_chooses_their_reminders(client, client_login):
    response = client.post(
        reverse("scheduling:my_sessions"), {"reminders": "2h"}, follow=True
    )
    assert "Reminders: 2 hours before." in response.content.decode()
    client_login.refresh_from_db()
    assert client_login.reminders == Client.Reminders.TWO_HOURS


@pytest.mark.parametrize("count", [1, 50])
def test_my_sessions_takes_the_same_queries_however_many(
    client, client_login, count, django_assert_max_num_queries
):
    SessionFactory.create_batch(count, client=client_login)
    # session, user, the client, the count, the page of sessions with trainers,
    # the request's savepoint
    with django_assert_max_num_queries(7):
        page = client.get(reverse("scheduling:my_sessions"))
    assert len(page.context["page"].object_list) == min(count, SESSIONS_PER_PAGE)


@pytest.mark.parametrize("count", [0, 1, 50])
def test_my_program_shows_the_next_sessions(
    client, client_login, count, django_assert_max_num_queries
):
    SessionFactory.create_batch(count, client=client_login, focus="Carry day")
    # session, user, the client with their trainer, the next sessions, the
    # request's savepoint
    with django_assert_max_num_queries(8):  # +1: the screening's part
        page = client.get(reverse("dashboard:my_program"))
    html = page.content.decode()
    assert "Your next sessions" in html
    assert html.count("Carry day") == min(count, 3)
    if not count:
        assert "No sessions scheduled yet." in html


def test_the_dashboard_lists_todays_sessions_only(trainer, trainer_client):
    """Today on the trainer's clock, not in UTC."""
    now = timezone.now()
    zone = zoneinfo.ZoneInfo(trainer.time_zone)
    today = now.astimezone(zone).date()

    def at(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)

    SessionFactory(
        client__trainer=trainer,
        client__first_name="Today",
        starts_at=at(today, 23, 30),
    )
    SessionFactory(
        client__trainer=trainer,
        client__first_name="Tomorrow",
        starts_at=at(today + timedelta(days=1), 0, 30),
    )
    cancelled = SessionFactory(client__trainer=trainer, client__first_name="Called-off")
    Session.objects.filter(pk=cancelled.pk).update(
        starts_at=at(today, 22),
        ends_at=at(today, 23),
        status=Session.Status.CANCELLED,
        cancelled_at=now,
    )
    page = trainer_client.get(reverse("dashboard:index"))
    names = [s.client.first_name for s in page.context["today_sessions"]]
    assert names == ["Today"]


def test_the_focus_suggests_the_days_of_the_clients_active_program(
    trainer, trainer_client, coached
):
    from programming.services import day_add, program_activate, program_create

    def program(client, days, *, active=True, owner=trainer):
        made = program_create(trainer=owner, client=client, name="P")
        for name in days:
            day_add(program=made, name=name)
        if active:
            program_activate(program=made)

    program(coached, ["Day A: hinge and push", "Day B: squat and pull"])
    program(ClientFactory(trainer=trainer), ["Day C: carries"])
    program(ClientFactory(trainer=trainer), ["Draft day"], active=False)
    stranger = TrainerFactory()
    program(ClientFactory(trainer=stranger), ["Their day"], owner=stranger)

    def suggested(**params):
        response = trainer_client.get(reverse("scheduling:session_new"), params)
        assert 'list="program-days"' in response.text
        return response.context["program_days"]

    assert suggested() == [
        "Day A: hinge and push",
        "Day B: squat and pull",
        "Day C: carries",
    ]
    assert suggested(client=coached.pk) == [
        "Day A: hinge and push",
        "Day B: squat and pull",
    ]
    assert suggested(client="9" * 40) == suggested()  # not an id: every client's
