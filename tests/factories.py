import secrets
from datetime import time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment, Protocol, ProtocolTest, ScreenTest
from blog.models import Image as BlogImage
from blog.models import Post
from blog.models import Series as BlogSeries
from booking.models import Booking, SessionType, TimeOff, WeeklyHours
from clients.models import Client, Consultation
from letters.models import Issue
from messaging.models import Message, Thread
from newsletter.models import Subscriber
from notifications.models import Push, PushPreference, PushSubscription, Topic
from outbox.models import ErrorReport, Suppression
from packages.models import Checkout, CreditEntry, Package, Payment, StripeEvent
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
from screening import defaults as screening_defaults
from screening.models import (
    Consent,
    GateSwitch,
    Override,
    Questionnaire,
    Screening,
    Signature,
    Wording,
)
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


class GateSwitchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateSwitch
        django_get_or_create = ("id",)

    id = 1
    is_on = True


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """A published questionnaire with the default questions."""

    class Meta:
        model = Questionnaire

    version = factory.Sequence(lambda n: 100 + n)
    title = screening_defaults.TITLE
    based_on = screening_defaults.BASED_ON
    questions = screening_defaults.QUESTIONS
    temporary = screening_defaults.TEMPORARY
    published_at = factory.LazyFunction(timezone.now)


class WaiverFactory(factory.django.DjangoModelFactory):
    """A published waiver."""

    class Meta:
        model = Wording

    kind = Wording.Kind.WAIVER
    version = factory.Sequence(lambda n: 100 + n)
    title = "Waiver"
    body = "I train at my own risk and tell my trainer about any pain."
    published_at = factory.LazyFunction(timezone.now)


WordingFactory = WaiverFactory


def _questionnaire():
    return (
        Questionnaire.objects.filter(published_at__isnull=False).first()
        or QuestionnaireFactory()
    )


class ScreeningFactory(factory.django.DjangoModelFactory):
    """A cleared screening on file: all no."""

    class Meta:
        model = Screening

    client = factory.SubFactory(ClientFactory)
    questionnaire = factory.LazyFunction(_questionnaire)
    answers = factory.LazyAttribute(
        lambda o: {q["key"]: False for q in o.questionnaire.questions}
    )
    outcome = Screening.Outcome.CLEARED
    valid_until = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=365)
    )


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    wording = factory.LazyFunction(
        lambda: Wording.objects.filter(kind=Wording.Kind.CONSENT).first()
    )
    given_at = factory.LazyFunction(timezone.now)


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    client = factory.SubFactory(ClientFactory)
    wording = factory.SubFactory(WaiverFactory)
    signed_name = factory.LazyAttribute(lambda o: o.client.full_name)
    text_sha256 = factory.LazyAttribute(lambda o: o.wording.sha256)
    signed_at = factory.LazyFunction(timezone.now)
    ip_address = "127.0.0.1"
    user_agent = "Test"


class OverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Override

    client = factory.SubFactory(ClientFactory)
    trainer = factory.SelfAttribute("client.trainer")
    reason = "Cleared on paper at the gym."


class SessionTypeFactory(factory.django.DjangoModelFactory):
    """A trainer's 30-minute consultation, bookable from an hour ahead."""

    class Meta:
        model = SessionType

    trainer = factory.SubFactory(TrainerFactory)
    name = "Consultation"
    kind = SessionType.Kind.CONSULTATION
    minutes = 30
    step = 30
    notice_hours = 1
    horizon_days = 60


class WeeklyHoursFactory(factory.django.DjangoModelFactory):
    """Mondays, 9:00 to 17:00."""

    class Meta:
        model = WeeklyHours

    trainer = factory.SubFactory(TrainerFactory)
    weekday = 0
    starts = time(9)
    ends = time(17)


class TimeOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeOff

    trainer = factory.SubFactory(TrainerFactory)
    first_day = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    last_day = factory.LazyAttribute(lambda o: o.first_day)
    reason = "Holiday"


class BookingFactory(factory.django.DjangoModelFactory):
    """A visitor's held consultation, three days ahead."""

    class Meta:
        model = Booking

    session_type = factory.SubFactory(SessionTypeFactory)
    trainer = factory.SelfAttribute("session_type.trainer")
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0, second=0) + timedelta(days=3)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=30))
    blocked_from = factory.SelfAttribute("starts_at")
    blocked_until = factory.SelfAttribute("ends_at")
    hold_expires_at = factory.LazyFunction(
        lambda: timezone.now() + timedelta(minutes=10)
    )
    first_name = factory.Faker("first_name")
    email = factory.Sequence(lambda n: f"booker{n}@example.com")
    goals = "Deadlift without back pain."
    time_zone = "Europe/London"
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))


class PackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Package

    name = "10 sessions"
    sessions = 10
    price = Decimal("450.00")
    currency = "GBP"


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    client = factory.SubFactory(ClientFactory)
    package = factory.SubFactory(PackageFactory)
    amount = Decimal("450.00")
    currency = "GBP"
    method = Payment.Method.CASH


class CreditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditEntry

    client = factory.SubFactory(ClientFactory)
    kind = CreditEntry.Kind.ADJUSTED
    change = 1
    reason = "A free session"


class CheckoutFactory(factory.django.DjangoModelFactory):
    """A Stripe Checkout a client was sent to, still open."""

    class Meta:
        model = Checkout

    client = factory.SubFactory(ClientFactory)
    package = factory.SubFactory(PackageFactory)
    stripe_id = factory.Sequence(lambda n: f"cs_test_{n:06d}")
    url = factory.LazyAttribute(
        lambda o: f"https://checkout.stripe.com/c/pay/{o.stripe_id}"
    )
    amount = Decimal("450.00")
    currency = "GBP"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))


class StripeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StripeEvent

    event_id = factory.Sequence(lambda n: f"evt_{n:06d}")
    type = "checkout.session.completed"
    outcome = "paid: credits added"


class SeriesFactory(factory.django.DjangoModelFactory):
    """A series of blog posts (the admin walk finds factories by model name; the
    sessions' series has a row of its own there)."""

    class Meta:
        model = BlogSeries

    title = factory.Sequence(lambda n: f"The six patterns {n}")
    slug = factory.Sequence(lambda n: f"the-six-patterns-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A draft by a trainer; ``PublishedPostFactory`` for one that visitors see."""

    class Meta:
        model = Post

    author = factory.SubFactory(TrainerFactory)
    title = factory.Sequence(lambda n: f"The hip hinge, take {n}")
    slug = factory.Sequence(lambda n: f"the-hip-hinge-{n}")
    summary = "Why the hinge gets a bad rap, and how to learn it from the top down."
    body = "Almost every day you bend down to pick something up.\n\n**Butt back.**"
    pattern = Pattern.HINGE


class PublishedPostFactory(PostFactory):
    status = Post.Status.PUBLISHED
    publish_at = factory.LazyFunction(timezone.now)


class ImageFactory(factory.django.DjangoModelFactory):
    """A picture kept as ``blog.services.image_store`` keeps one: a checked file."""

    class Meta:
        model = BlogImage

    post = factory.SubFactory(PostFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from blog.services import image_store
        from tests.brand.images import PNG

        post = kwargs["post"]
        return image_store(data=PNG, post=post, user=post.author)


class IssueFactory(factory.django.DjangoModelFactory):
    """A draft newsletter issue."""

    class Meta:
        model = Issue

    subject = "The hip hinge, part 1"
    body = "Hinge at the **hips**, not the back.\n\n- Brace\n- Push the hips back"


class SuppressionFactory(factory.django.DjangoModelFactory):
    """An address that unsubscribed."""

    class Meta:
        model = Suppression

    address = factory.Sequence(lambda n: f"gone{n}@example.com")
    unsubscribed_at = factory.LazyFunction(timezone.now)


def _push_keys() -> dict:
    """A browser's push keys: an ECDH P-256 public key and a 16-byte auth secret."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from notifications.keys import _b64

    public = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    return {"p256dh": _b64(public), "auth": _b64(secrets.token_bytes(16))}


class PushSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PushSubscription

    user = factory.SubFactory(UserFactory, role=User.Role.CLIENT)
    endpoint = factory.Sequence(lambda n: f"https://push.example.com/send/{n}")
    p256dh = factory.LazyFunction(lambda: _push_keys()["p256dh"])
    auth = factory.LazyFunction(lambda: _push_keys()["auth"])
    user_agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1"
    last_seen_at = factory.LazyFunction(timezone.now)


class PushPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PushPreference

    user = factory.SubFactory(UserFactory, role=User.Role.CLIENT)


class PushFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Push

    key = factory.Sequence(lambda n: f"test-push:{n}")
    subscription = factory.SubFactory(PushSubscriptionFactory)
    topic = Topic.MESSAGES
    title = "A new message"
    body = "Great depth today."
    url = "/"


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
