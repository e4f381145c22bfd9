"""Every write of the blog: posts saved, pictures kept, publishing and unpublishing."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from blog.models import Image, Post, Series
from blog.rendering import validate_body
from core.images import CleanImage, image_clean

SLUG_TAKEN = "Another post already has the address “{slug}”; choose another."
SLUG_RESERVED = "The blog uses the address “{slug}” itself; choose another."
# The blog's own pages (blog/urls.py), which a post's address must not hide.
RESERVED_SLUGS = frozenset({"write", "feed", "series", "pattern", "images"})
SLUG_EMPTY = "Give the post an address of letters or numbers, such as the-hip-hinge."
SERIES_SLUG_EMPTY = "Give the new series a name with letters or numbers in it."
PART_TAKEN = "Part {part} of “{series}” is already “{title}”; choose another part."
PART_NEEDS_SERIES = "Choose the series this is a part of, or leave the part empty."
PUBLISH_TIME_PAST = "Choose a time in the future; to publish now, use “Publish now”."
ALREADY_PUBLISHED = "“{title}” is already published."
SCHEDULE_PUBLISHED = (
    "“{title}” is already published; unpublish it first to schedule it."
)
NOT_PUBLISHED = "“{title}” is not published."

EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}


def image_store(*, data: CleanImage | bytes, post: Post | None, user: User) -> Image:
    """Keep a picture as a file under a random name: only ever the bytes that
    ``image_clean`` re-encoded (a ValidationError for anything that is not a picture
    within bounds)."""
    clean = data if isinstance(data, CleanImage) else image_clean(data)
    image = Image(
        post=post,
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
        uploaded_by=user,
    )
    name = f"{secrets.token_urlsafe(18)}.{EXTENSIONS[clean.content_type]}"
    image.file.save(name, ContentFile(clean.data), save=False)
    image.save()
    return image


def _series_for(title: str) -> Series:
    slug = slugify(title)[:80]
    if not slug:
        raise ValidationError({"new_series": SERIES_SLUG_EMPTY})
    series, _ = Series.objects.get_or_create(slug=slug, defaults={"title": title})
    return series


def _check(post: Post) -> None:
    errors: dict[str, list[str]] = {}
    try:
        validate_body(post.body)
    except ValidationError as error:
        errors.update(error.message_dict)
    if post.slug in RESERVED_SLUGS:
        errors.setdefault("slug", []).append(SLUG_RESERVED.format(slug=post.slug))
    elif Post.objects.filter(slug=post.slug).exclude(pk=post.pk).exists():
        errors.setdefault("slug", []).append(SLUG_TAKEN.format(slug=post.slug))
    if post.series_part is not None and post.series_id is None:
        errors.setdefault("series_part", []).append(PART_NEEDS_SERIES)
    elif post.series_part is not None:
        other = (
            Post.objects.filter(series_id=post.series_id, series_part=post.series_part)
            .exclude(pk=post.pk)
            .first()
        )
        if other is not None:
            errors.setdefault("series_part", []).append(
                PART_TAKEN.format(
                    part=post.series_part, series=post.series, title=other.title
                )
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def post_save(
    *,
    post: Post,
    user: User,
    cover: CleanImage | None = None,
    new_series: str = "",
) -> Post:
    """Create or edit a post (a new one is ``user``'s), with a new cover when one is
    given and in a new series when ``new_series`` names one (an existing series of
    that name is reused). The address is made from the title when left blank; one
    that another post has is refused, as are unknown tags in the body.

    Idempotent: saving the same values again changes nothing.
    """
    if post.pk is None:
        post.author = user
    # A browser sends a textarea's lines ended by CRLF; one kind of line is kept.
    post.body = post.body.replace("\r\n", "\n").replace("\r", "\n")
    post.slug = post.slug or slugify(post.title)[:80]
    if not post.slug:
        raise ValidationError({"slug": SLUG_EMPTY})
    if new_series.strip():
        post.series = _series_for(new_series.strip())
    _check(post)
    post.full_clean(validate_unique=False)  # the address is checked above, in words
    try:
        with transaction.atomic():
            post.save()
    except IntegrityError:  # the same address taken a moment ago, by another request
        raise ValidationError({"slug": SLUG_TAKEN.format(slug=post.slug)}) from None
    if cover is not None:
        post.cover = image_store(data=cover, post=post, user=user)
        post.save(update_fields=["cover", "updated_at"])
    return post


@transaction.atomic
def post_image_add(*, post: Post, data: CleanImage | bytes, user: User) -> Image:
    """A picture for the body of ``post``; its address goes into the Markdown."""
    return image_store(data=data, post=post, user=user)


def _locked(post: Post) -> Post:
    return Post.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def post_publish(*, post: Post, now: datetime | None = None) -> Post:
    """Publish ``post`` now. Idempotent: a published post is refused with a message,
    and nothing changes."""
    post = _locked(post)
    if post.is_published:
        raise ValidationError(ALREADY_PUBLISHED.format(title=post.title))
    post.status = Post.Status.PUBLISHED
    post.publish_at = now or timezone.now()
    post.save(update_fields=["status", "publish_at", "updated_at"])
    return post


@transaction.atomic
def post_schedule(
    *, post: Post, publish_at: datetime, now: datetime | None = None
) -> Post:
    """Publish ``post`` at ``publish_at``, which must be in the future: the beat
    sweep (``posts_publish_due``) publishes it once its time has come."""
    post = _locked(post)
    if post.is_published:
        raise ValidationError(SCHEDULE_PUBLISHED.format(title=post.title))
    if publish_at <= (now or timezone.now()):
        raise ValidationError({"publish_at": PUBLISH_TIME_PAST})
    post.status = Post.Status.SCHEDULED
    post.publish_at = publish_at
    post.save(update_fields=["status", "publish_at", "updated_at"])
    return post


@transaction.atomic
def post_unpublish(*, post: Post) -> Post:
    """Back to a draft: off the list, the feed and the sitemap, its page a 404; a
    scheduled post loses its time."""
    post = _locked(post)
    if post.status == Post.Status.DRAFT:
        raise ValidationError(NOT_PUBLISHED.format(title=post.title))
    post.status = Post.Status.DRAFT
    post.publish_at = None
    post.save(update_fields=["status", "publish_at", "updated_at"])
    return post


def posts_publish_due(*, now: datetime | None = None) -> int:
    """Publish every scheduled post whose time has come, in one conditional UPDATE;
    the number published.

    Idempotent: a post already published is not scheduled, so a second sweep (or a
    racing one) finds nothing to do.
    """
    now = now or timezone.now()
    return Post.objects.due(now).update(status=Post.Status.PUBLISHED, updated_at=now)
