"""One pain threshold, the client's trainer's: every page that shows pain flags it by
that setting, the rules suggest by it, and a change to it is followed everywhere at
once. Nothing else judges pain: no constant, no number written in a template."""

import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from programming.models import Ladder, Pattern
from programming.services import (
    assignment_set,
    day_add,
    prescription_add,
    program_activate,
    program_create,
)
from tests.factories import ClientWithLoginFactory
from tests.training.judge import log_and_judge
from training.models import CoachSettings, WorkoutExercise
from training.services import (
    ExerciseDone,
    SetDone,
    coach_settings_update,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]

ROOT = Path(__file__).resolve().parent.parent.parent
FLAG = 'class="[^"]*\\bpain-flag\\b'
DEFAULT = CoachSettings._meta.get_field("pain_threshold").default


@pytest.fixture
def alex():
    """A client on rung 3 of the coach's hinge ladder, with Day A following it."""
    alex = ClientWithLoginFactory(first_name="Alex")
    rung3 = (
        Ladder.objects.get(owner=None, pattern=Pattern.HINGE)
        .rungs.get(position=3)
        .variation
    )
    assignment_set(
        client=alex, variation=rung3, changed_by=alex.trainer, sets=3, reps=8
    )
    program = program_create(trainer=alex.trainer, client=alex, name="Base")
    day = day_add(program=program, name="Day A")
    prescription_add(day=day, variation=rung3, sets=3, reps=8, load=Decimal(20))
    program_activate(program=program)
    return alex


def log(client, *, pain: int):
    day = client.programs.get(is_active=True).days.get()
    exercises = [
        ExerciseDone(
            prescription=p,
            sets=[SetDone(reps=8, load=Decimal(20))] * 3,
            rpe=6,
            pain=pain,
            pain_where="lower back",
        )
        for p in day.prescriptions.all()
    ]
    return log_and_judge(
        client=client,
        day=day,
        performed_on=timezone.localdate(),
        exercises=exercises,
        uid=uuid.uuid4(),
        logged_by=client.user,
    )[0]


def flags_on_every_page(client, alex, workout) -> dict[str, bool]:
    """Whether each page that shows the pain flags it, as the trainer and as the
    client see them."""
    pages = {
        "dashboard": reverse("dashboard:index"),
        "client page": reverse("dashboard:client_detail", args=[alex.pk]),
        "workout list": reverse("training:client_workouts", args=[alex.pk]),
        "workout": reverse("training:client_workout", args=[alex.pk, workout.pk]),
    }
    own_pages = {
        "my workout list": reverse("training:my_workouts"),
        "my workout": reverse("training:my_workout", args=[workout.pk]),
        "my progress": reverse("training:my_progress"),
    }
    flagged = {}
    for user, urls in [(alex.trainer, pages), (alex.user, own_pages)]:
        client.force_login(user)
        for name, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200, name
            html = response.content.decode()
            # The lists show only pain to act on; the others show it, flagged or not.
            assert "list" in name or name == "dashboard" or "lower back" in html, name
            flagged[name] = re.search(FLAG, html) is not None
    return flagged


def everywhere(flagged: bool) -> dict[str, bool]:
    return dict.fromkeys(
        [
            "dashboard",
            "client page",
            "workout list",
            "workout",
            "my workout list",
            "my workout",
            "my progress",
        ],
        flagged,
    )


@pytest.mark.parametrize(
    ("threshold", "pain", "flagged"),
    [(7, 5, False), (7, 7, True), (3, 3, True), (3, 2, False)],
)
def test_every_page_flags_pain_by_the_trainers_threshold(
    client, alex, threshold, pain, flagged
):
    coach_settings_update(trainer=alex.trainer, pain_threshold=threshold, quiet_days=7)
    workout = log(alex, pain=pain)
    assert flags_on_every_page(client, alex, workout) == everywhere(flagged)


def test_until_the_trainer_sets_one_the_threshold_is_the_settings_default(client, alex):
    flagged = log(alex, pain=DEFAULT)
    assert flags_on_every_page(client, alex, flagged) == everywhere(True)


def test_a_new_threshold_is_followed_at_once_on_every_page(client, alex):
    workout = log(alex, pain=5)
    assert flags_on_every_page(client, alex, workout) == everywhere(True)
    coach_settings_update(trainer=alex.trainer, pain_threshold=7, quiet_days=7)
    # The suggestion that pain made is set aside with it: the dashboard lists none.
    assert flags_on_every_page(client, alex, workout) == everywhere(False)
    coach_settings_update(trainer=alex.trainer, pain_threshold=5, quiet_days=7)
    assert flags_on_every_page(client, alex, workout) == everywhere(True)


def test_an_exercise_read_without_the_threshold_refuses_to_say_if_it_hurt(alex):
    workout = log(alex, pain=9)
    with pytest.raises(AttributeError, match="with_pain_threshold"):
        _ = WorkoutExercise.objects.get(workout=workout).painful
    with pytest.raises(AttributeError, match="with_pain_threshold"):
        _ = type(workout).objects.get(pk=workout.pk).painful
    assert WorkoutExercise.objects.with_pain_threshold().get(workout=workout).painful


# Pain compared with a number, or a constant standing in for the threshold.
JUDGED_ELSEWHERE = re.compile(
    r"(?i:pain\w*\s*(>=|<=|>|<)\s*\d|\d\s*(<=|>=|<|>)\s*\w*pain)"
    r"|\bPAIN_(THRESHOLD|FLAG)\b"
)


def test_nothing_but_the_setting_judges_pain():
    """The rules judge pain through ``progression.hurts`` and the trainer's
    threshold; a template or module that compares pain with a number of its own
    would ignore the setting."""
    sources = [
        path
        for folder in ["templates", "training", "dashboard", "api", "exchange"]
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt"}
        and "migrations" not in path.parts
        # The rules: the one judge, which also tells pain-free (0) from some pain.
        and path != ROOT / "training" / "progression.py"
    ]
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sources
        for match in JUDGED_ELSEWHERE.finditer(path.read_text())
    ]
    assert found == []
