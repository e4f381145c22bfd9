"""Tags: free words a trainer gives their clients, to find them by."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients.models import ClientTag
from clients.services import (
    TAG_TOO_LONG,
    TOO_MANY_TAGS,
    client_tags_set,
    client_update,
)
from clients.services.clients import TAGS_MAX
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def names(client) -> list[str]:
    return sorted(client.tags.values_list("name", flat=True))


def test_tags_are_trimmed_and_kept_once_whatever_their_case(coached):
    kept = client_tags_set(
        client=coached, tags=[" Evening ", "evening", "", "bad  knee"]
    )
    assert kept == ["Evening", "bad knee"]
    assert names(coached) == ["Evening", "bad knee"]


def test_setting_tags_again_keeps_the_rows_that_stay(coached):
    client_tags_set(client=coached, tags=["evening", "knee"])
    evening = ClientTag.objects.get(client=coached, name="evening")
    client_tags_set(client=coached, tags=["EVENING", "team"])
    assert names(coached) == ["evening", "team"]
    assert ClientTag.objects.get(client=coached, name="evening").pk == evening.pk


def test_a_tag_too_long_or_too_many_changes_nothing(coached):
    client_tags_set(client=coached, tags=["evening"])
    with pytest.raises(ValidationError) as too_long:
        client_tags_set(client=coached, tags=["x" * 41])
    assert too_long.value.messages == [TAG_TOO_LONG.format(max=40, tag="x" * 41)]
    with pytest.raises(ValidationError) as too_many:
        client_tags_set(client=coached, tags=[f"t{n}" for n in range(TAGS_MAX + 1)])
    assert too_many.value.messages == [TOO_MANY_TAGS.format(max=TAGS_MAX)]
    assert names(coached) == ["evening"]


def test_a_tag_gives_the_client_a_new_revision(coached):
    before = coached.revision
    client_tags_set(client=coached, tags=["evening"])
    coached.refresh_from_db()
    assert coached.revision != before


def test_client_update_leaves_tags_alone_unless_given(coached):
    client_tags_set(client=coached, tags=["evening"])
    client_update(client=coached, first_name="Sam")
    assert names(coached) == ["evening"]
    client_update(client=coached, first_name="Sam", tags=[])
    assert names(coached) == []


def test_the_client_page_edits_the_tags(trainer_client, coached):
    page = trainer_client.get(coached.get_absolute_url()).content.decode()
    assert reverse("clients:client_tags", args=[coached.pk]) in page
    response = trainer_client.post(
        reverse("clients:client_tags", args=[coached.pk]), {"tags": "knee, Evening"}
    )
    assert response.status_code == 302
    assert names(coached) == ["Evening", "knee"]
    page = trainer_client.get(coached.get_absolute_url()).content.decode()
    assert 'value="knee, Evening"' in page or 'value="Evening, knee"' in page


def test_a_bad_tag_is_said_and_nothing_is_saved(trainer_client, coached):
    response = trainer_client.post(
        reverse("clients:client_tags", args=[coached.pk]),
        {"tags": "x" * 41},
        follow=True,
    )
    assert TAG_TOO_LONG.format(max=40, tag="x" * 41) in response.content.decode()
    assert names(coached) == []


def test_the_edit_form_shows_and_saves_the_tags(trainer_client, coached):
    client_tags_set(client=coached, tags=["evening"])
    url = reverse("clients:client_edit", args=[coached.pk])
    assert 'value="evening"' in trainer_client.get(url).content.decode()
    trainer_client.post(
        url, {"first_name": coached.first_name, "tags": "team", "email": ""}
    )
    assert names(coached) == ["team"]


def test_another_trainers_client_cannot_be_tagged(trainer_client):
    other = ClientFactory()
    response = trainer_client.post(
        reverse("clients:client_tags", args=[other.pk]), {"tags": "mine"}
    )
    assert response.status_code == 404
    assert names(other) == []
