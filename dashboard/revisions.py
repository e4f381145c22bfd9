"""The rows the composed pages show, and how each leads to the clients it shows for.

Every table of the project is here, in one of two lists. ``SHOWN``: its rows are shown
on a client's pages (or may be: anything that leads to a client is that client's), with
the path of foreign keys from a row to its client, or to the trainer whose clients all
see it. The database gives those clients a new revision on every write to it
(``clients.revisions``), so their cached rows and sections are never shown stale.
``NOT_SHOWN``: why no cached section shows it. ``tests/clients/test_revisions.py``
fails on a model in neither list, on a path that is not one, and on a table whose
triggers are missing.
"""

from django.db import connections

from accounts.models import User
from assessments.models import (
    Assessment,
    Protocol,
    ProtocolTest,
    Result,
    ScreenTest,
    StartDecision,
)
from blog.models import Image as BlogImage
from blog.models import Post
from blog.models import Series as BlogSeries
from booking.models import Booking, SessionBooking, SessionType, TimeOff, WeeklyHours
from brand.models import Brand
from clients import revisions
from clients.models import Client, ClientTag, Consultation
from exchange.models import ClientImport, Export
from letters.models import Issue
from messaging.models import Message, Thread
from newsletter.models import Subscriber
from notifications.models import Push, PushPreference, PushSubscription
from outbox.models import Attachment, Email, ErrorReport, Heartbeat, Suppression
from packages.models import Checkout, CreditEntry, Package, Payment, StripeEvent
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
from scheduling.models import CalendarFeed, Series, Session
from screening.models import (
    Consent,
    GateSwitch,
    Override,
    Questionnaire,
    Screening,
    Signature,
    Wording,
)
from training.models import (
    CoachSettings,
    Suggestion,
    Workout,
    WorkoutExercise,
    WorkoutSet,
)

SHOWN = {
    Client: "",  # the client's own row
    ClientTag: "client",
    # The screening's rows: a change renews the client's revision.
    Screening: "client",
    Consent: "client",
    Signature: "client",
    Override: "client",
    Consultation: "client",
    # The trainer's library: on the pages of all their clients; built in, everyone's.
    Variation: "owner",
    Ladder: "owner",
    Rung: "ladder__owner",
    Assignment: "client",
    AssignmentChange: "assignment__client",
    Program: "client",  # a template has no client: no page shows it
    TrainingDay: "program__client",
    Prescription: "day__program__client",
    Assessment: "client",
    Result: "assessment__client",
    StartDecision: "assessment__client",
    Series: "client",
    Session: "client",
    Workout: "client",
    WorkoutExercise: "workout__client",
    WorkoutSet: "exercise__workout__client",
    Suggestion: "client",
    # The pain threshold and the days without a workout: who needs attention.
    CoachSettings: "trainer",
    Export: "client",
    # Threads, bookings and credits: not in a cached section today, but a client's.
    Thread: "client",
    Message: "thread__client",
    Booking: "consultation__client",
    SessionBooking: "session__client",
    Payment: "client",
    CreditEntry: "client",
    Checkout: "client",
}

NOT_SHOWN = {
    # The screening's settings and versions are read on each page, never cached.
    **dict.fromkeys(
        [GateSwitch, Questionnaire, Wording],
        "The screening's versions and switch are read on each page, never cached.",
    ),
    User: "No field of a login is shown in a cached section; the time zone they are "
    "shown in is part of every key.",
    User.groups.through: "Permissions.",
    User.user_permissions.through: "Permissions.",
    Brand: "The site's look, drawn by the page around the sections.",
    Email: "Emails on their way; no page shows them.",
    ErrorReport: "Server errors, for the admins; no client's page shows them.",
    Heartbeat: "When the worker last worked; no client's page shows it.",
    Attachment: "Files sent with emails on their way; no page shows them.",
    Subscriber: "The newsletter's list.",
    Issue: "Newsletter issues, on the owner's pages, which are not cached.",
    Suppression: "Addresses newsletters skip; no client's page shows them.",
    Post: "The blog's posts: public pages, never in a client's cached section.",
    BlogSeries: "The blog's series (as Post).",
    BlogImage: "The blog's pictures (as Post).",
    ScreenTest: "The assessment library, shown on the assessment pages, which are "
    "not cached; a finished assessment keeps its recommendations.",
    Protocol: "The assessment library (as ScreenTest).",
    ProtocolTest: "The assessment library (as ScreenTest).",
    CalendarFeed: "A login's private calendar address.",
    ClientImport: "A spreadsheet read; the clients it makes are rows of Client.",
    PushSubscription: "A login's devices, shown on its notifications page only.",
    PushPreference: "A login's push topics, shown on its notifications page only.",
    Push: "Pushes on their way; no page shows them.",
    **dict.fromkeys(
        [SessionType, WeeklyHours, TimeOff],
        "A trainer's availability, on the booking pages, which are not cached.",
    ),
    Package: "The owner's price list, on the credits pages, which are not cached.",
    StripeEvent: "Stripe's events handled, for the admin; no client's page shows them.",
}


def _tables_exist(model, path: str, tables: set[str]) -> bool:
    """Whether the tables of ``model`` and its path exist: not after a migration
    back to before them."""
    names = path.split("__") if path else []
    for name in [None, *names]:
        if name is not None:
            model = model._meta.get_field(name).related_model
        if model._meta.db_table not in tables:
            return False
    return True


def install(sender, using: str, **kwargs) -> None:
    """After ``migrate`` (and ``flush``): the database's revision triggers are those
    of ``SHOWN``."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    shown = {
        model: path
        for model, path in SHOWN.items()
        if _tables_exist(model, path, tables)
    }
    revisions.sync(connection, shown)


def uninstall_on_sqlite(sender, using: str, **kwargs) -> None:
    """Before ``migrate`` on SQLite, which cannot rebuild a table that a trigger
    names: the migrations run without them, and ``install`` puts them back."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        revisions.drop(connection)
