"""A workout's suggestions made by a real Celery worker on Redis, a moment after the
save commits (CI runs it)."""

import time

import pytest
from django.urls import reverse

from tests.conftest import wait_for
from tests.training.test_save_budget import PATTERNS, _form
from training.models import Suggestion, Workout

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("library"),
]


def test_the_worker_makes_the_suggestions_seconds_after_the_save(
    client, four_patterns, celery_worker
):
    athlete, day = four_patterns
    client.force_login(athlete.user)
    hurt = _form(day) | {f"e{i}-pain": "6" for i in range(len(PATTERNS))}

    saved = time.monotonic()
    response = client.post(reverse("training:my_day_log", kwargs={"pk": day.pk}), hurt)

    assert response.status_code == 302
    assert wait_for(lambda: Workout.objects.filter(judged_at__isnull=False).exists())
    assert time.monotonic() - saved < 5, "a few seconds behind at most"
    assert Suggestion.objects.pending().filter(kind="regress").count() == len(PATTERNS)
