import re

import pytest
from django.urls import reverse

from accounts.views import PASSWORD_SET
from outbox.models import Email
from tests.factories import ClientWithLoginFactory, TrainerFactory


def ask_for_reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


@pytest.mark.django_db
def test_reset_link_is_emailed_through_the_outbox_and_sets_the_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = TrainerFactory(email="chris@example.com")
    response = ask_for_reset(
        client, "chris@example.com", django_capture_on_commit_callbacks
    )
    assert response.url == reverse("password_reset_done")

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["chris@example.com"]
    assert message.alternatives[0].mimetype == "text/html"
    assert Email.objects.get().status == Email.Status.SENT

    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    new_password = "a-brand-new-password-2026"
    done = client.post(
        form_url, {"new_password1": new_password, "new_password2": new_password}
    )
    # Logged in at once, on the page their role lands on: no second typing.
    assert done.url == reverse("dashboard:landing")
    landed = client.get(done.url, follow=True)
    assert landed.wsgi_request.user == user
    assert PASSWORD_SET in landed.content.decode()
    user.refresh_from_db()
    assert user.check_password(new_password)
    client.logout()

    # The link works once.
    used = client.get(link, follow=True)
    assert "This link no longer works" in used.content.decode()


@pytest.mark.django_db
def test_unknown_email_gets_the_same_page_and_no_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    TrainerFactory(email="chris@example.com")
    known = ask_for_reset(
        client, "chris@example.com", django_capture_on_commit_callbacks
    )
    unknown = ask_for_reset(
        client, "nobody@example.com", django_capture_on_commit_callbacks
    )
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert len(mailoutbox) == 1
    assert Email.objects.count() == 1


@pytest.mark.django_db
def test_an_invited_client_without_a_password_can_ask_for_a_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    profile = ClientWithLoginFactory()
    profile.user.set_unusable_password()
    profile.user.save()
    ask_for_reset(client, profile.user.email, django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [[profile.user.email]]


@pytest.mark.django_db
def test_names_with_html_are_escaped_in_the_html_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    TrainerFactory(email="x@example.com", first_name="<script>alert(1)</script>")
    ask_for_reset(client, "x@example.com", django_capture_on_commit_callbacks)
    html = mailoutbox[0].alternatives[0].content
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
