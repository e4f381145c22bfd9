"""The brand reaches past the pages: the installed app's name and colour, the API's
title, and who the emails are from."""

import json

import pytest
from django.urls import reverse

from brand.models import Brand
from brand.services import brand_save
from outbox.models import Email
from outbox.services import email_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def north():
    brand_save(brand=Brand(business_name="North Strength", colour="#1d4ed8"))


def test_the_manifest_names_the_app_after_the_brand(client, north):
    data = json.loads(client.get(reverse("training:manifest")).content)
    assert data["name"] == data["short_name"] == "North Strength"
    assert data["theme_color"] == "#1d4ed8"


def test_a_name_with_quotes_keeps_the_manifest_json(client):
    brand_save(brand=Brand(business_name='Sam "The Hinge" & Co'))
    data = json.loads(client.get(reverse("training:manifest")).content)
    assert data["name"] == 'Sam "The Hinge" & Co'


def test_the_api_docs_and_schema_are_titled_with_the_brand(client, north):
    docs = client.get(reverse("api:docs")).content.decode()
    assert "<title>North Strength API</title>" in docs
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert json.loads(schema.content)["info"]["title"] == "North Strength API"


def test_emails_are_from_the_brands_name(north, settings):
    settings.DEFAULT_FROM_EMAIL = "Coach <coach@example.com>"
    email = Email.objects.create(
        key="k", to="a@example.com", subject="Hi", body_text="Hi", body_html=""
    )
    message = email_message(email)
    assert message.from_email == "North Strength <coach@example.com>"
    assert "From: North Strength <coach@example.com>" in message.message().as_string()
