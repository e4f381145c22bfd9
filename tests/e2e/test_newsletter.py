"""The owner's newsletter, in a real browser: an issue written, previewed as an
email, tested, sent; its counts live while it goes; a reader unsubscribes with the
email's own link, in one click."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from newsletter.models import Subscriber
from tests.conftest import wait_for
from tests.factories import AdminFactory, ConfirmedSubscriberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_owner_sends_an_issue_and_a_reader_unsubscribes(visit, tasks, mailoutbox):
    AdminFactory(email="owner@example.com", first_name="Olivia")
    robin = ConfirmedSubscriberFactory(email="robin@example.com", first_name="Robin")
    kai = ConfirmedSubscriberFactory(email="kai@example.com", first_name="Kai")
    ConfirmedSubscriberFactory.create_batch(2)

    visit.log_in("owner@example.com")
    page = visit.go(reverse("letters:issue_list"), "newsletter")
    page.get_by_role("link", name="Write an issue").click()
    visit.checked("write an issue")
    page.get_by_label("Subject").fill("The hip hinge: where strong backs start")
    page.get_by_label("Body").fill(
        "Push the **hips** back, not the back down.\n\n"
        "- Shins nearly vertical\n- Spine long\n\nTen slow wall touches a day."
    )
    page.get_by_role("button", name="Save").click()
    visit.checked("issue draft")
    expect(page.get_by_text("Issue saved.")).to_be_visible()
    detail = page.url

    preview = page.get_by_role("link", name="Preview as an email").get_attribute("href")
    visit.go(preview, "issue as an email")
    expect(page.locator("strong", has_text="hips")).to_be_visible()
    visit.go(detail, "issue draft again")

    page.get_by_role("button", name="Send me a test").click()
    visit.checked("test sent")
    expect(
        page.get_by_text("A test is on its way to owner@example.com")
    ).to_be_visible()
    assert wait_for(lambda: any(m.to == ["owner@example.com"] for m in mailoutbox))

    page.get_by_text("Send now…").click()
    page.get_by_role("button", name="Yes, send it now").click()
    visit.checked("issue sending")
    expect(page.get_by_text("Sending to every confirmed subscriber")).to_be_visible()
    # The counts fill in by themselves (htmx polling) as the worker sends.
    expect(page.locator("[data-count=sent]")).to_have_text("4")
    readers = [m for m in mailoutbox if m.to != ["owner@example.com"]]
    assert {m.to[0] for m in readers} >= {kai.email, robin.email}
    assert len(readers) == 4

    def link_of(reader):
        (message,) = [m for m in readers if m.to == [reader.email]]
        assert message.extra_headers["List-Unsubscribe-Post"] == (
            "List-Unsubscribe=One-Click"
        )
        return message.extra_headers["List-Unsubscribe"].strip("<>")

    # The mail provider's one-click button: a POST, no cookie, no token.
    response = page.request.post(link_of(kai), form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200
    # The reader opens the link from the email's footer and confirms.
    visit.go(link_of(robin), "unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    visit.checked("unsubscribed")
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert set(
        Subscriber.objects.filter(status="unsubscribed").values_list("email", flat=True)
    ) == {kai.email, robin.email}

    visit.go(detail, "issue live counts")
    expect(page.locator("[data-count=unsubscribed]")).to_have_text("2")
    page.set_viewport_size({"width": 375, "height": 812})
    assert visit.no_horizontal_scroll()
