import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models

from core.emails import email_canonical
from core.models import CanonicalEmailField, TimeStampedModel


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone.")


class EmailUserManager(UserManager):
    """Users are found by email, in its canonical form (``core.emails``)."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=email_canonical(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email=email_canonical(username))


class User(TimeStampedModel, AbstractUser):
    """Someone who logs in, by email. The role decides what they may see."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        TRAINER = "trainer", "Trainer"
        CLIENT = "client", "Client"

    username = None
    email = CanonicalEmailField("email address", unique=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.CLIENT)
    time_zone = models.CharField(
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
        help_text="Times are shown to this person in this zone.",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_superuser=False) | models.Q(role="admin"),
                name="user_superuser_is_admin",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def time_zone_label(self) -> str:
        """The zone as people read it: "America/New York"."""
        return self.time_zone.replace("_", " ")

    @property
    def is_trainer(self) -> bool:
        return self.role == self.Role.TRAINER

    @property
    def is_client(self) -> bool:
        return self.role == self.Role.CLIENT

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN and self.is_staff
