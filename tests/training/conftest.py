from decimal import Decimal

import pytest

from programming.models import Pattern
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
