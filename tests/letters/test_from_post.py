"""A published post becomes a draft issue about it, for the owner to edit and send;
a draft post, or a writer who is not the owner, makes nothing."""

import pytest
from django.urls import reverse

from letters.models import Issue
from letters.services import POST_NOT_PUBLISHED
from tests.factories import AdminFactory, PostFactory, PublishedPostFactory

pytestmark = pytest.mark.django_db


def test_a_published_post_becomes_a_draft_issue_that_links_to_it(client, settings):
    settings.SITE_URL = "https://coach.example.com"
    post = PublishedPostFactory(title="The hip hinge [part 1]")
    client.force_login(AdminFactory())
    response = client.post(reverse("letters:issue_from_post", args=[post.pk]))
    issue = Issue.objects.get()
    assert response["Location"] == reverse("letters:issue_edit", args=[issue.pk])
    assert issue.status == Issue.Status.DRAFT
    assert issue.subject == "The hip hinge [part 1]"
    url = f"https://coach.example.com{post.get_absolute_url()}"
    assert issue.source_url == url
    assert post.summary in issue.body
    assert f"[Read “The hip hinge (part 1)” on the site]({url})" in issue.body


def test_a_draft_post_makes_no_issue_and_says_why(client):
    post = PostFactory()
    client.force_login(AdminFactory())
    response = client.post(
        reverse("letters:issue_from_post", args=[post.pk]), follow=True
    )
    assert not Issue.objects.exists()
    assert POST_NOT_PUBLISHED in response.content.decode()


def test_the_owner_sees_the_button_on_published_posts_only(client):
    published, draft = PublishedPostFactory(), PostFactory()
    client.force_login(AdminFactory())
    html = client.get(reverse("blog:writer_list")).content.decode()
    assert reverse("letters:issue_from_post", args=[published.pk]) in html
    assert reverse("letters:issue_from_post", args=[draft.pk]) not in html
