"""From the log to a move on the ladder: suggestions made when a workout is saved,
accepted or dismissed by the trainer, and who needs attention."""

import re
import uuid
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Protocol
from programming.models import Assignment, AssignmentChange, Ladder, Pattern
from programming.services import (
    assignment_progress,
    assignment_set,
    day_add,
    prescription_add,
    program_activate,
    program_create,
)
from tests.assessments.test_views import finish
from tests.factories import (
    AssessmentFactory,
    ClientWithLoginFactory,
    SessionFactory,
    TrainerFactory,
)
from tests.training.judge import log_and_judge
from training.models import CoachSettings, Suggestion
from training.services import (
    NOTE_TOO_LONG,
    SUGGESTION_DECIDED,
    ExerciseDone,
    SetDone,
    suggestion_accept,
    suggestion_dismiss,
    suggestions_judge_logged,
    suggestions_sweep,
    workout_log,
)
from training.services.suggestions import SWEEP_AFTER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


@pytest.fixture
def hinge():
    return Ladder.objects.get(owner=None, pattern=Pattern.HINGE)


@pytest.fixture
def alex(hinge):
    """Alex, on rung 3 of the coach's hinge ladder, with Day A following it."""
    alex = ClientWithLoginFactory(first_name="Alex", email="alex@example.com")
    rung3 = hinge.rungs.get(position=3).variation
    assignment_set(
        client=alex, variation=rung3, changed_by=alex.trainer, sets=3, reps=8
    )
    program = program_create(trainer=alex.trainer, client=alex, name="Base")
    day = day_add(program=program, name="Day A")
    prescription_add(day=day, variation=rung3, sets=3, reps=8, load=Decimal(20))
    program_activate(program=program)
    program.__class__.objects.filter(pk=program.pk).update(
        created_at=timezone.now() - timedelta(days=60)
    )
    return alex


def log(client, *, days_ago=0, reps=8, sets=3, rpe=6, pain=0, where="", judge=True):
    """Log Day A as done; with ``judge=False`` the suggestions task is late (its
    dispatch on commit never runs)."""
    day = client.programs.get(is_active=True).days.get()
    exercises = [
        ExerciseDone(
            prescription=p,
            sets=[SetDone(reps=reps, load=Decimal(20))] * sets,
            rpe=rpe,
            pain=pain,
            pain_where=where,
        )
        for p in day.prescriptions.all()
    ]
    save = log_and_judge if judge else workout_log
    return save(
        client=client,
        day=day,
        performed_on=timezone.localdate() - timedelta(days=days_ago),
        exercises=exercises,
        uid=uuid.uuid4(),
        logged_by=client.user,
    )[0]


def current(client) -> Assignment:
    return Assignment.objects.current().get(client=client, pattern=Pattern.HINGE)


def test_pain_at_the_threshold_suggests_going_back_and_flags_it(alex, hinge):
    log(alex, pain=7, where="lower back")
    suggestion = Suggestion.objects.get()
    assert (suggestion.kind, suggestion.flagged) == ("regress", True)
    assert suggestion.to_variation == hinge.rungs.get(position=2).variation
    on = timezone.localdate()
    assert suggestion.reason == (
        f"Pain 7/10 in the lower back on {on.day} {on:%b} at "
        f"{hinge.rungs.get(position=3).variation.name}: go back to "
        f"{hinge.rungs.get(position=2).variation.name}, pain-free first."
    )


@pytest.mark.parametrize(
    ("goal", "kind", "reason"),
    [
        ("everyday", "load", "on the top rung the goal of everyday life allows"),
        ("strength", "progress", "move up to"),
    ],
)
def test_the_clients_goal_caps_the_ladder_in_what_the_rules_suggest(
    alex, hinge, goal, kind, reason
):
    """Barbell RDL (rung 4) is as high as a goal of everyday life goes on the
    hinge: done well, it earns more load, not the floor deadlift above it. The
    same work with a goal of strength moves the client up."""
    finish(
        AssessmentFactory(
            client=alex, protocol=Protocol.objects.builtin().get(name="Hinge screen")
        ),
        goal=goal,
    )
    assignment_progress(assignment=current(alex), changed_by=alex.trainer)
    log(alex, days_ago=2)
    log(alex)
    suggestion = Suggestion.objects.get(status="pending")
    assert suggestion.kind == kind
    assert suggestion.from_variation == hinge.rungs.get(position=4).variation
    assert reason in suggestion.reason.lower()


def test_the_trainers_threshold_decides_what_is_pain(alex):
    CoachSettings.objects.create(trainer=alex.trainer, pain_threshold=8)
    log(alex, pain=7)
    assert not Suggestion.objects.exists()


def test_accepting_moves_the_client_the_program_follows_and_the_client_is_told(
    alex, hinge, client, mailoutbox, django_capture_on_commit_callbacks
):
    log(alex, days_ago=2)
    log(alex)
    suggestion = Suggestion.objects.get(status="pending")
    rung4 = hinge.rungs.get(position=4).variation
    assert (suggestion.kind, suggestion.to_variation) == ("progress", rung4)

    client.force_login(alex.trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("training:suggestion_accept", args=[suggestion.pk]), follow=True
        )
    assert f"Done: Alex is on {suggestion.move}." in response.content.decode()
    assert current(alex).variation == rung4
    change = AssignmentChange.objects.filter(assignment__client=alex).first()
    assert change.reason.startswith("From the workouts of ")
    assert suggestion.reason in change.reason
    day = alex.programs.get(is_active=True).days.get()
    assert day.prescriptions.get().variation == rung4
    (email,) = mailoutbox
    assert email.to == ["alex@example.com"]
    assert email.subject == f"Your hinge is now {rung4.name}"

    client.force_login(alex.user)
    page = client.get(reverse("dashboard:my_program")).content.decode()
    assert f"your hinge is now {rung4.name}" in page


def test_a_decided_suggestion_cannot_be_decided_again(alex):
    log(alex, pain=6)
    suggestion = Suggestion.objects.get()
    suggestion_dismiss(suggestion=suggestion, trainer=alex.trainer, note="Cramp")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.note) == ("dismissed", "Cramp")
    with pytest.raises(ValidationError) as refused:
        suggestion_accept(suggestion=suggestion, trainer=alex.trainer)
    assert refused.value.messages == [SUGGESTION_DECIDED]
    assert current(alex).variation == suggestion.from_variation


def test_a_dismissal_note_too_long_is_refused_with_the_services_message(alex, client):
    log(alex, pain=6)
    suggestion = Suggestion.objects.get()
    client.force_login(alex.trainer)
    url = reverse("training:suggestion_dismiss", args=[suggestion.pk])
    page = client.post(url, {"note": "x" * 301}, follow=True)
    assert NOTE_TOO_LONG.format(limit=300) in page.content.decode()
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.note) == ("pending", "")
    client.post(url, {"note": " " + "x" * 300 + " "})
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.note) == ("dismissed", "x" * 300)


def test_a_suggestion_for_a_rung_the_client_has_left_is_put_aside(alex, hinge):
    log(alex, pain=6)
    suggestion = Suggestion.objects.get()
    assignment_progress(assignment=current(alex), changed_by=alex.trainer)
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.SUPERSEDED
    with pytest.raises(ValidationError, match=SUGGESTION_DECIDED):
        suggestion_accept(suggestion=suggestion, trainer=alex.trainer)
    assert current(alex).variation == hinge.rungs.get(position=4).variation


def test_a_harder_workout_sets_a_waiting_suggestion_aside(alex):
    log(alex, days_ago=2)
    log(alex, days_ago=1)
    assert Suggestion.objects.get().status == "pending"
    log(alex, rpe=9)
    assert Suggestion.objects.get().status == "replaced"
    assert not Suggestion.objects.pending().exists()


def test_the_same_suggestion_again_stays_one(alex):
    log(alex, days_ago=2)
    log(alex, days_ago=1)
    log(alex)
    assert Suggestion.objects.count() == 1


def test_the_dashboard_shows_who_needs_attention(alex, client):
    trainer = alex.trainer
    log(alex, pain=7, where="knee")
    quiet = ClientWithLoginFactory(trainer=trainer, first_name="Quinn")
    program = program_create(trainer=trainer, client=quiet, name="Q")
    program_activate(program=program)
    program.__class__.objects.filter(pk=program.pk).update(
        created_at=timezone.now() - timedelta(days=20)
    )
    started = timezone.now() - timedelta(days=3)
    SessionFactory(
        client=quiet,
        starts_at=started,
        ends_at=started + timedelta(hours=1),
        attendance="missed",
    )
    client.force_login(trainer)
    html = client.get(reverse("dashboard:index")).content.decode()
    assert _listed(html, "Pain reported") == [alex.full_name]
    assert _listed(html, "Sessions missed") == [quiet.full_name]
    assert _listed(html, "No workout logged for 7 days or more") == [quiet.full_name]


def _listed(html: str, heading: str) -> list[str]:
    """The clients named under one heading of "Needs your attention"."""
    part = html.split(f">{heading}</h3>")[1].split("<h3")[0].split("</section>")[0]
    return re.findall(
        r'<a (?:class="fw-semibold" )?href="/clients/\d+/">([^<]+)</a>', part
    )


@pytest.mark.parametrize(
    "data", [{"pain_threshold": "0"}, {"pain_threshold": "11"}, {"quiet_days": "x"}]
)
def test_bad_settings_are_refused(client, data):
    trainer = TrainerFactory()
    client.force_login(trainer)
    posted = {"pain_threshold": "4", "quiet_days": "7", **data}
    response = client.post(reverse("training:settings"), posted)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not CoachSettings.objects.exists()


def test_settings_change_and_show_the_rules(client):
    trainer = TrainerFactory()
    client.force_login(trainer)
    page = client.get(reverse("training:settings")).content.decode()
    assert "Pain-free before progress" in page
    client.post(
        reverse("training:settings"), {"pain_threshold": "5", "quiet_days": "10"}
    )
    saved = CoachSettings.objects.get(trainer=trainer)
    assert (saved.pain_threshold, saved.quiet_days) == (5, 10)


def test_a_program_ending_within_a_week_needs_attention(alex, client):
    program = alex.programs.get(is_active=True)
    program.ends_on = timezone.localdate() + timedelta(days=5)
    program.save()
    client.force_login(alex.trainer)
    html = client.get(reverse("dashboard:index")).content.decode()
    assert _listed(html, "Programs ending") == [alex.full_name]


def test_each_dashboard_row_says_how_much_of_the_plan_was_logged(alex, client):
    log(alex, days_ago=1)
    log(alex, days_ago=3)
    log(alex, days_ago=40)  # before the last four weeks
    client.force_login(alex.trainer)
    page = client.get(reverse("dashboard:index"))
    assert "2 of 4 workouts in 4 weeks (50%)" in page.content.decode()


# --- One instruction per exercise, whatever moved the client (issue 26.1) ----------


def test_after_an_accepted_regress_every_screen_gives_the_new_rungs_dose(
    alex, hinge, client
):
    """Day A prescribed the old rung with 40 kg; after the pain regress the program
    day, "Where you stand", the log page and the API all give the new rung's first
    dose, and the trainer's history says what changed in the program."""
    day = alex.programs.get(is_active=True).days.get()
    day.prescriptions.update(sets=4, reps=6, load=Decimal(40), follows_ladder=True)
    log(alex, pain=7)
    suggestion_accept(suggestion=Suggestion.objects.get(), trainer=alex.trainer)

    rung2 = hinge.rungs.get(position=2).variation
    assignment = current(alex)
    exercise = day.prescriptions.get()
    assert (exercise.variation, exercise.summary) == (rung2, assignment.summary)
    assert "40" not in exercise.summary
    change = AssignmentChange.objects.filter(assignment=assignment).first()
    assert change.programs == f"Day A: 4 × 6 @ 40 kg → {assignment.summary}"

    client.force_login(alex.user)
    mine = client.get(reverse("dashboard:my_program")).content.decode()
    assert "4 × 6 @ 40 kg" not in mine
    log_page = client.get(reverse("training:my_day_log", args=[day.pk]))
    assert "40 kg" not in log_page.content.decode()
    assert rung2.name in log_page.content.decode()
    client.force_login(alex.trainer)
    api = client.get(reverse("api:program_detail", args=[day.program.pk])).json()
    (api_exercise,) = api["days"][0]["prescriptions"]
    assert (api_exercise["sets"], api_exercise["reps"], api_exercise["load"]) == (
        assignment.sets,
        assignment.reps,
        None,
    )
    history = client.get(
        reverse("programming:assignment_edit", args=[alex.pk, "hinge"])
    ).content.decode()
    assert "Day A: 4 × 6 @ 40 kg →" in history


# --- A suggestion that no longer fits leaves every screen (26.2) --------------------


def test_a_manual_move_takes_the_waiting_suggestion_off_every_screen(
    alex, hinge, client
):
    log(alex, days_ago=2)
    log(alex, days_ago=1)
    suggestion = Suggestion.objects.get(status="pending")
    client.force_login(alex.trainer)
    card = 'class="list-group-item suggestion"'
    # Both pages cached with the card on them.
    assert card in client.get(alex.get_absolute_url()).content.decode()
    assert card in client.get(reverse("dashboard:index")).content.decode()

    client.post(
        reverse("programming:assignment_progress", args=[alex.pk, "hinge"]),
        {"reason": "Ready"},
    )

    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.SUPERSEDED
    assert card not in client.get(alex.get_absolute_url()).content.decode()
    assert card not in client.get(reverse("dashboard:index")).content.decode()
    assert not Suggestion.objects.pending().exists()


def test_a_load_set_by_hand_takes_a_waiting_load_step_away_but_not_a_move(alex):
    log(alex, days_ago=2)
    log(alex, days_ago=1)
    move = Suggestion.objects.get(status="pending")
    assignment_set(
        client=alex,
        variation=current(alex).variation,
        changed_by=alex.trainer,
        load=Decimal(24),
    )
    move.refresh_from_db()
    assert move.status == "pending", "a new load does not answer a move up"


# --- Days, not logs, in the client's time zone (26.3) -------------------------------


def test_two_logs_on_one_day_of_the_clients_are_one_day(alex, time_machine):
    """In Auckland, 7 am and 7 pm of one day fall on two days in UTC (7 am is the
    evening before); for Alex they are one day, and one day earns nothing."""
    alex.user.time_zone = "Pacific/Auckland"
    alex.user.save()
    with timezone.override("Pacific/Auckland"):
        # Tomorrow, so that both logs fall after the program was made, on any day.
        day = timezone.localdate() + timedelta(days=1)
        for hour in (7, 19):
            time_machine.move_to(
                timezone.make_aware(timezone.datetime.combine(day, time(hour)))
            )
            log(alex)
    assert not Suggestion.objects.exists()
    assert alex.workouts.values("performed_on").distinct().count() == 1


# --- A dismissal holds until new workouts earn the move again (26.4) ----------------


def test_a_dismissed_move_up_returns_only_after_two_more_qualifying_days(
    alex, time_machine
):
    time_machine.move_to(timezone.now() - timedelta(days=3))
    log(alex, days_ago=1)
    log(alex)
    dismissed = Suggestion.objects.get(status="pending")
    suggestion_dismiss(suggestion=dismissed, trainer=alex.trainer, note="Not yet")
    on = timezone.localdate()

    time_machine.shift(timedelta(days=1))
    log(alex)
    assert not Suggestion.objects.pending().exists(), "one more day is not enough"

    time_machine.shift(timedelta(days=1))
    log(alex)
    back = Suggestion.objects.get(status="pending")
    assert (back.kind, back.to_variation) == ("progress", dismissed.to_variation)
    assert back.reason.startswith(f"Dismissed before, on {on.day} {on:%b}; again: ")


# --- Every move reaches the client the same way (26.5) ------------------------------


def test_a_manual_move_reaches_the_client_as_an_accepted_one_does(
    alex, hinge, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alex.trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("programming:assignment_progress", args=[alex.pk, "hinge"]),
            {"reason": "Pain-free for three weeks"},
        )
    rung4 = hinge.rungs.get(position=4).variation
    (email,) = mailoutbox
    assert email.to == ["alex@example.com"]
    assert email.subject == f"Your hinge is now {rung4.name}"
    assert "Why: Pain-free for three weeks" in email.body

    client.force_login(alex.user)
    page = client.get(reverse("dashboard:my_program")).content.decode()
    assert f"your hinge is now {rung4.name}" in page
    assert "Why: Pain-free for three weeks" in page


def test_a_change_of_the_dose_alone_is_not_told(alex, mailoutbox):
    assignment_set(
        client=alex, variation=current(alex).variation, changed_by=alex.trainer, reps=10
    )
    assert not mailoutbox
    assert not AssignmentChange.objects.filter(told_client=True).exists()


# --- Accepting checks the suggestion against the latest workouts (27.3) -------------


def test_a_painful_workout_not_judged_yet_is_never_answered_with_up_a_rung(alex, hinge):
    log(alex, days_ago=2)
    log(alex, days_ago=1)
    up = Suggestion.objects.get(status="pending", kind="progress")
    log(alex, pain=7, judge=False)

    result = suggestion_accept(suggestion=up, trainer=alex.trainer)

    assert result.status == Suggestion.Status.REPLACED
    assert current(alex).variation == hinge.rungs.get(position=3).variation
    now = Suggestion.objects.get(status="pending")
    down = hinge.rungs.get(position=2).variation
    assert (now.kind, now.to_variation) == ("regress", down)


def test_judging_twice_makes_nothing_twice_and_the_sweep_finds_a_lost_task(
    alex, time_machine
):
    time_machine.move_to(timezone.now())
    log(alex, days_ago=1)
    workout = log(alex, judge=False)  # its task was lost with the broker
    assert suggestions_sweep() == 0, "not yet: its task may still be on its way"
    assert not Suggestion.objects.exists()

    time_machine.shift(SWEEP_AFTER + timedelta(seconds=1))
    assert suggestions_sweep() == 1  # the task runs eagerly here
    workout.refresh_from_db()
    assert workout.judged_at is not None
    (made,) = Suggestion.objects.all()
    assert made.kind == "progress"

    assert suggestions_judge_logged(client_id=alex.pk) == []
    assert suggestions_sweep() == 0
    assert list(Suggestion.objects.all()) == [made]


def test_a_broker_down_does_not_fail_the_save(alex, monkeypatch, caplog):
    from training import tasks

    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.suggestions_judge_task, "delay", down)
    workout = log(alex)
    assert workout.pk
    assert workout.judged_at is None
    assert "left for the sweep" in caplog.text
