import factory
from django.utils import timezone

from assessments.models import Assessment, Protocol, ProtocolTest, ScreenTest
from tests.factories import ClientFactory, TrainerFactory


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
