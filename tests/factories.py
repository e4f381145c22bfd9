import secrets
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment, Protocol, ProtocolTest, ScreenTest
from clients.models import Client, Consultation
from messaging.models import Message, Thread
from newsletter.models import Subscriber
from outbox.models import ErrorReport
from programming.models import (
    Ladder,
    Pattern,
    Prescription,
    Program,
    Rung,
    TrainingDay,
    Variation,
)
from scheduling.models import Session, reminder_times
from training.models import Suggestion, Workout, WorkoutExercise, WorkoutSet

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


class VariationFactory(factory.django.DjangoModelFactory):
    """A trainer's own variation (built-in ones come from the data migration)."""

    class Meta:
        model = Variation

    owner = factory.SubFactory(TrainerFactory)
    name = factory.Sequence(lambda n: f"Variation {n}")
    pattern = Pattern.HINGE
    cues = factory.LazyFunction(lambda: ["Start standing tall", "Butt back"])


class LadderFactory(factory.django.DjangoModelFactory):
    """A trainer's own ladder; ``rungs=N`` puts N new variations on it."""

    class Meta:
        model = Ladder
        skip_postgeneration_save = True

    owner = factory.SubFactory(TrainerFactory)
    name = factory.Sequence(lambda n: f"Ladder {n}")
    pattern = Pattern.HINGE

    @factory.post_generation
    def rungs(obj, create, extracted, **kwargs):
        for position in range(1, (extracted or 0) + 1):
            Rung.objects.create(
                ladder=obj,
                position=position,
                variation=VariationFactory(owner=obj.owner, pattern=obj.pattern),
            )


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    """A client's program; ``client=None, owner=<trainer>`` for a template."""

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Program {n}")


class TrainingDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingDay

    program = factory.SubFactory(ProgramFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Day {n + 1}")


class PrescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prescription

    day = factory.SubFactory(TrainingDayFactory)
    position = factory.Sequence(lambda n: n + 1)
    variation = factory.SubFactory(
        VariationFactory, owner=factory.SelfAttribute("..day.program.trainer")
    )
    sets = 3
    reps = 8


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"visitor{n}@example.com")
    goals = "Deadlift without back pain."
    time_zone = "Europe/London"
    consented_at = factory.LazyFunction(timezone.now)


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A pending subscriber, with the nonce of a confirmation link."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    first_name = factory.Faker("first_name")
    source = "home"
    confirmation_nonce = factory.LazyFunction(lambda: secrets.token_urlsafe(16))
    confirmation_sent_at = factory.LazyFunction(timezone.now)


class ConfirmedSubscriberFactory(SubscriberFactory):
    status = Subscriber.Status.CONFIRMED
    confirmation_nonce = ""
    confirmed_at = factory.LazyFunction(timezone.now)


class SessionFactory(factory.django.DjangoModelFactory):
    """A session two days ahead, on UTC's clock."""

    class Meta:
        model = Session

    client = factory.SubFactory(ClientFactory)
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


class ScreenTestFactory(factory.django.DjangoModelFactory):
    """A trainer's own test: a number in centimetres, 0 to 100, unless told."""

    class Meta:
        model = ScreenTest

    owner = factory.SubFactory(TrainerFactory)
    name = factory.Sequence(lambda n: f"Test {n}")
    pattern = "hinge"
    kind = ScreenTest.Kind.NUMBER
    unit = ScreenTest.Unit.CENTIMETRES
    min_value = 0
    max_value = 100


class ProtocolFactory(factory.django.DjangoModelFactory):
    """A trainer's own protocol; ``tests=[...]`` sets its tests (one new test of
    the owner's by default)."""

    class Meta:
        model = Protocol
        skip_postgeneration_save = True

    owner = factory.SubFactory(TrainerFactory)
    name = factory.Sequence(lambda n: f"Protocol {n}")

    @factory.post_generation
    def tests(obj, create, extracted, **kwargs):
        tests = (
            extracted if extracted is not None else [ScreenTestFactory(owner=obj.owner)]
        )
        ProtocolTest.objects.bulk_create(
            ProtocolTest(protocol=obj, test=test, position=position)
            for position, test in enumerate(tests, start=1)
        )


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft assessment of a client on a protocol of the client's trainer."""

    class Meta:
        model = Assessment

    client = factory.SubFactory(ClientFactory)
    protocol = factory.SubFactory(
        ProtocolFactory, owner=factory.SelfAttribute("..client.trainer")
    )
    assessed_by = factory.SelfAttribute("client.trainer")
    assessed_on = factory.LazyFunction(timezone.localdate)


class WorkoutFactory(factory.django.DjangoModelFactory):
    """A workout of a client's training day, yesterday; ``exercises=N`` adds N
    exercises of three sets each."""

    class Meta:
        model = Workout
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    day = factory.SubFactory(
        TrainingDayFactory, program__client=factory.SelfAttribute("...client")
    )
    day_name = factory.LazyAttribute(lambda o: o.day.name)
    performed_on = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=1)
    )

    @factory.post_generation
    def exercises(obj, create, extracted, **kwargs):
        for position in range(1, (extracted or 0) + 1):
            prescription = PrescriptionFactory(day=obj.day, position=position)
            exercise = WorkoutExercise.objects.create(
                workout=obj,
                position=position,
                prescription=prescription,
                variation=prescription.variation,
                pattern=prescription.variation.pattern,
                target=prescription.summary,
                rpe=7,
                pain=0,
            )
            WorkoutSet.objects.bulk_create(
                WorkoutSet(exercise=exercise, position=n, reps=8, load=Decimal(40))
                for n in range(1, 4)
            )


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A pending suggestion to move a client's hinge up a rung."""

    class Meta:
        model = Suggestion

    client = factory.SubFactory(ClientFactory)
    pattern = Pattern.HINGE
    kind = Suggestion.Kind.PROGRESS
    from_variation = factory.SubFactory(
        VariationFactory, owner=factory.SelfAttribute("..client.trainer")
    )
    to_variation = factory.SubFactory(
        VariationFactory, owner=factory.SelfAttribute("..client.trainer")
    )
    reason = "Every set and rep at RPE 7 or less, pain-free, on 3 and 5 Dec."
    rule = "earned"
    based_on = ["2026-12-03", "2026-12-05"]


class ErrorReportFactory(factory.django.DjangoModelFactory):
    """One server error as the admins hear of it, counted within its hour."""

    class Meta:
        model = ErrorReport

    fingerprint = factory.Sequence(lambda n: f"{n:064x}")
    period_start = factory.LazyFunction(
        lambda: timezone.now().replace(minute=0, second=0, microsecond=0)
    )
    title = "ValueError at /dashboard/"
    details = "Traceback (most recent call last): ..."
    count = 3
    first_at = factory.LazyFunction(timezone.now)
    last_at = factory.LazyFunction(timezone.now)


class ThreadFactory(factory.django.DjangoModelFactory):
    """A client's thread with their trainer (the client with a login)."""

    class Meta:
        model = Thread

    client = factory.SubFactory(ClientWithLoginFactory)
    last_message_at = factory.LazyFunction(timezone.now)


class MessageFactory(factory.django.DjangoModelFactory):
    """A text message from the thread's client."""

    class Meta:
        model = Message

    thread = factory.SubFactory(ThreadFactory)
    sender = factory.LazyAttribute(lambda o: o.thread.client.user)
    from_client = True
    body = factory.Faker("sentence")
