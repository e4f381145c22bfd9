from decimal import Decimal

import pytest

from programming.models import Ladder, Pattern
from programming.services import (
    assignment_set,
    day_add,
    prescription_add,
    program_activate,
    program_create,
)
from tests.factories import (
    ClientWithLoginFactory,
    PrescriptionFactory,
    ProgramFactory,
    TrainingDayFactory,
    VariationFactory,
)


@pytest.fixture
def athlete(db):
    """A client with a login and an active program whose first day has a loaded
    hinge (3 sets of 8 at 40 kg) and a carry walked for distance (2 sets of 20 m at
    24 kg)."""
    client = ClientWithLoginFactory(first_name="Alex")
    program = ProgramFactory(client=client, is_active=True, name="Foundations")
    day = TrainingDayFactory(program=program, position=1, name="Day A")
    PrescriptionFactory(
        day=day,
        position=1,
        variation=VariationFactory(
            owner=client.trainer, pattern=Pattern.HINGE, name="Kettlebell RDL"
        ),
        sets=3,
        reps=8,
        load=Decimal(40),
    )
    PrescriptionFactory(
        day=day,
        position=2,
        variation=VariationFactory(
            owner=client.trainer, pattern=Pattern.CARRY, name="Farmer carry"
        ),
        sets=2,
        reps=None,
        distance_m=20,
        load=Decimal(24),
    )
    return client


@pytest.fixture
def day(athlete):
    return athlete.programs.get().days.get()


@pytest.fixture
def athlete_client(client, athlete):
    """The test client, logged in as the athlete."""
    client.force_login(athlete.user)
    return client


FOUR_PATTERNS = [Pattern.HINGE, Pattern.SQUAT, Pattern.PUSH, Pattern.PULL]


@pytest.fixture
def four_patterns():
    """A client on rung 2 of four ladders, with a day of four exercises that follow
    them."""
    client = ClientWithLoginFactory(first_name="Alex")
    program = program_create(trainer=client.trainer, client=client, name="Base")
    day = day_add(program=program, name="Day A")
    for pattern in FOUR_PATTERNS:
        rung = Ladder.objects.get(owner=None, pattern=pattern).rungs.get(position=2)
        assignment_set(client=client, variation=rung.variation, changed_by=None)
        prescription_add(
            day=day, variation=rung.variation, sets=3, reps=8, load=Decimal(20)
        )
    program_activate(program=program)
    return client, day
