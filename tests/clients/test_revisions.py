"""A client's revision is kept by the database: every table of the project is
classified as shown on clients' pages or not; each shown table has its triggers; and
every kind of write to it (the ORM's save and delete, ``QuerySet.update``,
``bulk_create``, raw SQL) gives a new revision to exactly the clients it shows for, in
the same transaction."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment, Result, StartDecision
from booking.models import Booking, SessionBooking
from clients import revisions
from clients.models import Client, ClientTag, Consultation
from dashboard.revisions import NOT_SHOWN, SHOWN
from exchange.models import Export
from messaging.models import Message, Thread
from packages.models import Checkout, CreditEntry, Payment
from programming.models import (
    Assignment,
    AssignmentChange,
    Ladder,
    Prescription,
    Program,
    Rung,
    TrainingDay,
    Variation,
)
from scheduling.models import Series, Session
from screening.models import Consent, Override, Screening, Signature
from tests.factories import (
    AssessmentFactory,
    BookingFactory,
    CheckoutFactory,
    ClientFactory,
    ConsentFactory,
    ConsultationFactory,
    CreditEntryFactory,
    LadderFactory,
    MessageFactory,
    OverrideFactory,
    PaymentFactory,
    PrescriptionFactory,
    ProgramFactory,
    ScreeningFactory,
    SessionFactory,
    SignatureFactory,
    SuggestionFactory,
    ThreadFactory,
    TrainerFactory,
    TrainingDayFactory,
    VariationFactory,
    WorkoutFactory,
)
from training.models import (
    CoachSettings,
    Suggestion,
    Workout,
    WorkoutExercise,
    WorkoutSet,
)

pytestmark = pytest.mark.django_db


def project_models() -> set[type[models.Model]]:
    """Every model of the project's own apps, with the tables Django makes for
    many-to-many fields."""
    return {
        model
        for model in apps.get_models(include_auto_created=True)
        if (settings.BASE_DIR / model._meta.app_config.name.split(".")[0]).is_dir()
    }


def leads_to_client(model: type[models.Model]) -> bool:
    """Whether a chain of foreign keys leads from ``model`` to a client."""
    seen, todo = set(), [model]
    while todo:
        current = todo.pop()
        if current is Client:
            return True
        if current in seen:
            continue
        seen.add(current)
        todo.extend(
            f.related_model
            for f in current._meta.concrete_fields
            if f.many_to_one or f.one_to_one
        )
    return False


def test_every_model_of_the_project_is_shown_or_said_why_not():
    assert project_models() - set(SHOWN) - set(NOT_SHOWN) == set(), (
        "Add the new model to dashboard.revisions: SHOWN with its path to the "
        "client (or the trainer), or NOT_SHOWN with the reason."
    )
    assert set(SHOWN) & set(NOT_SHOWN) == set()
    assert set(SHOWN) | set(NOT_SHOWN) <= project_models()


@pytest.mark.parametrize("model", list(NOT_SHOWN), ids=lambda m: m._meta.label)
def test_what_leads_to_a_client_is_never_exempt(model):
    assert not leads_to_client(model)
    assert NOT_SHOWN[model].strip()


@pytest.mark.parametrize(
    ("model", "path"), list(SHOWN.items()), ids=lambda m: getattr(m, "__name__", m)
)
def test_each_path_leads_to_a_client_or_a_trainer(model, path):
    assert revisions.path_ends(model, path) in (Client, User)


def test_the_database_has_the_triggers_of_every_shown_table():
    wanted = revisions.triggers(connection, SHOWN)
    installed = revisions.installed(connection)
    assert installed == {t.name: t.table for t in wanted}
    operations: dict[str, set[str]] = {}
    for name, table in installed.items():
        operations.setdefault(table, set()).add(name.removeprefix(revisions.PREFIX)[0])
    for model in SHOWN:
        expected = {"u"} if model is Client else {"i", "u", "d"}
        assert operations.get(model._meta.db_table) == expected, model


def test_a_trigger_dropped_by_hand_comes_back_with_the_next_sync(
    django_assert_max_num_queries,
):
    name = next(iter(revisions.installed(connection)))
    revisions.drop(connection, {name})
    assert name not in revisions.installed(connection)
    revisions.sync(connection, SHOWN)
    assert name in revisions.installed(connection)
    # Nothing changed: nothing is done but looking.
    with django_assert_max_num_queries(2) as looked:
        revisions.sync(connection, SHOWN)
    assert not any("CREATE" in q["sql"] or "DROP" in q["sql"] for q in looked)


# --- Each kind of write to each shown table -------------------------------------------


class World:
    """Trainer ``coach`` with clients ``robin`` and ``sam``; ``other`` coaches
    ``kim``. A row made for Robin must change Robin's revision only; a row of the
    coach's library or settings, Robin's and Sam's."""

    def __init__(self) -> None:
        self.coach = TrainerFactory()
        self.robin = ClientFactory(trainer=self.coach)
        self.sam = ClientFactory(trainer=self.coach)
        self.other = TrainerFactory()
        self.kim = ClientFactory(trainer=self.other)

    def revisions(self) -> dict[str, object]:
        by_pk = dict(Client.objects.values_list("pk", "revision"))
        return {
            name: by_pk[client.pk]
            for name, client in (
                ("robin", self.robin),
                ("sam", self.sam),
                ("kim", self.kim),
            )
        }

    def changed_by(self, write: Callable[[], object]) -> set[str]:
        before = self.revisions()
        write()
        after = self.revisions()
        return {name for name in before if before[name] != after[name]}


def _variation(w: World) -> Variation:
    return VariationFactory(owner=w.coach)


def _assignment(w: World) -> Assignment:
    return Assignment.objects.create(
        client=w.robin,
        pattern="hinge",
        variation=_variation(w),
        ladder=LadderFactory(owner=w.coach),
        reps=8,
    )


def _workout_exercise(w: World) -> WorkoutExercise:
    return WorkoutExercise.objects.create(
        workout=WorkoutFactory(client=w.robin),
        position=1,
        variation=_variation(w),
        pattern="hinge",
        target="3 × 8",
    )


# How to make one row of each shown table, for Robin (or for the coach's clients).
MAKE: dict[type[models.Model], Callable[[World], models.Model]] = {
    Consultation: lambda w: ConsultationFactory(client=w.robin),
    ClientTag: lambda w: ClientTag.objects.create(client=w.robin, name="evening"),
    Screening: lambda w: ScreeningFactory(client=w.robin),
    Consent: lambda w: ConsentFactory(client=w.robin),
    Signature: lambda w: SignatureFactory(client=w.robin),
    Override: lambda w: OverrideFactory(client=w.robin),
    Variation: _variation,
    Ladder: lambda w: LadderFactory(owner=w.coach),
    Rung: lambda w: Rung.objects.create(
        ladder=LadderFactory(owner=w.coach), position=1, variation=_variation(w)
    ),
    Assignment: _assignment,
    AssignmentChange: lambda w: AssignmentChange.objects.create(
        assignment=_assignment(w), kind="set", to_variation=_variation(w)
    ),
    Program: lambda w: ProgramFactory(client=w.robin),
    TrainingDay: lambda w: TrainingDayFactory(program__client=w.robin),
    Prescription: lambda w: PrescriptionFactory(day__program__client=w.robin),
    Series: lambda w: Series.objects.create(
        client=w.robin, weekdays=[0], weeks=1, first_date=date(2026, 12, 7)
    ),
    Session: lambda w: SessionFactory(client=w.robin),
    Workout: lambda w: WorkoutFactory(client=w.robin),
    WorkoutExercise: _workout_exercise,
    WorkoutSet: lambda w: WorkoutSet.objects.create(
        exercise=_workout_exercise(w), position=1, reps=8, load=Decimal(40)
    ),
    Suggestion: lambda w: SuggestionFactory(client=w.robin),
    CoachSettings: lambda w: CoachSettings.objects.create(trainer=w.coach),
    Export: lambda w: Export.objects.create(
        kind="client", client=w.robin, requested_by=w.coach
    ),
}


def _assessment_row(model):
    def make(w: World):
        assessment = AssessmentFactory(client=w.robin)
        if model is Result:
            test = assessment.protocol.tests.get()
            return Result.objects.create(
                assessment=assessment, test=test, number=Decimal(5)
            )
        return StartDecision.objects.create(
            assessment=assessment,
            pattern="hinge",
            variation=_variation(w),
            ladder=LadderFactory(owner=w.coach),
            position=1,
        )

    return make


MAKE.update(
    {
        Thread: lambda w: ThreadFactory(client=w.robin),
        Message: lambda w: MessageFactory(thread__client=w.robin),
        Booking: lambda w: BookingFactory(
            consultation=ConsultationFactory(client=w.robin)
        ),
        SessionBooking: lambda w: SessionBooking.objects.create(
            session=SessionFactory(client=w.robin)
        ),
        Payment: lambda w: PaymentFactory(client=w.robin),
        CreditEntry: lambda w: CreditEntryFactory(client=w.robin),
        Checkout: lambda w: CheckoutFactory(client=w.robin),
        Assessment: lambda w: AssessmentFactory(client=w.robin),
        Result: _assessment_row(Result),
        StartDecision: _assessment_row(StartDecision),
    }
)


def test_every_shown_table_is_tried_below():
    assert set(MAKE) == set(SHOWN) - {Client}


@pytest.mark.parametrize("model", list(MAKE), ids=lambda m: m.__name__)
def test_every_write_changes_the_revision_of_exactly_its_clients(model):
    w = World()
    row = MAKE[model](w)
    path = SHOWN[model]
    expected = (
        {"robin", "sam"} if revisions.path_ends(model, path) is User else {"robin"}
    )
    table = connection.ops.quote_name(model._meta.db_table)
    rows = model.objects.filter(pk=row.pk)

    def raw_update():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET updated_at = updated_at WHERE id = %s",  # noqa: S608
                [row.pk],
            )

    writes = {
        "save": row.save,
        "QuerySet.update": lambda: rows.update(updated_at=timezone.now()),
        "raw SQL": raw_update,
        "QuerySet.delete": rows.delete,
        "bulk_create": lambda: model.objects.bulk_create([row]),
        "Model.delete": row.delete,
        "Model.save, a new row": row.save,
    }
    for name, write in writes.items():
        assert w.changed_by(write) == expected, name


def test_a_row_moved_to_another_client_changes_both():
    w = World()
    session = SessionFactory(client=w.robin)
    moved = Session.objects.filter(pk=session.pk)
    assert w.changed_by(lambda: moved.update(client=w.sam)) == {"robin", "sam"}


def test_a_built_in_row_changes_every_clients_revision():
    w = World()
    builtin = Variation.objects.builtin().first()
    rename = Variation.objects.filter(pk=builtin.pk)
    assert w.changed_by(lambda: rename.update(name="Renamed")) == {
        "robin",
        "sam",
        "kim",
    }


def test_a_templates_row_changes_no_revision():
    w = World()
    template = ProgramFactory(client=None, owner=w.coach)
    day = TrainingDayFactory(program=template)
    assert w.changed_by(lambda: day.save()) == set()
    assert w.changed_by(lambda: template.delete()) == set()


def test_a_change_to_the_clients_own_row_changes_their_revision():
    w = World()
    robin = Client.objects.filter(pk=w.robin.pk)
    assert w.changed_by(lambda: robin.update(first_name="Robyn")) == {"robin"}
    assert w.changed_by(lambda: robin.update(first_name=F("first_name"))) == set()
    stale = Client.objects.get(pk=w.robin.pk)
    assert w.changed_by(lambda: robin.update(notes="Newer")) == {"robin"}
    newer = robin.get().revision
    stale.phone = "555 0100"
    stale.save()  # carries the revision it was read with
    assert robin.get().revision not in (stale.revision, newer)


def test_a_write_rolled_back_keeps_the_revision():
    w = World()
    before = w.revisions()
    with transaction.atomic():
        SuggestionFactory(client=w.robin)
        transaction.set_rollback(True)
    assert w.revisions() == before
