from datetime import timedelta

import factory
from django.utils import timezone

from clients.models import Client
from trainer.accounts.models import User
from trainer.scheduling.models import Session, reminder_times

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = User.Role.CLIENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TrainerFactory(UserFactory):
    email = factory.Sequence(lambda n: f"trainer{n}@example.com")
    role = User.Role.TRAINER


class AdminFactory(UserFactory):
    email = factory.Sequence(lambda n: f"admin{n}@example.com")
    role = User.Role.ADMIN
    is_staff = True
    is_superuser = True


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    trainer = factory.SubFactory(TrainerFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"client{n}@example.com")


class ClientWithLoginFactory(ClientFactory):
    user = factory.SubFactory(
        UserFactory, role=User.Role.CLIENT, email=factory.SelfAttribute("..email")
    )


class SessionFactory(factory.django.DjangoModelFactory):
    """A session two days ahead, with the client's trainer, on UTC's clock."""

    class Meta:
        model = Session

    client = factory.SubFactory(ClientFactory)
    trainer = factory.SelfAttribute("client.trainer")
    time_zone = "UTC"
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + timedelta(days=2)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    remind_24h_at = factory.LazyAttribute(
        lambda o: reminder_times(starts_at=o.starts_at, time_zone=o.time_zone)[
            "remind_24h_at"
        ]
    )
    remind_2h_at = factory.LazyAttribute(lambda o: o.starts_at - timedelta(hours=2))
