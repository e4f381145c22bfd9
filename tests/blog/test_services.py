"""Posts saved, published, scheduled and unpublished through the services."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from blog import services
from blog.models import Image, Post, Series
from blog.services import (
    ALREADY_PUBLISHED,
    PART_TAKEN,
    PUBLISH_TIME_PAST,
    SERIES_SLUG_EMPTY,
    SLUG_EMPTY,
    SLUG_RESERVED,
    SLUG_TAKEN,
    post_publish,
    post_save,
    post_schedule,
    post_unpublish,
    posts_publish_due,
)
from blog.tasks import post_publish_due_task
from core.images import NOT_AN_IMAGE, TOO_BIG, image_clean
from tests.brand.images import PNG
from tests.factories import PostFactory, PublishedPostFactory, TrainerFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _new(**fields) -> Post:
    defaults = {"title": "The hip hinge", "summary": "Butt back, chest up."}
    return Post(**(defaults | fields))


def test_a_new_post_is_a_draft_by_its_writer_with_an_address_from_its_title():
    trainer = TrainerFactory()
    post = post_save(post=_new(), user=trainer)
    assert (post.author, post.status, post.slug) == (trainer, "draft", "the-hip-hinge")
    assert post.publish_at is None


def test_an_address_another_post_has_is_refused_by_name_and_nothing_is_doubled():
    post_save(post=_new(), user=TrainerFactory())
    with pytest.raises(ValidationError) as refused:
        post_save(post=_new(), user=TrainerFactory())
    assert refused.value.message_dict["slug"] == [
        SLUG_TAKEN.format(slug="the-hip-hinge")
    ]
    assert Post.objects.count() == 1


def test_an_address_the_blog_uses_itself_is_refused():
    with pytest.raises(ValidationError) as refused:
        post_save(post=_new(slug="feed"), user=TrainerFactory())
    assert refused.value.message_dict["slug"] == [SLUG_RESERVED.format(slug="feed")]


def test_a_title_without_letters_needs_an_address_and_a_series_a_name():
    with pytest.raises(ValidationError) as refused:
        post_save(post=_new(title="!!!"), user=TrainerFactory())
    assert refused.value.message_dict["slug"] == [SLUG_EMPTY]
    with pytest.raises(ValidationError) as refused:
        post_save(post=_new(), user=TrainerFactory(), new_series="???")
    assert refused.value.message_dict["new_series"] == [SERIES_SLUG_EMPTY]
    assert not Post.objects.exists()


def test_a_new_series_is_made_once_and_its_parts_are_unique():
    trainer = TrainerFactory()
    first = post_save(
        post=_new(series_part=1), user=trainer, new_series="The six patterns"
    )
    second = post_save(
        post=_new(title="The squat", series_part=2),
        user=trainer,
        new_series="The six patterns",
    )
    assert first.series == second.series
    assert Series.objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        post_save(
            post=_new(title="The push", series=first.series, series_part=1),
            user=trainer,
        )
    assert refused.value.message_dict["series_part"] == [
        PART_TAKEN.format(part=1, series="The six patterns", title="The hip hinge")
    ]


def test_a_part_without_a_series_is_refused():
    with pytest.raises(ValidationError) as refused:
        post_save(post=_new(series_part=3), user=TrainerFactory())
    assert "series_part" in refused.value.message_dict


@pytest.mark.parametrize(
    "body",
    ["{{ ladder bench }}", "{{ snippet }}", "Look: {{ ladder hinge }} here.", "{{}}"],
)
def test_a_body_with_a_tag_that_is_not_a_ladder_on_its_own_line_is_refused(body):
    with pytest.raises(ValidationError) as refused:
        post_save(post=_new(body=body), user=TrainerFactory())
    assert refused.value.message_dict["body"]
    assert not Post.objects.exists()


def test_the_cover_is_kept_as_the_re_encoded_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    post = post_save(post=_new(), user=TrainerFactory(), cover=image_clean(PNG))
    assert post.cover.content_type == "image/png"
    assert post.cover.file.read() == image_clean(PNG).data
    assert post.cover.name.endswith(".png")
    assert post.cover.post == post


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<svg onload=alert(1)></svg>", NOT_AN_IMAGE),
        (b"GIF89a<script>alert(1)</script>", NOT_AN_IMAGE),
        (PNG + b"\0" * (2 * 1024 * 1024), TOO_BIG.split("{")[0]),
    ],
)
def test_a_fake_or_oversize_picture_is_refused_and_nothing_is_kept(
    data, message, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    post = PostFactory()
    with pytest.raises(ValidationError) as refused:
        services.post_image_add(post=post, data=data, user=post.author)
    assert message in refused.value.messages[0]
    assert not Image.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_publish_now_stamps_the_time_and_a_second_click_is_refused():
    post = PostFactory()
    post_publish(post=post, now=NOW)
    post.refresh_from_db()
    assert (post.status, post.publish_at) == ("published", NOW)
    with pytest.raises(ValidationError) as refused:
        post_publish(post=post, now=NOW + timedelta(minutes=1))
    assert refused.value.messages == [ALREADY_PUBLISHED.format(title=post.title)]
    post.refresh_from_db()
    assert post.publish_at == NOW


def test_a_time_in_the_past_is_refused_for_scheduling():
    post = PostFactory()
    with pytest.raises(ValidationError) as refused:
        post_schedule(post=post, publish_at=NOW - timedelta(minutes=1), now=NOW)
    assert refused.value.message_dict["publish_at"] == [PUBLISH_TIME_PAST]
    post.refresh_from_db()
    assert post.status == "draft"


def test_the_sweep_publishes_a_scheduled_post_once_its_time_has_come():
    post = PostFactory()
    post_schedule(post=post, publish_at=NOW + timedelta(hours=1), now=NOW)
    assert posts_publish_due(now=NOW + timedelta(minutes=59)) == 0
    assert not Post.objects.published().exists()
    assert posts_publish_due(now=NOW + timedelta(hours=1)) == 1
    post.refresh_from_db()
    assert (post.status, post.publish_at) == ("published", NOW + timedelta(hours=1))
    # Idempotent: a second sweep finds nothing.
    assert posts_publish_due(now=NOW + timedelta(hours=2)) == 0


def test_the_beat_task_runs_the_sweep_on_the_clock():
    post = PostFactory()
    post_schedule(post=post, publish_at=NOW + timedelta(hours=1), now=NOW)
    with time_machine.travel(NOW + timedelta(hours=1, seconds=30), tick=False):
        assert post_publish_due_task.delay().get() == 1
    assert Post.objects.get().status == "published"


def test_the_sweep_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "blog.tasks.post_publish_due_task" in tasks


def test_unpublishing_makes_a_draft_and_a_draft_cannot_be_unpublished():
    post = PublishedPostFactory()
    post_unpublish(post=post)
    post.refresh_from_db()
    assert (post.status, post.publish_at) == ("draft", None)
    with pytest.raises(ValidationError):
        post_unpublish(post=post)


def test_a_published_post_is_unpublished_before_it_is_scheduled():
    post = PublishedPostFactory()
    with pytest.raises(ValidationError):
        post_schedule(post=post, publish_at=NOW + timedelta(days=1), now=NOW)


def test_a_body_sent_with_crlf_line_ends_keeps_its_tag_and_one_kind_of_line():
    post = post_save(
        post=_new(body="Before.\r\n\r\n{{ ladder hinge }}\r\n\r\nAfter."),
        user=TrainerFactory(),
    )
    assert post.body == "Before.\n\n{{ ladder hinge }}\n\nAfter."
