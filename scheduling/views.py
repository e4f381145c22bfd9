import zoneinfo
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clients.selectors import client_for_user, client_get
from core.http import read_only, service_call
from outbox.services import absolute_url
from programming.selectors import program_active_for_client, program_day_names
from scheduling import selectors
from scheduling.forms import (
    RemindersForm,
    SessionEditForm,
    SessionForm,
    SessionRecordForm,
    WeekForm,
)
from scheduling.ical import calendar_ical
from scheduling.services import (
    SessionOverlap,
    calendar_feed_reset,
    calendar_feed_revoke,
    client_set_reminders,
    series_schedule,
    session_cancel,
    session_mark_attendance,
    session_record,
    session_reschedule,
    session_schedule,
)

SESSION_SCHEDULED = "Session with {name} scheduled for {when}."
SERIES_SCHEDULED = "{count} sessions with {name} scheduled: {series}."
SESSION_RECORDED = (
    "Session with {name} on {when} recorded as attended. Log what they did below."
)
SESSION_SAVED = "Session saved."
SESSIONS_SAVED = "{count} sessions changed."
SESSION_CANCELLED = "The session with {name} on {when} is cancelled."
ATTENDANCE_SAVED = "{name}'s session of {when} is marked {attendance}."
SESSIONS_CANCELLED = "{count} sessions with {name} are cancelled."
REMINDERS_SAVED = "Reminders: {choice}."
REMINDERS_INVALID = "Pick when to get reminders from the list."
FEED_READY = "Your calendar link is ready. Add it to your calendar app."
FEED_REPLACED = "Here is your new calendar link. The old one no longer works."
FEED_REVOKED = "Your calendar link is turned off. The old one no longer works."
SESSIONS_PER_PAGE = 20
DETAIL_NAMES = [
    "day",
    "start_time",
    "duration",
    "location",
    "video_url",
    "focus",
    "notes",
]


def _when(session) -> str:
    """A session's start on the current (the viewer's) clock, for messages."""
    return date_format(timezone.localtime(session.starts_at), "l j F, H:i")


def _details(data: dict) -> dict:
    """The cleaned fields a scheduling service takes as they are."""
    return {name: data[name] for name in DETAIL_NAMES}


def _week_url(day) -> str:
    return f"{reverse('scheduling:week')}?week={day.isoformat()}"


def _preset_client(request, initial: dict) -> dict:
    """The client named in the address (a link from the client page), if any."""
    preset = request.GET.get("client", "")
    if preset.isdigit() and len(preset) < 19:  # a database id
        initial["client"] = int(preset)
    return initial


@read_only
def week(request):
    form = WeekForm(request.GET)
    today = timezone.localdate()
    day = (form.cleaned_data["week"] if form.is_valid() else None) or today
    return render(
        request,
        "scheduling/session_week.html",
        {"week": selectors.session_week(trainer=request.user, day=day), "today": today},
    )


@require_http_methods(["GET", "POST"])
def session_new(request):
    initial = _preset_client(request, {"day": timezone.localdate() + timedelta(days=1)})
    form = SessionForm(request.POST or None, trainer=request.user, initial=initial)
    overlaps = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        allow_overlap = "allow_overlap" in request.POST
        name = data["client"].full_name
        try:
            with service_call(form):
                if form.is_series:
                    details = _details(data)
                    series = series_schedule(
                        client=data["client"],
                        first_day=details.pop("day"),
                        weekdays=data["weekdays"],
                        weeks=data["weeks"] or 0,
                        allow_overlap=allow_overlap,
                        **details,
                    )
                    count = series.sessions.count()
                    messages.success(
                        request,
                        SERIES_SCHEDULED.format(count=count, name=name, series=series),
                    )
                    return redirect(_week_url(series.first_date))
                session = session_schedule(
                    client=data["client"], allow_overlap=allow_overlap, **_details(data)
                )
                messages.success(
                    request, SESSION_SCHEDULED.format(name=name, when=_when(session))
                )
                return redirect(session)
        except SessionOverlap as exc:
            overlaps = exc.sessions
    chosen = getattr(form, "cleaned_data", {}).get("client")
    client_id = chosen.pk if chosen else initial.get("client")
    return render(
        request,
        "scheduling/session_form.html",
        {
            "form": form,
            "overlaps": overlaps,
            "program_days": program_day_names(
                trainer=request.user, client_id=client_id
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def session_record_view(request):
    initial = _preset_client(request, {"day": timezone.localdate()})
    form = SessionRecordForm(
        request.POST or None, trainer=request.user, initial=initial
    )
    overlaps = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with service_call(form):
                session = session_record(
                    client=data["client"],
                    allow_overlap="allow_overlap" in request.POST,
                    **_details(data),
                )
                messages.success(
                    request,
                    SESSION_RECORDED.format(
                        name=data["client"].full_name, when=_when(session)
                    ),
                )
                return redirect(session)
        except SessionOverlap as exc:
            overlaps = exc.sessions
    chosen = getattr(form, "cleaned_data", {}).get("client")
    return render(
        request,
        "scheduling/session_form.html",
        {
            "form": form,
            "record": True,
            "overlaps": overlaps,
            "program_days": program_day_names(
                trainer=request.user,
                client_id=chosen.pk if chosen else initial.get("client"),
            ),
        },
    )


@read_only
def session_detail(request, pk: int):
    session = selectors.session_get(trainer=request.user, pk=pk)
    now = timezone.now()
    started = not session.is_cancelled and session.starts_at <= now
    return render(
        request,
        "scheduling/session_detail.html",
        {
            "session": session,
            "following": selectors.session_list_following(session).count(),
            "now": now,
            # A session that took place: its workout, or the days to log it from.
            "program": started and program_active_for_client(client=session.client),
        },
    )


@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int):
    session = selectors.session_get(trainer=request.user, pk=pk)
    local = session.starts_at.astimezone(zoneinfo.ZoneInfo(session.time_zone))
    initial = {
        "day": local.date(),
        "start_time": local.time(),
        "duration": int(session.duration.total_seconds() // 60),
        "location": session.location,
        "video_url": session.video_url,
        "focus": session.focus,
        "notes": session.notes,
    }
    following = selectors.session_list_following(session).count()
    form = SessionEditForm(
        request.POST or None, initial=initial, following_count=following
    )
    overlaps = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_call(form):
                changed = session_reschedule(
                    session=session,
                    following=form.cleaned_data.get("following", False),
                    allow_overlap="allow_overlap" in request.POST,
                    **_details(form.cleaned_data),
                )
                if len(changed) == 1:
                    messages.success(request, SESSION_SAVED)
                else:
                    messages.success(request, SESSIONS_SAVED.format(count=len(changed)))
                return redirect(session)
        except SessionOverlap as exc:
            overlaps = exc.sessions
    return render(
        request,
        "scheduling/session_form.html",
        {
            "form": form,
            "session": session,
            "overlaps": overlaps,
            "program_days": program_day_names(
                trainer=request.user, client_id=session.client_id
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def session_cancel_view(request, pk: int):
    session = selectors.session_get(trainer=request.user, pk=pk)
    following = selectors.session_list_following(session).count()
    if request.method == "POST":
        with service_call(request):
            cancelled = session_cancel(
                session=session, following=bool(request.POST.get("following"))
            )
            name = session.client.full_name
            if len(cancelled) == 1:
                text = SESSION_CANCELLED.format(name=name, when=_when(session))
            else:
                text = SESSIONS_CANCELLED.format(count=len(cancelled), name=name)
            messages.success(request, text)
            return redirect(_week_url(timezone.localdate(session.starts_at)))
        return redirect(session)
    return render(
        request,
        "scheduling/session_confirm_cancel.html",
        {"session": session, "following": following},
    )


def _save_reminders(request, client) -> None:
    form = RemindersForm(request.POST)
    if form.is_valid():
        with service_call(request):
            reminders = form.cleaned_data["reminders"]
            client_set_reminders(client=client, reminders=reminders)
            choice = client.get_reminders_display().lower()
            messages.success(request, REMINDERS_SAVED.format(choice=choice))
    else:
        messages.error(request, REMINDERS_INVALID)


@require_POST
def client_reminders(request, pk: int):
    client = client_get(trainer=request.user, pk=pk)
    _save_reminders(request, client)
    return redirect(client)


@require_http_methods(["GET", "POST"])
def my_sessions(request):
    client = client_for_user(user=request.user)
    if request.method == "POST":
        _save_reminders(request, client)
        return redirect("scheduling:my_sessions")
    sessions = selectors.session_list_upcoming(client=client)
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "scheduling/my_sessions.html", {"client": client, "page": page}
    )


def _feed_urls(feed) -> dict[str, str]:
    if feed is None:
        return {}
    url = absolute_url(feed.get_absolute_url())
    return {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


@read_only
def calendar(request):
    feed = selectors.calendar_feed_for_user(user=request.user)
    return render(
        request,
        "scheduling/calendar_feed.html",
        {"feed": feed, **_feed_urls(feed)},
    )


@require_http_methods(["GET", "POST"])
def calendar_reset(request):
    feed = selectors.calendar_feed_for_user(user=request.user)
    if request.method == "POST":
        with service_call(request):
            calendar_feed_reset(user=request.user)
            messages.success(request, FEED_REPLACED if feed else FEED_READY)
        return redirect("scheduling:calendar")
    if feed is None:
        return redirect("scheduling:calendar")
    return render(request, "scheduling/calendar_feed_confirm.html", {"reset": True})


@require_http_methods(["GET", "POST"])
def calendar_revoke(request):
    if request.method == "POST":
        with service_call(request):
            calendar_feed_revoke(user=request.user)
            messages.success(request, FEED_REVOKED)
        return redirect("scheduling:calendar")
    return render(request, "scheduling/calendar_feed_confirm.html", {"reset": False})


@require_safe
def calendar_feed(request, token: str):
    feed = selectors.calendar_feed_get(token=token)
    sessions = selectors.session_list_for_feed(user=feed.user)
    response = HttpResponse(
        calendar_ical(user=feed.user, sessions=sessions.iterator()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="training-sessions.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def session_attendance(request, pk: int):
    session = selectors.session_get(trainer=request.user, pk=pk)
    with service_call(request):
        session_mark_attendance(
            session=session, attendance=request.POST.get("attendance", "")
        )
        messages.success(
            request,
            ATTENDANCE_SAVED.format(
                name=session.client.first_name,
                when=date_format(timezone.localtime(session.starts_at), "j M, H:i"),
                attendance=session.get_attendance_display().lower() or "unmarked",
            ),
        )
    return redirect(session)
