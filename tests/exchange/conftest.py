import io

import pytest
from django.core.management import call_command

from brand.models import Brand
from brand.services import brand_save
from clients.models import Client
from scheduling.services import calendar_feed_reset
from tests.brand.images import PNG
from tests.factories import SuggestionFactory
from training.services import coach_settings_update


@pytest.fixture(autouse=True)
def _export_root(settings, tmp_path):
    settings.EXPORT_ROOT = tmp_path / "exports"


@pytest.fixture
def business(db):
    """The demo business, with a row in every table an export holds."""
    call_command("seed_demo", stdout=io.StringIO())
    brand_save(
        brand=Brand(business_name="North Strength", prices="10 sessions: 500"),
        images={"logo": PNG, "photo": PNG},
    )
    client = Client.objects.filter(workouts__isnull=False).first()
    calendar_feed_reset(user=client.trainer)
    coach_settings_update(trainer=client.trainer, pain_threshold=5, quiet_days=9)
    # Beside the pending ones the demo makes, a decided one.
    SuggestionFactory(client=client, status="dismissed")
    return client
