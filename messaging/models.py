import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.models import TimeStampedModel

BODY_MAX_LENGTH = 4000


class ThreadQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        """Through the client: a client who moves to another trainer takes the
        thread along, and the old trainer no longer finds it."""
        return self.filter(client__trainer=trainer)


class Thread(TimeStampedModel):
    """The messages between one client and their trainer (whoever that is now)."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="thread"
    )
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)
    client_read_at = models.DateTimeField(
        "client last read", null=True, blank=True, editable=False
    )
    trainer_read_at = models.DateTimeField(
        "trainer last read", null=True, blank=True, editable=False
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at", "-pk"]

    def __str__(self) -> str:
        return f"Thread with {self.client}"

    def get_absolute_url(self) -> str:
        return reverse("messaging:client_thread", kwargs={"client_pk": self.client_id})


def unread_by_trainer() -> Q:
    """Messages of a thread (reached as ``thread``) that its trainer has not read."""
    return Q(from_client=True) & (
        Q(thread__trainer_read_at=None) | Q(created_at__gt=F("thread__trainer_read_at"))
    )


def unread_by_client() -> Q:
    """Messages of a thread (reached as ``thread``) that its client has not read."""
    return Q(from_client=False) & (
        Q(thread__client_read_at=None) | Q(created_at__gt=F("thread__client_read_at"))
    )


class MessageQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(deleted_at=None)

    def unread_by(self, user):
        """Messages ``user`` (a trainer or a client) has not read, in their threads."""
        if user.is_trainer:
            return self.shown().filter(
                unread_by_trainer(), thread__client__trainer=user
            )
        return self.shown().filter(unread_by_client(), thread__client__user=user)


def attachment_path(message: "Message", filename: str) -> str:
    # Never the uploaded name: a random one, with the extension of what the content
    # was found to be, in a folder per month.
    extension = PurePosixPath(filename).suffix
    return f"messages/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Message(TimeStampedModel):
    """One message of a thread: text, a photo or a short video; a **comment** when
    it is about a workout (and maybe one exercise of it)."""

    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        PHOTO = "photo", "Photo"
        VIDEO = "video", "Video"

    uid = models.UUIDField(
        "id made on the phone",
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Made where the message is written, so that sending it twice "
        "stores it once.",
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_client = models.BooleanField(
        help_text="Written by the client (else by a trainer)."
    )
    body = models.TextField(blank=True, max_length=BODY_MAX_LENGTH)
    workout = models.ForeignKey(
        "training.Workout",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    exercise = models.ForeignKey(
        "training.WorkoutExercise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.TEXT)
    attachment = models.FileField(upload_to=attachment_path, blank=True, max_length=200)
    attachment_type = models.CharField(max_length=40, blank=True)
    attachment_size = models.PositiveBigIntegerField(default=0)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    digested_at = models.DateTimeField(
        "in a digest email",
        null=True,
        blank=True,
        editable=False,
        help_text="When its unread reader was sent a digest naming it.",
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "-id"]),
            models.Index(
                fields=["created_at"],
                condition=Q(digested_at=None, deleted_at=None),
                name="message_not_digested",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(exercise=None) | ~Q(workout=None),
                name="message_exercise_has_workout",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60] or self.get_kind_display()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def has_attachment(self) -> bool:
        return bool(self.attachment) and not self.is_deleted

    def get_attachment_url(self) -> str:
        return reverse("messaging:attachment", kwargs={"pk": self.pk})
