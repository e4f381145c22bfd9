"""The demo's blog: a real series with covers, every page with something to show."""

import pytest
from django.urls import reverse

from blog import demo
from blog.models import Post
from tests.factories import AdminFactory

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_a_series_with_covers_once(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    AdminFactory()
    demo.seed(options={}, log=lambda line: None)
    demo.seed(options={}, log=lambda line: None)  # idempotent
    posts = Post.objects.order_by("series_part")
    assert [p.status for p in posts] == ["published", "published", "scheduled"]
    assert all(p.cover and p.cover.file.size for p in posts)
    assert len({p.series_id for p in posts}) == 1
    hinge = posts[0]
    page = client.get(hinge.get_absolute_url()).content.decode()
    assert "The hinge ladder" in page
    assert "Butt back" in page
    for url in (
        reverse("blog:post_list"),
        hinge.series.get_absolute_url(),
        reverse("blog:pattern", args=["hinge"]),
    ):
        assert hinge.title in client.get(url).content.decode()
