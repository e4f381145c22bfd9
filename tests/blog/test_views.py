"""The blog's pages: what visitors read, what writers do, and what each costs."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from blog.models import Image, Post
from blog.services import PUBLISH_TIME_PAST, SLUG_TAKEN, image_store, posts_publish_due
from blog.views import PER_PAGE
from core.images import NOT_AN_IMAGE
from tests.brand.images import PNG
from tests.factories import (
    AdminFactory,
    PostFactory,
    PublishedPostFactory,
    SeriesFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _posts(count: int) -> None:
    author = TrainerFactory()
    series = SeriesFactory()
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            author=author,
            title=f"Part {n}",
            slug=f"part-{n}",
            summary="A rung at a time.",
            status=Post.Status.PUBLISHED,
            publish_at=now - timedelta(minutes=n),
            series=series,
            series_part=n + 1,
            pattern="hinge",
        )
        for n in range(count)
    )
    cover = image_store(data=PNG, post=None, user=author)
    Post.objects.update(cover=cover)


# --- Visitors -----------------------------------------------------------------------


def test_the_list_shows_published_posts_only_newest_first(client):
    old = PublishedPostFactory(publish_at=timezone.now() - timedelta(days=2))
    new = PublishedPostFactory()
    draft = PostFactory()
    response = client.get(reverse("blog:post_list"))
    page = response.content.decode()
    assert page.index(new.title) < page.index(old.title)
    assert draft.title not in page


@pytest.mark.parametrize("count", [10, 1000])
def test_the_list_costs_the_same_with_10_or_1000_posts(
    client, count, django_assert_max_num_queries
):
    _posts(count)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("blog:post_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.per_page == PER_PAGE
    assert len(response.context["page"].object_list) == PER_PAGE


@pytest.mark.parametrize("count", [1, 50])
def test_a_post_page_costs_the_same_whatever_its_series(
    client, count, django_assert_max_num_queries
):
    _posts(count)
    post = Post.objects.get(slug="part-0")
    post.body = "Intro.\n\n{{ ladder hinge }}\n\nMore."
    post.save()
    with django_assert_max_num_queries(4):
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "The hinge ladder" in response.content.decode()


@pytest.mark.parametrize("count", [1, 100])
def test_the_feeds_cost_the_same_with_1_or_100_posts(
    client, count, django_assert_max_num_queries
):
    _posts(count)
    for name in ("blog:feed", "blog:feed_atom"):
        with django_assert_max_num_queries(1):
            response = client.get(reverse(name))
        assert response.status_code == 200
        assert b"Part 0" in response.content


def test_the_feeds_carry_title_summary_and_link(client):
    post = PublishedPostFactory()
    rss = client.get(reverse("blog:feed"))
    atom = client.get(reverse("blog:feed_atom"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    for response in (rss, atom):
        text = response.content.decode()
        assert post.title in text
        assert post.summary in text
        assert post.get_absolute_url() in text


def test_a_draft_or_a_scheduled_post_is_a_404(client):
    assert client.get(PostFactory().get_absolute_url()).status_code == 404
    scheduled = PostFactory(
        status=Post.Status.SCHEDULED, publish_at=timezone.now() + timedelta(days=1)
    )
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_a_post_page_has_canonical_and_open_graph_tags_and_both_calls_to_action(
    client, settings
):
    settings.SITE_URL = "https://coach.example"
    post = PublishedPostFactory()
    post.cover = image_store(data=PNG, post=post, user=post.author)
    post.cover_alt = "A dowel along the back"
    post.save()
    page = client.get(post.get_absolute_url()).content.decode()
    url = f"https://coach.example{post.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert f'<meta property="og:title" content="{post.title}">' in page
    assert (
        f'<meta property="og:image" content="https://coach.example'
        f'{post.cover.get_absolute_url()}">'
    ) in page
    assert reverse("clients:consultation_request") in page
    assert reverse("newsletter:subscribe") in page


def test_a_series_page_lists_its_parts_in_order(client):
    series = SeriesFactory(title="The six patterns")
    second = PublishedPostFactory(series=series, series_part=2, title="The squat")
    first = PublishedPostFactory(
        series=series,
        series_part=1,
        title="The hip hinge",
        publish_at=timezone.now() - timedelta(days=1),
    )
    page = client.get(series.get_absolute_url()).content.decode()
    assert page.index(first.title) < page.index(second.title)
    detail = client.get(first.get_absolute_url()).content.decode()
    assert second.get_absolute_url() in detail  # the series' parts, linked


def test_a_pattern_page_lists_that_patterns_posts(client):
    hinge = PublishedPostFactory(pattern="hinge")
    squat = PublishedPostFactory(pattern="squat", title="Sit between your heels")
    page = client.get(reverse("blog:pattern", args=["hinge"])).content.decode()
    assert hinge.title in page
    assert squat.title not in page
    assert client.get(reverse("blog:pattern", args=["bench"])).status_code == 404


def test_the_sitemap_lists_published_posts_and_series_not_drafts(client):
    series = SeriesFactory()
    post = PublishedPostFactory(series=series, series_part=1)
    draft = PostFactory()
    text = client.get(reverse("sitemap")).content.decode()
    assert post.get_absolute_url() in text
    assert series.get_absolute_url() in text
    assert draft.get_absolute_url() not in text
    assert reverse("programming:pattern", args=["hinge"]) in text


def test_a_picture_is_served_with_its_checked_type_and_never_sniffed(client):
    image = image_store(data=PNG, post=None, user=TrainerFactory())
    response = client.get(image.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == image.file.open().read()
    assert client.get("/blog/images/nothing.png").status_code == 404


def test_the_public_navigation_links_to_the_blog(client):
    assert reverse("blog:post_list") in client.get(reverse("home")).content.decode()


# --- Writers ------------------------------------------------------------------------


def _form(**fields) -> dict:
    return {
        "title": "The hip hinge",
        "slug": "",
        "summary": "Butt back, chest up, knees out.",
        "body": "Start tall.\n\n{{ ladder hinge }}",
        "cover_alt": "",
        "pattern": "hinge",
        "series": "",
        "new_series": "",
        "series_part": "",
    } | fields


def test_a_trainer_writes_a_post_with_a_cover_and_previews_it(client):
    trainer = TrainerFactory()
    client.force_login(trainer)
    upload = SimpleUploadedFile("hinge.png", PNG, content_type="image/png")
    response = client.post(
        reverse("blog:post_new"),
        _form(cover_upload=upload, cover_alt="A dowel along the back"),
    )
    post = Post.objects.get()
    assert response.url == reverse("blog:post_edit", args=[post.pk])
    assert (post.author, post.status, post.cover.content_type) == (
        trainer,
        "draft",
        "image/png",
    )
    preview = client.get(reverse("blog:post_preview", args=[post.pk]))
    assert "Preview." in preview.content.decode()
    assert "The hinge ladder" in preview.content.decode()


def test_the_owner_edits_a_trainers_post_and_a_client_cannot_write():
    from django.test import Client

    post = PostFactory()
    owner = Client()
    owner.force_login(AdminFactory())
    response = owner.post(
        reverse("blog:post_edit", args=[post.pk]),
        _form(title="The hinge, revised", slug=post.slug),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "The hinge, revised"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.png", b"<script>alert(1)</script>"), NOT_AN_IMAGE),
        (SimpleUploadedFile("x.svg", b"<svg onload=alert(1)/>"), NOT_AN_IMAGE),
        (
            SimpleUploadedFile("big.png", PNG + b"\0" * (2 * 1024 * 1024 + 1)),
            "at most 2 MB",
        ),
    ],
)
def test_a_fake_or_oversize_cover_is_refused_on_the_form_and_nothing_is_kept(
    client, upload, message
):
    client.force_login(TrainerFactory())
    response = client.post(reverse("blog:post_new"), _form(cover_upload=upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Post.objects.exists()
    assert not Image.objects.exists()


def test_a_colliding_address_is_refused_on_the_form(client):
    PostFactory(slug="the-hip-hinge")
    client.force_login(TrainerFactory())
    response = client.post(reverse("blog:post_new"), _form())
    assert SLUG_TAKEN.format(slug="the-hip-hinge") in response.content.decode()
    assert Post.objects.count() == 1


def test_a_body_picture_is_added_and_its_markdown_line_shown(client):
    post = PostFactory()
    client.force_login(post.author)
    upload = SimpleUploadedFile("step.png", PNG)
    client.post(reverse("blog:image_add", args=[post.pk]), {"picture": upload})
    image = post.images.get()
    page = client.get(reverse("blog:post_edit", args=[post.pk])).content.decode()
    assert f"![describe it]({image.get_absolute_url()})" in page


def test_a_fake_body_picture_is_refused_with_a_message(client):
    post = PostFactory()
    client.force_login(post.author)
    upload = SimpleUploadedFile("step.png", b"not a picture")
    response = client.post(
        reverse("blog:image_add", args=[post.pk]), {"picture": upload}, follow=True
    )
    assert NOT_AN_IMAGE in response.content.decode()
    assert not Image.objects.exists()


def test_publish_now_twice_publishes_once_with_a_message(client):
    post = PostFactory()
    client.force_login(post.author)
    url = reverse("blog:post_publish", args=[post.pk])
    client.post(url)
    first = Post.objects.get().publish_at
    response = client.post(url, follow=True)
    assert "already published" in response.content.decode()
    assert Post.objects.get().publish_at == first


def test_scheduling_in_the_writers_zone_then_the_sweep_publishes_it_on_time(client):
    post = PostFactory()
    post.author.time_zone = "Pacific/Auckland"
    post.author.save()
    client.force_login(post.author)
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 22:00 in Auckland
    with time_machine.travel(now, tick=False):
        past = client.post(
            reverse("blog:post_schedule", args=[post.pk]),
            {"publish_at": "2026-03-02T21:00"},
        )
        assert PUBLISH_TIME_PAST in past.content.decode()
        client.post(
            reverse("blog:post_schedule", args=[post.pk]),
            {"publish_at": "2026-03-03T07:00"},
        )
    post.refresh_from_db()
    assert post.status == "scheduled"
    assert post.publish_at == datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    assert posts_publish_due(now=post.publish_at - timedelta(seconds=1)) == 0
    assert posts_publish_due(now=post.publish_at) == 1
    assert client.get(post.get_absolute_url()).status_code == 200


def test_unpublish_asks_first_then_takes_the_post_down(client):
    post = PublishedPostFactory()
    client.force_login(post.author)
    url = reverse("blog:post_unpublish", args=[post.pk])
    assert "Unpublish" in client.get(url).content.decode()
    assert Post.objects.get().is_published
    client.post(url)
    assert Post.objects.get().status == "draft"
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count", [1, 50])
def test_the_writers_list_costs_the_same_with_1_or_50_posts(
    client, count, django_assert_max_num_queries
):
    _posts(count)
    client.force_login(AdminFactory())
    with django_assert_max_num_queries(6):
        response = client.get(reverse("blog:writer_list"))
    assert response.status_code == 200


def test_a_trainer_sees_only_their_own_posts_on_the_writers_list(client):
    mine = PostFactory()
    theirs = PostFactory()
    client.force_login(mine.author)
    page = client.get(reverse("blog:writer_list")).content.decode()
    assert mine.title in page
    assert theirs.title not in page
