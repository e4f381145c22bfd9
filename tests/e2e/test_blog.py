"""The coach publishes, in a real browser: the owner writes a post with a cover and a
ladder tag, previews it in the brand, schedules it; the beat sweep publishes it on
time; a visitor reads it on a 390 px phone, the live ladder and both calls to action
included."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from blog.demo import cover
from blog.models import Post
from blog.services import posts_publish_due
from programming.models import Ladder
from tests.factories import AdminFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
BODY = """Almost every day you bend down to pick something up.

## Taught from the top down

1. **Stand tall.**
2. **Butt back.**

{{ ladder hinge }}

Where you start is what the assessment decides.
"""


def test_the_owner_schedules_a_post_and_a_visitor_reads_it_on_a_phone(visit, tmp_path):
    AdminFactory(email="owner@example.com", first_name="Olivia")
    picture = tmp_path / "hinge.png"
    picture.write_bytes(cover("The hip hinge", ("#1f3a5f", "#e9b44c")))
    page = visit.page

    visit.log_in("owner@example.com")
    visit.go(reverse("blog:writer_list"), "the writers' list")
    page.get_by_role("link", name="Write a post").click()
    visit.checked("a new post")
    page.get_by_label("Title").fill("The hip hinge")
    page.get_by_label("Summary").fill(
        "Why the hinge gets a bad rap, and how to learn it."
    )
    page.get_by_label("Cover picture").set_input_files(str(picture))
    page.get_by_label("Cover description").fill("“The hip hinge” beside a ladder")
    page.get_by_label("Body").fill(BODY)
    page.get_by_label("Pattern it belongs to").select_option("hinge")
    page.get_by_label("Or start a new series").fill("The six patterns")
    page.get_by_label("Part").fill("1")
    page.get_by_role("button", name="Save as a draft").click()
    visit.checked("the draft saved")
    expect(page.get_by_text("is saved as a draft")).to_be_visible()

    page.get_by_role("link", name="Preview").click()
    visit.checked("the preview")
    expect(page.get_by_text("The hinge ladder, easiest first")).to_be_visible()
    first_rung = Ladder.objects.get(owner=None, pattern="hinge").rungs.first()
    expect(page.get_by_text(first_rung.variation.name).first).to_be_visible()
    page.get_by_role("link", name="Back to editing").click()

    # A time in the past is refused; a time to come is taken.
    zone = ZoneInfo(settings.TIME_ZONE)
    when = (datetime.now(zone) + timedelta(days=2)).replace(
        hour=7, minute=30, second=0, microsecond=0
    )
    page.get_by_label("Publish at").fill("2020-01-01T07:30")
    page.get_by_role("button", name="Schedule").click()
    visit.checked("a time in the past")
    expect(page.get_by_text("Choose a time in the future")).to_be_visible()
    page.get_by_label("Publish at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule").click()
    visit.checked("the post scheduled")
    expect(page.get_by_text("will be published on")).to_be_visible()
    post = Post.objects.get()
    assert (post.status, post.publish_at) == ("scheduled", when)
    visit.log_out()

    visit.refused(post.get_absolute_url(), "not yet published")
    # The beat sweep, on a clock pinned either side of the time.
    assert posts_publish_due(now=when - timedelta(seconds=1)) == 0
    assert posts_publish_due(now=when) == 1

    page.set_viewport_size(PHONE_390)
    visit.go(reverse("home"), "home, phone")
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("link", name="Blog").click()
    visit.checked("the blog, phone")
    page.get_by_role("link", name="The hip hinge").click()
    visit.checked("the post, phone")
    assert visit.no_horizontal_scroll()
    expect(page.get_by_role("heading", name="The hip hinge", level=1)).to_be_visible()
    expect(page.get_by_text("The hinge ladder, easiest first")).to_be_visible()
    expect(
        page.get_by_role("img", name="“The hip hinge” beside a ladder")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Schedule your consultation")).to_be_visible()
    expect(page.get_by_role("button", name="Sign up")).to_be_visible()
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.endswith(post.get_absolute_url())
    og_image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert "/blog/images/" in og_image
