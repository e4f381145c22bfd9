import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Subscriber
from newsletter.tokens import CONFIRM_MAX_AGE, confirm_token, unsubscribe_token
from outbox.models import Email
from tests.factories import ConfirmedSubscriberFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("newsletter:subscribe")
THANKS = reverse("newsletter:thanks")
Status = Subscriber.Status


def confirm_url(subscriber):
    return reverse("newsletter:confirm", args=[confirm_token(subscriber=subscriber)])


def unsubscribe_url(subscriber):
    return reverse(
        "newsletter:unsubscribe", args=[unsubscribe_token(subscriber=subscriber)]
    )


def test_signing_up_then_opening_the_emailed_link_confirms(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SUBSCRIBE,
            {"email": "ann@example.com", "first_name": "Ann", "source": "home"},
        )
    assert response.url == THANKS
    assert "Check your inbox" in client.get(THANKS).content.decode()
    [confirmation] = mailoutbox
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    link = re.search(r"http://testserver(/newsletter/confirm/\S+/)", confirmation.body)

    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(link.group(1))
    assert "You are subscribed" in page.content.decode()
    assert Subscriber.objects.get().status == Status.CONFIRMED
    assert mailoutbox[1].subject == "Welcome to the Strength Coach newsletter"


def test_a_known_address_gets_exactly_the_same_answer_as_a_new_one(client):
    ConfirmedSubscriberFactory(email="known@example.com")
    known = client.post(SUBSCRIBE, {"email": "known@example.com"}, follow=True)
    new = client.post(SUBSCRIBE, {"email": "new@example.com"}, follow=True)
    assert known.redirect_chain == new.redirect_chain

    def without_csrf_token(response):  # masked afresh on every response
        return re.sub(r'"X-CSRFToken": "\w+"', "", response.content.decode())

    assert without_csrf_token(known) == without_csrf_token(new)


def test_a_reused_confirmation_link_shows_a_clear_page_and_changes_nothing(client):
    subscriber = SubscriberFactory()
    url = confirm_url(subscriber)
    client.get(url)
    Subscriber.objects.filter(pk=subscriber.pk).update(status=Status.UNSUBSCRIBED)
    again = client.get(url)
    assert again.status_code == 200
    assert "This link has already been used" in again.content.decode()
    assert Subscriber.objects.get().status == Status.UNSUBSCRIBED
    assert Email.objects.filter(key__startswith="subscriber-welcome").count() == 1


def test_a_tampered_link_is_refused_with_a_clear_page(client):
    subscriber = SubscriberFactory()
    url = confirm_url(subscriber)
    for bad in [url[:-3] + "xx/", reverse("newsletter:confirm", args=["nonsense"])]:
        page = client.get(bad)
        assert page.status_code == 400
        assert "This link does not work" in page.content.decode()
    assert Subscriber.objects.get().status == Status.PENDING


def test_an_expired_link_offers_a_fresh_one_and_changes_nothing(client):
    subscriber = SubscriberFactory()
    sent = timezone.now() - CONFIRM_MAX_AGE - timedelta(minutes=1)
    with time_machine.travel(sent, tick=False):
        url = confirm_url(subscriber)
    page = client.get(url)
    assert page.status_code == 200
    assert "This link has expired" in page.content.decode()
    assert 'action="/newsletter/"' in page.content.decode()
    assert Subscriber.objects.get().status == Status.PENDING


def test_opening_a_confirmation_link_with_head_changes_nothing(client):
    subscriber = SubscriberFactory()
    assert client.head(confirm_url(subscriber)).status_code == 405
    assert Subscriber.objects.get().status == Status.PENDING


def test_unsubscribe_get_only_asks(client):
    subscriber = ConfirmedSubscriberFactory(email="ann@example.com")
    page = client.get(unsubscribe_url(subscriber))
    html = page.content.decode()
    assert page.status_code == 200
    assert "ann@example.com" in html
    assert '<form method="post">' in html
    assert Subscriber.objects.get().status == Status.CONFIRMED


def test_one_click_unsubscribe_needs_no_cookie_and_no_csrf_token():
    subscriber = ConfirmedSubscriberFactory()
    mail_provider = HttpClient(enforce_csrf_checks=True)
    url = unsubscribe_url(subscriber)
    response = mail_provider.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert Subscriber.objects.get().status == Status.UNSUBSCRIBED
    assert mail_provider.post(url).status_code == 200


def test_unsubscribing_an_address_that_is_gone_answers_200(client):
    subscriber = ConfirmedSubscriberFactory()
    url = unsubscribe_url(subscriber)
    subscriber.delete()
    assert client.post(url).status_code == 200
    page = client.get(url)
    assert page.status_code == 200
    assert "You are not subscribed" in page.content.decode()


def test_a_tampered_unsubscribe_link_is_refused(client):
    subscriber = ConfirmedSubscriberFactory()
    url = unsubscribe_url(subscriber).replace(f"/{subscriber.pk}:", "/999999:")
    assert client.post(url).status_code == 400
    assert Subscriber.objects.get().status == Status.CONFIRMED


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": ""}, "email"),
        ({"email": "nope"}, "email"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"email": "ann@example.com", "first_name": "A" * 101}, "first_name"),
    ],
)
def test_bad_input_is_refused_on_the_field(client, data, field):
    response = client.post(SUBSCRIBE, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Subscriber.objects.count() == 0


def test_a_unicode_or_html_name_is_kept_and_escaped_in_the_email(client):
    client.post(
        SUBSCRIBE,
        {"email": "ann@example.com", "first_name": "Zoë <b>", "source": "<x>"},
    )
    subscriber = Subscriber.objects.get()
    assert subscriber.first_name == "Zoë <b>"
    assert subscriber.source == "x"
    email = Email.objects.get()
    assert "Hello Zoë &lt;b&gt;" in email.body_html
    assert "Hello Zoë <b>" in email.body_text


def test_a_filled_honeypot_looks_like_success_and_stores_nothing(client):
    response = client.post(
        SUBSCRIBE, {"email": "bot@example.com", "website": "http://spam.example"}
    )
    assert response.url == THANKS
    assert Subscriber.objects.count() == 0
    assert Email.objects.count() == 0


def test_the_form_needs_its_csrf_token():
    client = HttpClient(enforce_csrf_checks=True)
    assert client.post(SUBSCRIBE, {"email": "ann@example.com"}).status_code == 403


def test_too_many_sign_ups_from_one_address_get_a_429(client, settings):
    settings.NEWSLETTER_RATE_LIMIT = "1/m"
    assert client.post(SUBSCRIBE, {"email": "a@example.com"}).status_code == 302
    refused = client.post(SUBSCRIBE, {"email": "b@example.com"})
    assert refused.status_code == 429
    assert Subscriber.objects.count() == 1
