"""The coach's articles: posts, the series they belong to, and their pictures."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.models import TimeStampedModel
from programming.models import Pattern


class Series(TimeStampedModel):
    """Posts read in order, such as "The six patterns"."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "series"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("blog:series_detail", args=[self.slug])


def image_path(instance: Image, filename: str) -> str:
    # The name is the one the service chose (random); the upload's own is never used.
    return f"blog/{filename}"


class Image(TimeStampedModel):
    """A picture of a post (its cover, or one in its body), kept as the file
    ``core.images.image_clean`` re-encoded and served with the type it was found to
    be."""

    post = models.ForeignKey(
        "Post", on_delete=models.CASCADE, related_name="images", null=True, blank=True
    )
    file = models.FileField(upload_to=image_path, max_length=120, unique=True)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self) -> str:
        return reverse("blog:image", args=[self.name])


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Post.Status.PUBLISHED)

    def due(self, now):
        """Scheduled posts whose time has come."""
        return self.filter(status=Post.Status.SCHEDULED, publish_at__lte=now)

    def written_by(self, user):
        """The posts ``user`` may edit: all for the owner, their own for a trainer."""
        if user.is_admin:
            return self.all()
        return self.filter(author=user)


class Post(TimeStampedModel):
    """An article: Markdown written by a trainer or the owner, shown once published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The post's address, such as the-hip-hinge. Left blank, it is made "
        "from the title.",
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two sentences: shown in the list, the feed and when the "
        "link is shared.",
    )
    body = models.TextField(
        blank=True,
        help_text="Markdown. A line {{ ladder hinge }} shows your ladder for that "
        "pattern, as it is on the day it is read.",
    )
    cover = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cover_alt = models.CharField(
        "cover description",
        max_length=200,
        blank=True,
        help_text="What the cover shows, for those who cannot see it.",
    )
    pattern = models.CharField(max_length=10, choices=Pattern.choices, blank=True)
    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, null=True, blank=True, related_name="posts"
    )
    series_part = models.PositiveSmallIntegerField(
        "part",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Its place in the series: 1, 2, ...",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text="When it is (or was) published.",
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["status", "publish_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "series_part"], name="post_unique_series_part"
            ),
            models.CheckConstraint(
                condition=Q(series_part__isnull=True) | Q(series__isnull=False),
                name="post_part_needs_series",
                violation_error_message="A part needs its series.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False),
                name="post_publish_time_when_not_draft",
                violation_error_message="A published or scheduled post needs its "
                "publish time.",
            ),
            models.CheckConstraint(
                condition=Q(series_part__isnull=True) | Q(series_part__gte=1),
                name="post_part_from_one",
                violation_error_message="Parts are numbered from 1.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("blog:post_detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def pattern_label(self) -> str:
        return Pattern(self.pattern).label if self.pattern else ""
