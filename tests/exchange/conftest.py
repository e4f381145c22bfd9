import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from booking.models import SessionBooking, SessionType
from booking.selectors import slots_free
from booking.services import booking_confirm, booking_hold, time_off_add
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
    _book(client)
    return client


def _book(client: Client) -> None:
    """A day off, a visitor's confirmed consultation and a session the client
    booked, beside the availability the demo sets."""
    trainer = client.trainer
    today = timezone.localdate()
    time_off_add(
        trainer=trainer,
        first_day=today + timedelta(days=30),
        last_day=today + timedelta(days=31),
        reason="Holiday",
    )
    consultation = SessionType.objects.get(trainer=trainer, kind="consultation")
    [slot, *_] = slots_free(
        session_type=consultation,
        first_day=today + timedelta(days=2),
        last_day=today + timedelta(days=9),
        now=timezone.now(),
    )
    booking_confirm(
        booking=booking_hold(
            session_type=consultation,
            starts_at=slot.starts_at,
            first_name="Vic",
            email="vic@example.com",
            goals="Run again",
            consent=True,
        )
    )
    SessionBooking.objects.create(
        session=client.sessions.order_by("pk").first(),
        session_type=SessionType.objects.get(trainer=trainer, kind="training"),
        booked_by_client=True,
    )
