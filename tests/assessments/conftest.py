from importlib import import_module

import pytest
from django.apps import apps as django_apps

from assessments import rules
from assessments.models import Protocol

# The built-in ladders and screens, read from their data migrations without a database.
LIBRARY = import_module("programming.migrations.0002_builtin_library").LIBRARY
SCREENS = import_module("assessments.migrations.0002_builtin_screens")

PERFECT = {
    "training_age": "over_3",
    "goal": "strength",
    "overhead_reach": True,
    "hinge_dowel": "kept",
    "toe_touch": 0,
    "aslr": 85,
    "hinge_quality": 3,
    "hinge_pain": 0,
    "back_injury": "none",
    "squat_quality": 3,
    "knee_to_wall": 12,
    "squat_pain": 0,
    "pushup_reps": 25,
    "push_pain": 0,
    "row_quality": 3,
    "dead_hang": 60,
    "pull_pain": 0,
    "split_squat_quality": 3,
    "balance": 60,
    "knee_injury": False,
    "lunge_pain": 0,
    "carry_quality": 3,
    "carry_pain": 0,
}


def plain_ladders() -> dict[str, list[rules.Rung]]:
    """The built-in ladders as the rules see them, straight from the migration."""
    return {
        pattern: [rules.Rung(name, floor) for name, _, floor, _, _ in variations]
        for pattern, (_, _, variations) in LIBRARY.items()
    }


@pytest.fixture
def ladders() -> dict[str, list[rules.Rung]]:
    return plain_ladders()


@pytest.fixture
def screens(library) -> None:
    """The built-in tests and protocols (the data migration makes them; a
    transactional test elsewhere in the run may have flushed them)."""
    if not Protocol.objects.builtin().exists():
        SCREENS.create_screens(django_apps, None)


@pytest.fixture
def full_screen(screens) -> Protocol:
    return Protocol.objects.builtin().get(name="Full movement screen")


@pytest.fixture
def hinge_screen(screens) -> Protocol:
    return Protocol.objects.builtin().get(name="Hinge screen")
