"""The cached rows and sections: each kind of change shows at once on every page that
shows it, and a cache that is down costs speed, never the page."""

import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client as Browser
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from clients.services import client_archive, client_reassign, client_update
from core import fragments
from programming.models import Ladder, Variation
from programming.services import (
    assignment_progress,
    assignment_set,
    day_add,
    ladder_copy,
    ladder_make_default,
    ladder_rung_move,
    prescription_add,
    prescription_update,
    program_activate,
    program_create,
    program_update,
    variation_copy,
    variation_update,
)
from scheduling.services import session_mark_attendance
from tests.factories import ClientWithLoginFactory, SessionFactory, TrainerFactory
from tests.training.judge import log_and_judge
from training.models import Suggestion
from training.services import (
    ExerciseDone,
    SetDone,
    coach_settings_update,
    suggestion_accept,
    suggestion_dismiss,
)

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


@pytest.fixture
def setup(trainer):
    """A client on rung 2 of the trainer's own hinge ladder, with an active program
    whose one exercise follows the ladder; logged in on their phone."""
    ladder = ladder_copy(
        ladder=Ladder.objects.get(owner=None, pattern="hinge"), owner=trainer
    )
    ladder_make_default(ladder=ladder)
    client = ClientWithLoginFactory(trainer=trainer, first_name="Robin")
    second = ladder.rungs.get(position=2).variation
    assignment = assignment_set(client=client, variation=second, changed_by=trainer)
    program = program_create(trainer=trainer, client=client, name="Block one")
    day = day_add(program=program, name="Day A")
    prescription = prescription_add(day=day, variation=second, sets=3, reps=8)
    program_activate(program=program)
    phone = Browser()
    phone.force_login(client.user)
    return {
        "client": client,
        "ladder": ladder,
        "assignment": assignment,
        "program": program,
        "day": day,
        "prescription": prescription,
        "phone": phone,
    }


def pages(trainer_client, setup) -> dict[str, str]:
    client = setup["client"]
    return {
        "dashboard": trainer_client.get(reverse("dashboard:index")).content.decode(),
        "client page": trainer_client.get(client.get_absolute_url()).content.decode(),
        "My program": setup["phone"]
        .get(reverse("dashboard:my_program"))
        .content.decode(),
    }


def shows(found: dict[str, str], text: str) -> set[str]:
    return {name for name, html in found.items() if text in html}


def test_a_progress_shows_on_every_page_at_once(trainer_client, trainer, setup):
    before = pages(trainer_client, setup)  # cached now
    assert "2/11" in before["dashboard"]
    assignment_progress(assignment=setup["assignment"], changed_by=trainer)
    after = pages(trainer_client, setup)
    assert "3/11" in after["dashboard"]
    assert "3/11" in after["client page"]
    assert "rung 3 of 11" in after["My program"]


def test_a_prescription_edit_shows_on_my_program(trainer_client, trainer, setup):
    before = pages(trainer_client, setup)
    assert "5 × 5" not in before["My program"]
    prescription_update(
        prescription=setup["prescription"],
        variation=setup["prescription"].variation,
        sets=5,
        reps=5,
    )
    assert "5 × 5" in pages(trainer_client, setup)["My program"]


def test_a_program_edit_shows_on_every_page(trainer_client, trainer, setup):
    pages(trainer_client, setup)
    program_update(program=setup["program"], name="Block two")
    assert shows(pages(trainer_client, setup), "Block two") == {
        "dashboard",
        "client page",
        "My program",
    }


def _log(setup, *, pain: int, where: str) -> None:
    """Robin logs today's hinge, one set of 8, with ``pain`` at ``where``."""
    log_and_judge(
        client=setup["client"],
        day=setup["day"],
        performed_on=timezone.localdate(),
        exercises=[
            ExerciseDone(
                setup["prescription"],
                sets=[SetDone(reps=8)],
                pain=pain,
                pain_where=where,
            )
        ],
        uid=uuid.uuid4(),
        logged_by=setup["client"].user,
    )


def _log_pain(setup) -> Suggestion:
    """Robin logs the hinge with pain 7: a suggestion for the trainer."""
    _log(setup, pain=7, where="hip")
    return Suggestion.objects.get(client=setup["client"], status="pending")


def test_a_logged_workout_shows_in_results_compliance_and_charts(
    trainer_client, trainer, setup
):
    before = pages(trainer_client, setup)
    assert "1 of 4 workouts" not in before["dashboard"]
    _log(setup, pain=6, where="knee")
    after = pages(trainer_client, setup)
    assert "1 of 4 workouts" in after["dashboard"]
    assert "knee" in after["client page"]  # the latest results, and the pain chart


def test_a_pain_free_workout_shows_on_the_dashboard_at_once(trainer_client, setup):
    """No suggestion comes of it: only the workout's own rows are written."""
    before = pages(trainer_client, setup)
    assert "1 of 4 workouts" not in before["dashboard"]
    _log(setup, pain=0, where="")
    assert not Suggestion.objects.filter(client=setup["client"]).exists()
    assert "1 of 4 workouts" in pages(trainer_client, setup)["dashboard"]


@pytest.mark.parametrize("decide", ["accept", "dismiss"])
def test_a_suggestion_shows_until_it_is_decided(trainer_client, trainer, setup, decide):
    pages(trainer_client, setup)
    suggestion = _log_pain(setup)
    item = f'id="suggestion-{suggestion.pk}"'
    assert shows(pages(trainer_client, setup), item) == {"dashboard", "client page"}
    if decide == "accept":
        suggestion_accept(suggestion=suggestion, trainer=trainer)
    else:
        suggestion_dismiss(suggestion=suggestion, trainer=trainer, note="Sore anyway")
    assert shows(pages(trainer_client, setup), item) == set()


def test_a_missed_session_shows_on_the_dashboard_at_once(trainer_client, setup):
    started = timezone.now() - 3 * HOUR
    session = SessionFactory(
        client=setup["client"], starts_at=started, ends_at=started + HOUR
    )
    assert "Sessions missed" not in pages(trainer_client, setup)["dashboard"]
    session_mark_attendance(session=session, attendance="missed")
    assert "Sessions missed" in pages(trainer_client, setup)["dashboard"]


def test_new_settings_and_an_archived_client_show_at_once(
    trainer_client, trainer, setup
):
    month_ago = timezone.now() - 30 * 24 * HOUR
    type(setup["program"]).objects.filter(pk=setup["program"].pk).update(
        created_at=month_ago
    )
    quiet = "No workout logged for {} days or more"
    assert quiet.format(7) in pages(trainer_client, setup)["dashboard"]
    coach_settings_update(trainer=trainer, pain_threshold=4, quiet_days=10)
    assert quiet.format(10) in pages(trainer_client, setup)["dashboard"]
    client_archive(client=setup["client"])
    assert "No workout logged" not in pages(trainer_client, setup)["dashboard"]


def test_a_cached_form_comes_back_to_the_page_it_was_sent_from(trainer_client, setup):
    _log_pain(setup)
    trainer_client.get(reverse("dashboard:index"))  # renders and keeps the list
    for query in ("?page=1", "?q=Rob&page=1"):
        html = trainer_client.get(reverse("dashboard:index") + query).content.decode()
        assert fragments.NEXT_PLACEHOLDER not in html
        back = set(re.findall(r'name="next" value="([^"]*)"', html))
        assert back == {reverse("dashboard:index") + query.replace("&", "&amp;")}


def test_a_renamed_variation_shows_on_every_page(trainer_client, trainer, setup):
    variation = setup["assignment"].variation
    mine = variation_copy(variation=variation, owner=trainer)
    assignment_set(client=setup["client"], variation=mine, changed_by=trainer)
    pages(trainer_client, setup)
    variation_update(variation=mine, name="Hip hinge with a pause")
    assert shows(pages(trainer_client, setup), "Hip hinge with a pause") == {
        "dashboard",
        "client page",
        "My program",
    }


def test_a_reordered_ladder_shows_the_new_rung_number(trainer_client, trainer, setup):
    assert "2/11" in pages(trainer_client, setup)["dashboard"]
    ladder_rung_move(rung=setup["ladder"].rungs.get(position=2), step=1)
    found = pages(trainer_client, setup)
    assert "3/11" in found["dashboard"]
    assert "3/11" in found["client page"]
    assert "rung 3 of 11" in found["My program"]


def test_a_variation_renamed_in_the_admin_shows_at_once(
    trainer_client, trainer, setup, admin_user
):
    variation = Variation.objects.get(pk=setup["assignment"].variation_id)
    pages(trainer_client, setup)
    admin = Browser()
    admin.force_login(admin_user)
    url = reverse("admin:programming_variation_change", args=[variation.pk])
    form = admin.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(name="Renamed by the owner", cues="[]", copied_from="", owner="")
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].errors
    assert shows(pages(trainer_client, setup), "Renamed by the owner") == {
        "dashboard",
        "client page",
        "My program",
    }


def test_a_reassigned_client_leaves_one_dashboard_for_the_other(
    trainer_client, trainer, setup
):
    robin = setup["client"]
    client_update(client=robin, first_name="Robyn")
    assert "Robyn" in pages(trainer_client, setup)["dashboard"]
    other = TrainerFactory()
    client_reassign(client=robin, trainer=other)
    assert (
        "Robyn" not in trainer_client.get(reverse("dashboard:index")).content.decode()
    )
    new = Browser()
    new.force_login(other)
    assert "Robyn" in new.get(reverse("dashboard:index")).content.decode()
    assert new.get(robin.get_absolute_url()).status_code == 200


def test_every_service_write_gives_a_new_revision(trainer, setup):
    client = setup["client"]
    seen = {client.revision}
    for change in (
        lambda: assignment_progress(assignment=setup["assignment"], changed_by=trainer),
        lambda: program_update(program=setup["program"], name="Renamed"),
        lambda: day_add(program=setup["program"], name="Day B"),
        lambda: ladder_rung_move(rung=setup["ladder"].rungs.get(position=5), step=1),
    ):
        change()
        client.refresh_from_db()
        assert client.revision not in seen
        seen.add(client.revision)


def test_saving_an_old_copy_keeps_the_newer_revision(trainer, setup):
    stale = type(setup["client"]).objects.get(pk=setup["client"].pk)
    assignment_progress(assignment=setup["assignment"], changed_by=trainer)
    stale.notes = "Saved from a copy read before the progress"
    stale.save()
    stale.refresh_from_db()
    assert stale.revision != setup["client"].revision


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        fragments.CACHE: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
)
def test_a_cache_that_is_down_costs_speed_not_the_page(trainer_client, setup):
    found = pages(trainer_client, setup)
    assert all("Block one" in html for html in found.values())


def test_a_cached_form_posts_with_the_token_of_its_response(trainer, setup):
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(trainer)
    url = setup["client"].get_absolute_url()
    browser.get(url)  # renders and keeps the sections
    html = browser.get(url).content.decode()  # the sections from the cache
    assert fragments.CSRF_PLACEHOLDER not in html
    form = html[html.index('class="step-form"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', form).group(1)
    progress = reverse(
        "programming:assignment_progress", args=[setup["client"].pk, "hinge"]
    )
    response = browser.post(progress, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    third = setup["ladder"].rungs.get(position=3).variation
    assert setup["client"].assignments.get(is_current=True).variation == third
