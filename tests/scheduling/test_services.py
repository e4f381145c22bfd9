"""Scheduling, rescheduling and cancelling sessions and series."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from clients.models import Client
from outbox.models import Email
from scheduling.models import (
    SESSION_ENDS_BEFORE_START,
    SESSION_TOO_LONG,
    Series,
    Session,
)
from scheduling.services import (
    SERIES_IN_PAST,
    SERIES_NO_DAYS,
    SERIES_TOO_LONG,
    SESSION_HAS_STARTED,
    SESSION_IN_PAST,
    SESSION_IS_CANCELLED,
    SESSION_TOO_FAR,
    SessionOverlap,
    client_set_reminders,
    reminder_sweep,
    series_schedule,
    session_cancel,
    session_reschedule,
    session_schedule,
)
from tests.factories import ClientFactory, TrainerFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)  # a Tuesday
HOUR = timedelta(hours=1)


def schedule(client, **kwargs):
    values = {
        "client": client,
        "day": date(2026, 3, 12),
        "start_time": time(7),
        "duration": HOUR,
        "now": NOW,
    }
    return session_schedule(**{**values, **kwargs})


def series(client, **kwargs):
    values = {
        "client": client,
        "first_day": date(2026, 3, 16),
        "weekdays": [0, 3],
        "weeks": 8,
        "start_time": time(7),
        "duration": HOUR,
        "now": NOW,
    }
    return series_schedule(**{**values, **kwargs})


def test_a_session_is_stored_in_utc_at_the_trainers_local_time(london):
    session = schedule(
        london, location="Main gym", focus="Day A: hinge and push", notes="Bring chalk"
    )
    assert session.starts_at == datetime(2026, 3, 12, 7, tzinfo=UTC)  # GMT
    assert session.ends_at - session.starts_at == HOUR
    assert session.time_zone == "Europe/London"
    assert session.trainer == london.trainer
    later = schedule(london, day=date(2026, 4, 2))
    assert later.starts_at == datetime(2026, 4, 2, 6, tzinfo=UTC)  # BST


def test_a_weekly_series_stays_at_seven_across_the_clock_change(london):
    made = series(london, weeks=4)
    assert str(made) == "Mondays and Thursdays for 4 weeks from 16 March 2026"
    starts = list(made.sessions.values_list("starts_at", flat=True))
    assert [s.date() for s in starts] == [
        date(2026, 3, 16),
        date(2026, 3, 19),
        date(2026, 3, 23),
        date(2026, 3, 26),
        date(2026, 3, 30),
        date(2026, 4, 2),
        date(2026, 4, 6),
        date(2026, 4, 9),
    ]
    # 07:00 GMT until 29 March, then 07:00 BST (06:00 UTC).
    assert [s.hour for s in starts] == [7, 7, 7, 7, 6, 6, 6, 6]


def test_a_series_starts_on_its_first_chosen_day(london):
    made = series(london, first_day=date(2026, 3, 11), weekdays=[0], weeks=2)
    assert [s.starts_at.date() for s in made.sessions.all()] == [
        date(2026, 3, 16),
        date(2026, 3, 23),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"duration": timedelta(0)}, "duration", SESSION_ENDS_BEFORE_START),
        ({"duration": -HOUR}, "duration", SESSION_ENDS_BEFORE_START),
        ({"duration": 12 * HOUR + timedelta(minutes=1)}, "duration", SESSION_TOO_LONG),
        (
            {"day": date(2026, 3, 10), "start_time": time(11)},
            "start_time",
            SESSION_IN_PAST,
        ),
        ({"day": date(2027, 3, 12)}, "day", SESSION_TOO_FAR),
        ({"video_url": "javascript:alert(1)"}, "video_url", "Enter a valid URL."),
        ({"location": "x" * 201}, "location", "at most 200 characters"),
    ],
)
def test_a_bad_session_is_refused_on_its_field_and_nothing_is_saved(
    london, kwargs, field, message
):
    with pytest.raises(ValidationError) as refused:
        schedule(london, **kwargs)
    assert message in " ".join(refused.value.message_dict[field])
    assert Session.objects.count() == 0


def test_a_twelve_hour_session_is_the_longest_allowed(london):
    assert schedule(london, duration=12 * HOUR).duration == 12 * HOUR


def test_a_time_the_clocks_skip_is_refused(london):
    with pytest.raises(ValidationError) as refused:
        schedule(london, day=date(2026, 3, 29), start_time=time(1, 30))
    assert "01:30 does not exist on 29 March 2026 in Europe/London" in str(
        refused.value
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"weekdays": []}, "weekdays", SERIES_NO_DAYS),
        ({"weekdays": [7]}, "weekdays", SERIES_NO_DAYS),
        ({"weeks": 53}, "weeks", SERIES_TOO_LONG),
        ({"weeks": 0}, "weeks", SERIES_TOO_LONG),
        ({"duration": 13 * HOUR}, "duration", SESSION_TOO_LONG),
        ({"first_day": date(2027, 4, 1)}, "day", SESSION_TOO_FAR),
    ],
)
def test_a_bad_series_is_refused_and_nothing_is_saved(london, kwargs, field, message):
    with pytest.raises(ValidationError) as refused:
        series(london, **kwargs)
    assert refused.value.message_dict[field] == [message]
    assert Series.objects.count() == Session.objects.count() == 0


def test_a_series_whose_first_session_has_passed_says_which(london):
    with pytest.raises(ValidationError) as refused:
        series(london, first_day=date(2026, 3, 10), weekdays=[1])
    assert refused.value.message_dict["day"] == [
        SERIES_IN_PAST.format(when="Tuesday 10 March, 07:00")
    ]
    assert Session.objects.count() == 0


@pytest.mark.parametrize("weeks", [1, 52])
def test_a_series_takes_the_same_few_queries_however_long(
    london, weeks, django_assert_max_num_queries
):
    # The overlap check, the series, its sessions in one INSERT (SQLite splits
    # it in four at 52 weeks), and the savepoint around it all.
    with django_assert_max_num_queries(8):
        made = series(london, weeks=weeks, weekdays=[0, 2, 4])
    assert made.sessions.count() == 3 * weeks


def test_an_overlap_is_a_warning_the_trainer_may_override(london):
    first = schedule(london, start_time=time(7))
    with pytest.raises(SessionOverlap) as warned:
        schedule(london, start_time=time(7, 30))
    assert warned.value.sessions == [first]
    assert Session.objects.count() == 1
    schedule(london, start_time=time(7, 30), allow_overlap=True)
    assert Session.objects.count() == 2


def test_sessions_that_touch_do_not_overlap_nor_do_other_trainers(london):
    schedule(london, start_time=time(7))
    schedule(london, start_time=time(8))
    other = ClientFactory(trainer=TrainerFactory(time_zone="Europe/London"))
    schedule(other, start_time=time(7))
    assert Session.objects.count() == 3


def test_a_series_overlapping_one_session_is_warned_about_it(london):
    lone = schedule(london, day=date(2026, 3, 26), start_time=time(7, 30))
    with pytest.raises(SessionOverlap) as warned:
        series(london, weeks=4)
    assert warned.value.sessions == [lone]
    assert Series.objects.count() == 0


def test_a_cancelled_session_no_longer_overlaps(london):
    session_cancel(session=schedule(london), now=NOW)
    schedule(london)
    assert Session.objects.scheduled().count() == 1


# --- Rescheduling ---------------------------------------------------------------


def test_rescheduling_moves_the_session_and_asks_for_a_new_reminder(london):
    session = schedule(london)
    moved = session_reschedule(
        session=session,
        day=date(2026, 3, 13),
        start_time=time(18),
        duration=timedelta(minutes=45),
        now=NOW,
    )
    assert moved == [session]
    session.refresh_from_db()
    assert session.starts_at == datetime(2026, 3, 13, 18, tzinfo=UTC)
    assert session.duration == timedelta(minutes=45)
    assert session.sequence == 1
    assert session.remind_24h_at == datetime(2026, 3, 12, 18, tzinfo=UTC)


def test_changing_only_the_focus_keeps_the_schedule(london):
    session = schedule(london)
    session_reschedule(
        session=session,
        day=date(2026, 3, 12),
        start_time=time(7),
        duration=HOUR,
        focus="Day B",
        now=NOW,
    )
    session.refresh_from_db()
    assert (session.focus, session.sequence) == ("Day B", 0)


def test_rescheduling_the_rest_of_a_series_moves_each_by_the_same_shift(london):
    made = series(london, weeks=4)
    sessions = list(made.sessions.all())
    third = sessions[2]  # Monday 23 March, 07:00 GMT
    session_reschedule(
        session=third,
        day=date(2026, 3, 24),
        start_time=time(8),
        duration=HOUR,
        location="Park",
        following=True,
        now=NOW,
    )
    after = list(made.sessions.order_by("starts_at"))
    local = [
        s.starts_at.astimezone(third.starts_at.tzinfo).isoformat() for s in after[:2]
    ]
    assert local == ["2026-03-16T07:00:00+00:00", "2026-03-19T07:00:00+00:00"]
    moved = after[2:]
    # Tuesdays and Fridays at 08:00 London time, BST from the 29th.
    assert [(s.starts_at.date().isoformat(), s.starts_at.hour) for s in moved] == [
        ("2026-03-24", 8),
        ("2026-03-27", 8),
        ("2026-03-31", 7),
        ("2026-04-03", 7),
        ("2026-04-07", 7),
        ("2026-04-10", 7),
    ]
    assert {s.location for s in moved} == {"Park"}
    assert {s.location for s in after[:2]} == {""}
    assert {s.sequence for s in moved} == {1}


def test_only_what_was_changed_reaches_the_rest_of_the_series(london):
    made = series(london, weeks=1, focus="Day A")
    first, second = made.sessions.all()
    Session.objects.filter(pk=second.pk).update(focus="Day B")
    session_reschedule(
        session=first,
        day=date(2026, 3, 16),
        start_time=time(7),
        duration=HOUR,
        focus="Day A",
        notes="New gym door code",
        following=True,
        now=NOW,
    )
    second.refresh_from_db()
    assert (second.focus, second.notes) == ("Day B", "New gym door code")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda s: session_cancel(session=s, now=NOW), SESSION_IS_CANCELLED),
        (
            lambda s: Session.objects.filter(pk=s.pk).update(
                starts_at=NOW - HOUR, ends_at=NOW
            ),
            SESSION_HAS_STARTED,
        ),
    ],
    ids=["cancelled", "started"],
)
def test_a_cancelled_or_started_session_cannot_change(london, setup, message):
    session = schedule(london)
    setup(session)
    with pytest.raises(ValidationError) as refused:
        session_reschedule(
            session=session,
            day=date(2026, 3, 20),
            start_time=time(9),
            duration=HOUR,
            now=NOW,
        )
    assert refused.value.messages == [message]
    with pytest.raises(ValidationError):
        session_cancel(session=session, now=NOW)


def test_rescheduling_into_the_past_is_refused_and_changes_nothing(london):
    session = schedule(london)
    with pytest.raises(ValidationError) as refused:
        session_reschedule(
            session=session,
            day=date(2026, 3, 9),
            start_time=time(7),
            duration=HOUR,
            now=NOW,
        )
    assert refused.value.message_dict == {"start_time": [SESSION_IN_PAST]}
    session.refresh_from_db()
    assert session.starts_at == datetime(2026, 3, 12, 7, tzinfo=UTC)


# --- Cancelling ------------------------------------------------------------------


def test_cancelling_before_any_reminder_sends_nothing(
    london, mailoutbox, django_capture_on_commit_callbacks
):
    session = schedule(london)
    with django_capture_on_commit_callbacks(execute=True):
        assert session_cancel(session=session, now=NOW) == [session]
    session.refresh_from_db()
    assert session.is_cancelled
    assert session.cancelled_at == NOW
    assert mailoutbox == []
    # ...nor later: a cancelled session gets no reminder.
    with django_capture_on_commit_callbacks(execute=True):
        reminder_sweep(now=session.remind_24h_at)
    assert mailoutbox == []


def test_cancelling_after_the_reminder_emails_the_client_once(
    london, mailoutbox, django_capture_on_commit_callbacks
):
    session = schedule(london)
    with django_capture_on_commit_callbacks(execute=True):
        reminder_sweep(now=session.remind_24h_at)
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, now=session.remind_24h_at + HOUR)
    assert len(mailoutbox) == 2
    cancelled = mailoutbox[1]
    assert cancelled.to == [london.email]
    assert cancelled.subject == "Cancelled: your session on Thursday 12 March at 07:00"
    assert "is cancelled" in cancelled.body
    assert Email.objects.filter(key=f"session-cancelled:{session.pk}").count() == 1


def test_cancelling_the_rest_of_a_series_keeps_the_earlier_sessions(london):
    made = series(london, weeks=2)
    first, second, third, fourth = made.sessions.all()
    cancelled = session_cancel(session=second, following=True, now=NOW)
    assert [s.pk for s in cancelled] == [second.pk, third.pk, fourth.pk]
    assert list(made.sessions.scheduled()) == [first]


def test_cancelling_one_session_of_a_series_keeps_the_rest(london):
    made = series(london, weeks=2)
    first, *rest = made.sessions.all()
    session_cancel(session=first, now=NOW)
    assert list(made.sessions.scheduled()) == rest


# --- Reminder choice -------------------------------------------------------------


def test_a_client_chooses_their_reminders(london):
    client_set_reminders(client=london, reminders=Client.Reminders.BOTH)
    london.refresh_from_db()
    assert london.reminders == "both"
    with pytest.raises(ValidationError):
        client_set_reminders(client=london, reminders="weekly")
    london.refresh_from_db()
    assert london.reminders == "both"
