"""Pages of the booking app: the trainer's availability, and the visitor's booking of
a consultation from the public site."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from booking.forms import (
    BookingDetailsForm,
    DayCancelForm,
    SessionTypeForm,
    TimeOffForm,
    WaiveForm,
    WeeklyHoursForm,
)
from booking.models import Booking, SessionType, TimeOff, WeeklyHours
from booking.selectors import (
    availability_for_trainer,
    bookable_types,
    cancel_notice,
    day_sessions,
    is_late,
    my_session_get,
    session_list_bookable,
    slots_free,
    training_types,
)
from booking.services import (
    SlotTaken,
    booking_cancel,
    booking_confirm,
    booking_hold,
    booking_move,
    day_cancel,
    late_cancel_waive,
    session_book,
    session_cancel_by_client,
    session_move,
    session_type_save,
    time_off_add,
    time_off_delete,
    visitor_key,
    weekly_hours_add,
    weekly_hours_delete,
)
from clients.selectors import client_for_user
from core.emails import email_key
from core.http import read_only, service_call
from core.ratelimit import Limit, client_ip, limit_posts
from scheduling.selectors import session_get

HOURS_ADDED = "Hours added."
HOURS_REMOVED = "Hours removed."
TIME_OFF_ADDED = "Time off added: nobody can book those days."
TIME_OFF_REMOVED = "Time off removed."
TYPE_SAVED = "Session type saved."
HOLD_SENT = "We hold that time for you: confirm it from the email we just sent."
CONFIRMED = "Your consultation is booked. We sent the details to your email."
MOVED = "Your consultation is moved. We sent the new time to your email."
CANCELLED = "Your consultation is cancelled."
SESSION_BOOKED = "Session booked. It is in My sessions, and in your calendar feed."
SESSION_MOVED = "Session moved."
SESSION_CANCELLED = "Session cancelled, in good time: it costs you nothing."
SESSION_CANCELLED_LATE = (
    "Session cancelled, late by your coach’s rules: it counts as used unless your "
    "coach waives it."
)
WAIVED = "Late cancel waived."
DAY_CANCELLED = "Day cancelled: {count} session{s} cancelled and everyone told."
DETAIL_FIELDS = ["first_name", "last_name", "email", "goals", "time_zone", "consent"]
PICK_A_TIME = "Pick one of the free times."
DAYS_SHOWN = 7


# --- The trainer's availability -------------------------------------------------------


def _availability_page(request, *, status=200, **forms):
    context = availability_for_trainer(trainer=request.user)
    context["hours_form"] = forms.get("hours_form") or WeeklyHoursForm()
    context["time_off_form"] = forms.get("time_off_form") or TimeOffForm()
    return render(request, "booking/availability.html", context, status=status)


@read_only
def availability(request):
    return _availability_page(request)


@require_POST
def availability_hours_add(request):
    form = WeeklyHoursForm(request.POST)
    if form.is_valid():
        with service_call(form):
            weekly_hours_add(trainer=request.user, **form.cleaned_data)
            messages.success(request, HOURS_ADDED)
            return redirect("booking:availability")
    return _availability_page(request, hours_form=form)


@require_POST
def availability_hours_delete(request, pk):
    hours = get_object_or_404(WeeklyHours, pk=pk, trainer=request.user)
    with service_call(request):
        weekly_hours_delete(hours=hours)
        messages.success(request, HOURS_REMOVED)
    return redirect("booking:availability")


@require_POST
def availability_time_off_add(request):
    form = TimeOffForm(request.POST)
    if form.is_valid():
        with service_call(form):
            time_off_add(trainer=request.user, **form.cleaned_data)
            messages.success(request, TIME_OFF_ADDED)
            return redirect("booking:availability")
    return _availability_page(request, time_off_form=form)


@require_POST
def availability_time_off_delete(request, pk):
    time_off = get_object_or_404(TimeOff, pk=pk, trainer=request.user)
    with service_call(request):
        time_off_delete(time_off=time_off)
        messages.success(request, TIME_OFF_REMOVED)
    return redirect("booking:availability")


@require_http_methods(["GET", "POST"])
def availability_type_edit(request, pk=None):
    if pk is None:
        session_type = SessionType(trainer=request.user)
    else:
        session_type = get_object_or_404(SessionType, pk=pk, trainer=request.user)
    form = SessionTypeForm(request.POST or None, instance=session_type)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            session_type_save(session_type=form.instance)
            messages.success(request, TYPE_SAVED)
            return redirect("booking:availability")
    return render(
        request,
        "booking/sessiontype_form.html",
        {"form": form, "session_type": session_type},
    )


# --- The visitor's booking ----------------------------------------------------------


def _zone(request: HttpRequest) -> str:
    zone = request.GET.get("tz", "")
    try:
        zoneinfo.ZoneInfo(zone)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return settings.TIME_ZONE
    return zone


def _first_day(request: HttpRequest, today: date) -> date:
    try:
        day = date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        return today
    return min(max(day, today), today + timedelta(days=366))


def _by_day(offers, zone: str) -> list[tuple[date, list]]:
    """Slots (session type, slot) grouped by the day they fall on in ``zone``."""
    tz = zoneinfo.ZoneInfo(zone)
    local = sorted(
        (
            (slot.starts_at.astimezone(tz), session_type)
            for session_type, slot in offers
        ),
        key=lambda pair: (pair[0], pair[1].trainer_id),
    )
    days = []
    for day, group in groupby(local, key=lambda pair: pair[0].date()):
        seen, slots = set(), []
        for at, session_type in group:
            if at not in seen:  # "any trainer": one offer per time
                seen.add(at)
                slots.append((at, session_type))
        days.append((day, slots))
    return days


def _slot_param(session_type: SessionType, starts_at: datetime) -> str:
    return f"{session_type.pk}-{int(starts_at.timestamp())}"


def _parse_slot(value: str) -> tuple[SessionType, datetime] | None:
    """The session type and start a slot link names; None for anything else."""
    try:
        type_pk, stamp = value.split("-")
        starts_at = datetime.fromtimestamp(int(stamp), tz=UTC)
        session_type = bookable_types(kind=SessionType.Kind.CONSULTATION).get(
            pk=int(type_pk)
        )
    except (ValueError, OverflowError, OSError, SessionType.DoesNotExist):
        return None
    return session_type, starts_at


@read_only
def book(request):
    """Free consultation slots for a week, with any trainer or one chosen, in the
    visitor's zone."""
    zone = _zone(request)
    now = timezone.now()
    types = list(bookable_types(kind=SessionType.Kind.CONSULTATION))
    trainers = {t.trainer_id: t.trainer for t in types}
    chosen = request.GET.get("trainer", "")
    if chosen.isdigit() and int(chosen) in trainers:
        types = [t for t in types if t.trainer_id == int(chosen)]
    else:
        chosen = ""
    today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
    first = _first_day(request, today)
    last = first + timedelta(days=DAYS_SHOWN - 1)
    offers = []
    for session_type in types:
        # The trainer's days that overlap the visitor's, a day either side.
        for slot in slots_free(
            session_type=session_type,
            first_day=first - timedelta(days=1),
            last_day=last + timedelta(days=1),
            now=now,
        ):
            offers.append((session_type, slot))
    days = [
        (day, [(at, _slot_param(t, at)) for at, t in slots])
        for day, slots in _by_day(offers, zone)
        if first <= day <= last
    ]
    return render(
        request,
        "booking/book.html",
        {
            "days": days,
            "zone": zone,
            "trainers": list(trainers.values()),
            "chosen": chosen,
            "first": first,
            "previous": first - timedelta(days=DAYS_SHOWN) if first > today else None,
            "later": first + timedelta(days=DAYS_SHOWN),
        },
    )


def _hold_email(group: str, request: HttpRequest) -> str:
    return email_key(request.POST.get("email", ""))


@require_http_methods(["GET", "POST"])
@limit_posts(
    Limit("BOOKING_HOLD_RATE_LIMIT"),
    Limit("BOOKING_HOLD_EMAIL_RATE_LIMIT", key=_hold_email),
)
def book_details(request):
    """The visitor's details for the slot picked; holds it and emails a link."""
    picked = _parse_slot(request.GET.get("slot", ""))
    if picked is None:
        messages.error(request, PICK_A_TIME)
        return redirect("booking:book")
    session_type, starts_at = picked
    zone = _zone(request)
    form = BookingDetailsForm(request.POST or None, initial={"time_zone": zone})
    offered = []
    if request.method == "POST":
        if form.is_bot():
            return redirect("booking:book_held")
        if form.is_valid():
            with service_call(form) as call:
                booking_hold(
                    session_type=session_type,
                    starts_at=starts_at,
                    visitor=visitor_key(client_ip(request)),
                    **{name: form.cleaned_data[name] for name in DETAIL_FIELDS},
                )
                messages.success(request, HOLD_SENT)
                return redirect("booking:book_held")
            if isinstance(call.error, SlotTaken):
                offered = [
                    _slot_param(session_type, s.starts_at) for s in call.error.offered
                ]
                offered = list(zip(call.error.offered, offered, strict=True))
    return render(
        request,
        "booking/book_details.html",
        {
            "form": form,
            "session_type": session_type,
            "starts_at": starts_at,
            "zone": form.data.get("time_zone")
            if form.is_bound and form.is_valid()
            else zone,
            "offered": offered,
        },
    )


@read_only
def book_held(request):
    return render(request, "booking/book_held.html")


def _booking(token: str) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("trainer", "session_type", "consultation"),
        token=token,
    )


@read_only
def booking_detail(request, token):
    booking = _booking(token)
    return render(request, "booking/booking_detail.html", {"booking": booking})


@require_http_methods(["GET", "POST"])
def booking_confirm_view(request, token):
    booking = _booking(token)
    offered = []
    if request.method == "POST":
        with service_call(request) as call:
            booking_confirm(booking=booking)
            messages.success(request, CONFIRMED)
            return redirect(booking)
        if isinstance(call.error, SlotTaken):
            offered = [
                (slot, _slot_param(booking.session_type, slot.starts_at))
                for slot in call.error.offered
            ]
    return render(
        request,
        "booking/booking_confirm.html",
        {"booking": booking, "offered": offered},
    )


@require_http_methods(["GET", "POST"])
def booking_move_view(request, token):
    booking = _booking(token)
    now = timezone.now()
    if request.method == "POST":
        try:
            starts_at = datetime.fromtimestamp(int(request.POST.get("at", "")), tz=UTC)
        except (ValueError, OverflowError, OSError):
            messages.error(request, PICK_A_TIME)
            return redirect("booking:booking_move", token=token)
        with service_call(request):
            booking_move(booking=booking, starts_at=starts_at, now=now)
            messages.success(request, MOVED)
            return redirect(booking)
        return redirect("booking:booking_move", token=token)
    today = now.astimezone(zoneinfo.ZoneInfo(booking.time_zone)).date()
    first = _first_day(request, today)
    slots = slots_free(
        session_type=booking.session_type,
        first_day=first,
        last_day=first + timedelta(days=DAYS_SHOWN - 1),
        now=now,
        exclude_booking=booking,
    )
    days = _by_day([(booking.session_type, slot) for slot in slots], booking.time_zone)
    days = [
        (day, [(at, int(at.timestamp())) for at, _ in day_slots])
        for day, day_slots in days
    ]
    return render(
        request,
        "booking/booking_move.html",
        {
            "booking": booking,
            "days": days,
            "zone": booking.time_zone,
            "previous": first - timedelta(days=DAYS_SHOWN) if first > today else None,
            "later": first + timedelta(days=DAYS_SHOWN),
        },
    )


@require_http_methods(["GET", "POST"])
def booking_cancel_view(request, token):
    booking = _booking(token)
    if request.method == "POST":
        with service_call(request):
            booking_cancel(booking=booking)
            messages.success(request, CANCELLED)
        return redirect(booking)
    return render(request, "booking/booking_cancel.html", {"booking": booking})


# --- A client's own sessions ---------------------------------------------------------


def _week(request, today: date) -> tuple[date, date | None, date]:
    first = _first_day(request, today)
    previous = first - timedelta(days=DAYS_SHOWN) if first > today else None
    return first, previous, first + timedelta(days=DAYS_SHOWN)


@require_http_methods(["GET", "POST"])
def my_book(request):
    """The client's trainer's free training slots for a week; a button books one."""
    client = client_for_user(user=request.user)
    types = list(training_types(client=client))
    now = timezone.now()
    if request.method == "POST":
        picked = next(
            (t for t in types if str(t.pk) == request.POST.get("type", "")), None
        )
        try:
            starts_at = datetime.fromtimestamp(int(request.POST.get("at", "")), tz=UTC)
        except (ValueError, OverflowError, OSError):
            picked = None
        if picked is None:
            messages.error(request, PICK_A_TIME)
            return redirect("booking:my_book")
        with service_call(request):
            session_book(client=client, session_type=picked, starts_at=starts_at)
            messages.success(request, SESSION_BOOKED)
            return redirect("scheduling:my_sessions")
        return redirect(f"{request.path}?type={picked.pk}")
    chosen = next(
        (t for t in types if str(t.pk) == request.GET.get("type", "")),
        types[0] if types else None,
    )
    zone = client.trainer.time_zone
    today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
    first, previous, later = _week(request, today)
    days = []
    if chosen is not None:
        slots = slots_free(
            session_type=chosen,
            first_day=first,
            last_day=first + timedelta(days=DAYS_SHOWN - 1),
            now=now,
        )
        days = [
            (day, [(at, int(at.timestamp())) for at, _ in day_slots])
            for day, day_slots in _by_day([(chosen, s) for s in slots], zone)
        ]
    return render(
        request,
        "booking/my_book.html",
        {
            "types": types,
            "chosen": chosen,
            "days": days,
            "zone": zone,
            "previous": previous,
            "later": later,
            "upcoming": session_list_bookable(client=client, now=now),
        },
    )


@require_http_methods(["GET", "POST"])
def my_session_move(request, pk):
    client = client_for_user(user=request.user)
    session = my_session_get(client=client, pk=pk)
    now = timezone.now()
    if request.method == "POST":
        try:
            starts_at = datetime.fromtimestamp(int(request.POST.get("at", "")), tz=UTC)
        except (ValueError, OverflowError, OSError):
            messages.error(request, PICK_A_TIME)
            return redirect("booking:my_session_move", pk=pk)
        with service_call(request):
            session_move(session=session, starts_at=starts_at, now=now)
            messages.success(request, SESSION_MOVED)
            return redirect("scheduling:my_sessions")
        return redirect("booking:my_session_move", pk=pk)
    booking = getattr(session, "booking", None)
    session_type = booking.session_type if booking else None
    zone = session.time_zone
    today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
    first, previous, later = _week(request, today)
    days = []
    if session_type is not None and not is_late(session, now=now):
        slots = slots_free(
            session_type=session_type,
            first_day=first,
            last_day=first + timedelta(days=DAYS_SHOWN - 1),
            now=now,
            exclude_session=session,
        )
        days = [
            (day, [(at, int(at.timestamp())) for at, _ in day_slots])
            for day, day_slots in _by_day([(session_type, s) for s in slots], zone)
        ]
    return render(
        request,
        "booking/my_session_move.html",
        {
            "session": session,
            "session_type": session_type,
            "late": is_late(session, now=now),
            "days": days,
            "zone": zone,
            "previous": previous,
            "later": later,
        },
    )


@require_http_methods(["GET", "POST"])
def my_session_cancel(request, pk):
    client = client_for_user(user=request.user)
    session = my_session_get(client=client, pk=pk)
    if request.method == "POST":
        with service_call(request):
            booking = session_cancel_by_client(session=session)
            messages.success(
                request,
                SESSION_CANCELLED_LATE if booking.cancelled_late else SESSION_CANCELLED,
            )
        return redirect("scheduling:my_sessions")
    return render(
        request,
        "booking/my_session_cancel.html",
        {
            "session": session,
            "late": is_late(session, now=timezone.now()),
            "notice_hours": int(cancel_notice(session).total_seconds() // 3600),
        },
    )


# --- The trainer's decisions ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_waive(request, pk):
    session = session_get(trainer=request.user, pk=pk)
    form = WaiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            late_cancel_waive(session=session, reason=form.cleaned_data["reason"])
            messages.success(request, WAIVED)
            return redirect(session)
    return render(
        request,
        "booking/session_waive.html",
        {
            "session": session,
            "form": form,
            "booking": getattr(session, "booking", None),
        },
    )


@require_http_methods(["GET", "POST"])
def day_cancel_view(request):
    form = DayCancelForm(request.POST or request.GET or None)
    sessions = bookings = None
    if form.is_bound and form.is_valid():
        sessions, bookings = day_sessions(
            trainer=request.user, day=form.cleaned_data["day"], now=timezone.now()
        )
        if request.method == "POST" and request.POST.get("confirm"):
            with service_call(form):
                count = day_cancel(trainer=request.user, **form.cleaned_data)
                messages.success(
                    request, DAY_CANCELLED.format(count=count, s=pluralize(count))
                )
                return redirect("booking:availability")
    return render(
        request,
        "booking/day_cancel.html",
        {"form": form, "sessions": sessions, "bookings": bookings},
    )
