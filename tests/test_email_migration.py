"""The data migrations that write every stored email in its one form: each table is
rewritten, and where two rows of a unique set would collide the migration stops,
naming them, and changes nothing."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from accounts.models import User
from brand.models import Brand
from clients.models import Client, Consultation
from core.emails import EmailCollision
from newsletter.models import Subscriber
from outbox.models import Email
from tests.factories import (
    ClientFactory,
    ConsultationFactory,
    SubscriberFactory,
    TrainerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MIGRATIONS = [
    "accounts.migrations.0002_email_canonical",
    "clients.migrations.0005_email_canonical",
    "newsletter.migrations.0002_email_canonical",
    "brand.migrations.0003_email_canonical",
    "outbox.migrations.0002_email_canonical",
]


def migrate(name: str) -> None:
    importlib.import_module(name).canonicalise(apps, None)


def stored_as(model, pk: int, value: str, column: str = "email") -> None:
    """Write ``value`` as it was before the migration: past the model field, which
    would make it canonical."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {model._meta.db_table} SET {connection.ops.quote_name(column)} "  # noqa: S608
            "= %s WHERE id = %s",
            [value, pk],
        )


def stored(model, pk: int, column: str = "email") -> str:
    return model.objects.filter(pk=pk).values_list(column, flat=True).get()


def test_every_table_holding_an_email_is_rewritten_in_the_one_form(settings):
    user = UserFactory()
    client = ClientFactory()
    consultation = ConsultationFactory()
    subscriber = SubscriberFactory()
    Brand.objects.get_or_create(pk=Brand.SINGLETON_PK)  # the one row, if flushed
    email = Email.objects.create(
        key="k", to="x@example.com", subject="s", body_text="b"
    )
    stored_as(User, user.pk, "Ana\u200b@Example.COM")
    stored_as(Client, client.pk, "\uff42en@example.com")
    stored_as(Consultation, consultation.pk, "CLEO\u00ad@example.com")
    stored_as(Subscriber, subscriber.pk, "Dan@EXAMPLE.com ")
    stored_as(Brand, 1, "Coach@Example.com")
    stored_as(Email, email.pk, "EVE@example.com", column="to")

    for name in MIGRATIONS:
        migrate(name)

    assert stored(User, user.pk) == "ana@example.com"
    assert stored(Client, client.pk) == "ben@example.com"
    assert stored(Consultation, consultation.pk) == "cleo@example.com"
    assert stored(Subscriber, subscriber.pk) == "dan@example.com"
    assert stored(Brand, 1) == "coach@example.com"
    assert stored(Email, email.pk, column="to") == "eve@example.com"
    # Running it again changes nothing.
    for name in MIGRATIONS:
        migrate(name)
    assert stored(User, user.pk) == "ana@example.com"


def test_two_logins_that_would_collide_stop_it_and_are_listed_for_the_owner():
    admin = UserFactory(email="admin@example.com")
    lookalike = UserFactory()
    other = UserFactory()
    stored_as(User, lookalike.pk, "ADMIN\u200b@example.com")
    stored_as(User, other.pk, "Other@Example.com")

    with pytest.raises(EmailCollision) as stopped:
        migrate("accounts.migrations.0002_email_canonical")

    message = str(stopped.value)
    assert "1 group of User rows would share an email" in message
    assert (
        f"- admin@example.com: #{admin.pk} 'admin@example.com', "
        f"#{lookalike.pk} 'ADMIN\\u200b@example.com'"
    ) in message
    # Nothing merged, nothing dropped, nothing changed.
    assert stored(User, admin.pk) == "admin@example.com"
    assert stored(User, lookalike.pk) == "ADMIN\u200b@example.com"
    assert stored(User, other.pk) == "Other@Example.com"


def test_clients_collide_only_under_one_trainer():
    coach, other_coach = TrainerFactory.create_batch(2)
    first = ClientFactory(trainer=coach, email="ana@example.com")
    second = ClientFactory(trainer=coach)
    elsewhere = ClientFactory(trainer=other_coach)
    stored_as(Client, second.pk, "ANA@example.com")
    stored_as(Client, elsewhere.pk, "Ana@example.com")

    with pytest.raises(EmailCollision) as stopped:
        migrate("clients.migrations.0005_email_canonical")

    message = str(stopped.value)
    assert "1 group of Client rows" in message
    assert (
        f"- ana@example.com (trainer_id {coach.pk}): #{first.pk} 'ana@example.com', "
        f"#{second.pk} 'ANA@example.com'"
    ) in message
    assert f"#{elsewhere.pk} '" not in message
    assert stored(Client, elsewhere.pk) == "Ana@example.com"


def test_subscribers_that_would_collide_stop_it():
    first = SubscriberFactory(email="dan@example.com")
    second = SubscriberFactory()
    stored_as(Subscriber, second.pk, "\uff24an@example.com")
    with pytest.raises(EmailCollision, match=f"#{first.pk} 'dan@example.com'"):
        migrate("newsletter.migrations.0002_email_canonical")
    assert stored(Subscriber, second.pk) == "\uff24an@example.com"


def test_consultations_may_share_an_email():
    first = ConsultationFactory(email="cleo@example.com")
    second = ConsultationFactory()
    stored_as(Consultation, second.pk, "CLEO@example.com")
    migrate("clients.migrations.0005_email_canonical")
    assert {stored(Consultation, first.pk), stored(Consultation, second.pk)} == {
        "cleo@example.com"
    }
