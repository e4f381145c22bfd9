import uuid

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from brand.selectors import brand_get
from clients.selectors import client_for_user, client_get
from core import fragments
from core.http import next_path, read_only, service_call
from scheduling.selectors import session_get_for_client
from training import progression, selectors
from training.forms import CoachSettingsForm, DismissForm, WorkoutForm
from training.models import Suggestion
from training.services import (
    coach_settings_update,
    suggestion_accept,
    suggestion_dismiss,
    workout_log,
)

WORKOUT_SAVED = "Saved: {day}, {count} exercise{s}."
WORKOUT_ALREADY_SAVED = "This workout was already saved."
WORKOUTS_PER_PAGE = 20
# The log page's rest timer, for an exercise whose prescription sets no rest.
DEFAULT_REST_SECONDS = 90
MANIFEST_DESCRIPTION = "Your program, and a log of what you did, even with no signal."
SUGGESTION_ACCEPTED = "Done: {name} is on {move}. The program follows."
SUGGESTION_DISMISSED = "Dismissed: {name} stays where they are. The record is kept."
# "My progress" is kept per revision of the client (``core.fragments``).
MY_PROGRESS_BODY = "training/_my_progress.html"
LOG_BODY = "training/_workout_log.html"
SUGGESTION_STALE = (
    "{name} is no longer on {variation}: the suggestion was out of date and is put "
    "aside."
)
SUGGESTION_LOOKED_AGAIN = (
    "{name} logged a workout since: the rules looked again and this suggestion no "
    "longer holds. Nothing was moved; see what they suggest now."
)
FLAG_NOTED = "Noted: talk it through with {name} before loading."
SETTINGS_SAVED = "Your settings are saved."


def _wants_json(request) -> bool:
    """The phone's sync sends the same form, and asks for JSON back."""
    return request.accepts("application/json") and not request.accepts("text/html")


# The log page's body is kept per revision of the client; each response puts in a
# uid of its own, which makes a save sent twice count once.
UID_PLACEHOLDER = "00000000-0000-4000-8000-000000000000"


def _log(request, *, client, pk: int, by_trainer: bool, done_url):
    session = None
    session_pk = request.GET.get("session", "")
    if session_pk.isdigit() and len(session_pk) < 19:
        session = session_get_for_client(client=client, pk=int(session_pk))
    if request.method != "POST":
        return _log_page(
            request, client=client, pk=pk, by_trainer=by_trainer, session=session
        )
    day = selectors.day_for_logging(client=client, pk=pk, any_program=by_trainer)
    form = WorkoutForm(request.POST, prescriptions=day.exercises)
    if form.is_valid():
        with service_call(form):
            workout, created = workout_log(
                client=client,
                day=day,
                performed_on=form.cleaned_data["performed_on"],
                exercises=form.exercises(),
                uid=form.cleaned_data["uid"],
                logged_by=request.user,
                session=session,
                notes=form.cleaned_data["notes"],
            )
            url = done_url(workout)
            count = len(workout.exercises.all())
            message = (
                WORKOUT_SAVED.format(
                    day=workout.day_name, count=count, s=pluralize(count)
                )
                if created
                else WORKOUT_ALREADY_SAVED
            )
            messages.success(request, message)
            if _wants_json(request):
                return JsonResponse(
                    {"saved": True, "created": created, "url": url},
                    status=201 if created else 200,
                )
            return redirect(url)
    if _wants_json(request):
        return JsonResponse({"saved": False, "errors": form.errors}, status=400)
    # Refused: the form again, with what was typed and why, rendered afresh.
    context = _log_context(client, day, form, session, by_trainer=by_trainer)
    return render(
        request,
        "training/workout_log.html",
        {
            "day_name": day.name,
            "body": render_to_string(LOG_BODY, context, request=request),
        },
    )


def _log_context(client, day, form, session, *, by_trainer: bool) -> dict:
    prescriptions = day.exercises
    last_times = selectors.last_time_for_variations(
        client=client, variation_ids=[p.variation_id for p in prescriptions]
    )
    return {
        "client": client,
        "day": day,
        "form": form,
        "session": session,
        "by_trainer": by_trainer,
        "default_rest": DEFAULT_REST_SECONDS,
        # Each exercise with what was done at its variation the last time.
        "exercises": [
            (row, last_times.get(row.prescription.variation_id)) for row in form.rows
        ],
    }


def _log_page(request, *, client, pk: int, by_trainer: bool, session):
    """The log page, its body from the cache while the client's revision holds (a
    change to the day, its prescriptions or any workout gives them a new one):
    rendered on a miss, once the day is found to be theirs, which a key of theirs
    then stands for. A new uid for each response."""
    vary = (
        pk,
        "trainer" if by_trainer else "client",
        timezone.localdate(),  # the date the form starts on
        session and session.pk,
        session and session.starts_at.isoformat(),
    )
    keys = {
        "body": fragments.client_key(client, "log", *vary),
        "title": fragments.client_key(client, "log-title", *vary),
    }

    def render_log(missing: list[str]) -> dict[str, str]:
        day = selectors.day_for_logging(client=client, pk=pk, any_program=by_trainer)
        initial = {"uid": UID_PLACEHOLDER, "performed_on": timezone.localdate()}
        if session is not None:
            # A session recorded after the fact is logged on its own date.
            initial["performed_on"] = timezone.localdate(session.starts_at)
        form = WorkoutForm(prescriptions=day.exercises, initial=initial)
        context = _log_context(client, day, form, session, by_trainer=by_trainer)
        return {
            keys["body"]: fragments.render(LOG_BODY, context),
            keys["title"]: escape(day.name),
        }

    found = fragments.fragments(request, keys.values(), render_log)
    body = found[keys["body"]].replace(UID_PLACEHOLDER, str(uuid.uuid4()))
    return render(
        request,
        "training/workout_log.html",
        {
            # Escaped when kept; the uid is ours.
            "day_name": found[keys["title"]],
            "body": mark_safe(body),  # noqa: S308
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def my_day_log(request, pk: int):
    client = client_for_user(user=request.user)
    return _log(
        request,
        client=client,
        pk=pk,
        by_trainer=False,
        done_url=lambda w: reverse("training:my_workout", kwargs={"pk": w.pk}),
    )


@require_http_methods(["GET", "POST"])
def client_day_log(request, client_pk: int, pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    return _log(
        request,
        client=client,
        pk=pk,
        by_trainer=True,
        done_url=lambda w: reverse(
            "training:client_workout", kwargs={"client_pk": client.pk, "pk": w.pk}
        ),
    )


def _history(request, client, *, detail_url):
    page = Paginator(
        selectors.workout_list_for_client(client=client), WORKOUTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "training/workout_list.html",
        {"client": client, "page": page, "detail_url": detail_url},
    )


@read_only
def my_workouts(request):
    client = client_for_user(user=request.user)
    return _history(request, client, detail_url="training:my_workout")


@read_only
def my_workout(request, pk: int):
    client = client_for_user(user=request.user)
    workout = selectors.workout_get(client=client, pk=pk)
    return render(
        request, "training/workout_detail.html", {"client": client, "workout": workout}
    )


@read_only
def my_progress(request):
    client = client_for_user(user=request.user)

    def render_body() -> str:
        progress = selectors.progress_for_client(client=client)
        return render_to_string(MY_PROGRESS_BODY, {"progress": progress})

    body = fragments.client_section(client, "my-progress", render_body)
    return render(
        request, "training/my_progress.html", {"client": client, "body": body}
    )


@read_only
def client_workouts(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    return _history(request, client, detail_url="training:client_workout")


@read_only
def client_workout(request, client_pk: int, pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    workout = selectors.workout_get(client=client, pk=pk)
    return render(
        request, "training/workout_detail.html", {"client": client, "workout": workout}
    )


@require_safe
def service_worker(request):
    """Served from the root so that it may keep pages of the whole site."""
    response = render(
        request,
        "training/sw.js",
        {
            "workbox_sw": static("vendor/workbox/workbox-sw.js"),
            "push_sw": static("js/push-sw.js"),
            "workbox_path": f"{settings.STATIC_URL}vendor/workbox/",
            "static_url": settings.STATIC_URL,
            "offline_url": reverse("training:offline"),
        },
        content_type="application/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def manifest(request):
    """The web app manifest, named and coloured after the brand."""
    brand = brand_get()
    icons = [
        {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}"}
        for size in (192, 512)
    ]
    return JsonResponse(
        {
            "name": brand.business_name,
            "short_name": brand.business_name,
            "description": MANIFEST_DESCRIPTION,
            "start_url": reverse("dashboard:landing"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": brand.colour,
            "icons": [
                {**icon, "type": "image/png", "purpose": "any maskable"}
                for icon in icons
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )


@require_safe
def offline(request):
    return render(request, "training/offline.html")


@require_POST
def suggestion_accept_view(request, pk: int):
    suggestion = selectors.suggestion_get(trainer=request.user, pk=pk)
    client = suggestion.client
    with service_call(request):
        suggestion = suggestion_accept(suggestion=suggestion, trainer=request.user)
        if suggestion.status == Suggestion.Status.REPLACED:
            messages.warning(
                request, SUGGESTION_LOOKED_AGAIN.format(name=client.first_name)
            )
        elif suggestion.status == Suggestion.Status.SUPERSEDED:
            messages.warning(
                request,
                SUGGESTION_STALE.format(
                    name=client.first_name, variation=suggestion.from_variation
                ),
            )
        elif suggestion.kind == Suggestion.Kind.FLAG:
            messages.success(request, FLAG_NOTED.format(name=client.first_name))
        else:
            messages.success(
                request,
                SUGGESTION_ACCEPTED.format(
                    name=client.first_name, move=suggestion.move
                ),
            )
    return redirect(next_path(request, client.get_absolute_url()))


@require_POST
def suggestion_dismiss_view(request, pk: int):
    suggestion = selectors.suggestion_get(trainer=request.user, pk=pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("note", [])))
        return redirect(next_path(request, suggestion.client.get_absolute_url()))
    with service_call(request):
        suggestion_dismiss(
            suggestion=suggestion, trainer=request.user, note=form.cleaned_data["note"]
        )
        messages.success(
            request, SUGGESTION_DISMISSED.format(name=suggestion.client.first_name)
        )
    return redirect(next_path(request, suggestion.client.get_absolute_url()))


@require_http_methods(["GET", "POST"])
def coach_settings_view(request):
    form = CoachSettingsForm(
        request.POST or None, instance=selectors.coach_settings(trainer=request.user)
    )
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            coach_settings_update(trainer=request.user, **form.cleaned_data)
            messages.success(request, SETTINGS_SAVED)
            return redirect("training:settings")
    return render(
        request,
        "training/coach_settings.html",
        {"form": form, "rules": progression.RULES},
    )
