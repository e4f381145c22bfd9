from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clients.selectors import client_choices, client_for_user, client_get
from core.http import next_path, read_only, service_call
from messaging import selectors
from messaging.forms import FormCheckForm, MessageForm, SendManyForm
from messaging.ranges import ranged_response
from messaging.services import (
    message_delete,
    message_send,
    message_send_many,
    thread_read,
)

THREADS_PER_PAGE = 25
SENT_MANY = "Sent to {count} client{s}, each in their own thread."
DELETED = "Deleted: the message is gone for both of you."
ATTACHMENT_GONE = "This photo or video is no longer kept."
FORM_CHECK_BODY = "Form check"
# The workout a form check goes with is not stored yet: the phone sends it first and
# tries the form check again.
WORKOUT_NOT_YET = "The workout of this form check is not saved yet."


def _wants_json(request) -> bool:
    """The phone's outbox sends the same form, and asks for JSON back."""
    return request.accepts("application/json") and not request.accepts("text/html")


def _before(request) -> int | None:
    before = request.GET.get("before", "")
    return int(before) if before.isdigit() and len(before) < 19 else None


def _thread(request, client, *, thread_url: str, poll_url: str):
    thread = selectors.thread_of(client=client)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            with service_call(form):
                _, created = message_send(
                    client=client,
                    sender=request.user,
                    body=data["body"],
                    uid=data["uid"],
                    workout_id=data["workout"],
                    exercise_id=data.get("exercise"),
                    attachment=data["attachment"],
                )
                if _wants_json(request):
                    return JsonResponse(
                        {"saved": True, "created": created, "url": thread_url},
                        status=201 if created else 200,
                    )
                return redirect(next_path(request, thread_url))
        if _wants_json(request):
            return JsonResponse({"saved": False, "errors": form.errors}, status=400)
        if data_next := next_path(request):
            # A comment from a workout page: back there, saying what was wrong.
            messages.error(
                request, " ".join(e for errors in form.errors.values() for e in errors)
            )
            return redirect(data_next)
    before = _before(request)
    if before is None and request.method == "GET":
        with service_call():
            thread_read(thread=thread, user=request.user)
    page, earlier = selectors.messages_page(thread=thread, before=before)
    return render(
        request,
        "messaging/thread.html",
        {
            "client": client,
            "thread": thread,
            "page": page,
            "earlier": earlier,
            "before": before,
            "form": form if request.method == "POST" else MessageForm(),
            "thread_url": thread_url,
            "poll_url": poll_url,
            "delete_until": _delete_until(),
        },
    )


def _delete_until():
    """Messages sent after this may still be deleted by their sender."""
    return timezone.now() - timedelta(minutes=settings.MESSAGING_DELETE_MINUTES)


def _poll(request, client):
    """The latest messages, for htmx to put in place of those shown."""
    thread = selectors.thread_of(client=client)
    with service_call():
        thread_read(thread=thread, user=request.user)
    page, earlier = selectors.messages_page(thread=thread)
    return render(
        request,
        "messaging/_messages.html",
        {
            "client": client,
            "thread": thread,
            "page": page,
            "earlier": earlier,
            "delete_until": _delete_until(),
            "poll_url": request.path,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def my_thread(request):
    client = client_for_user(user=request.user)
    return _thread(
        request,
        client,
        thread_url=reverse("messaging:my_thread"),
        poll_url=reverse("messaging:my_thread_poll"),
    )


@never_cache
@require_safe
def my_thread_poll(request):
    return _poll(request, client_for_user(user=request.user))


@never_cache
@require_http_methods(["GET", "POST"])
def client_thread(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    return _thread(
        request,
        client,
        thread_url=reverse("messaging:client_thread", args=[client.pk]),
        poll_url=reverse("messaging:client_thread_poll", args=[client.pk]),
    )


@never_cache
@require_safe
def client_thread_poll(request, client_pk: int):
    return _poll(request, client_get(trainer=request.user, pk=client_pk))


@read_only
def inbox(request):
    threads = selectors.inbox_for_trainer(trainer=request.user)
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "messaging/inbox.html", {"page": page})


@require_http_methods(["GET", "POST"])
def send_many(request):
    clients = client_choices(trainer=request.user)
    form = SendManyForm(request.POST or None, clients=clients)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            sent = message_send_many(
                trainer=request.user,
                clients=list(form.cleaned_data["clients"]),
                body=form.cleaned_data["body"],
                uid=form.cleaned_data["uid"],
            )
            messages.success(
                request, SENT_MANY.format(count=len(sent), s=pluralize(len(sent)))
            )
            return redirect("messaging:inbox")
    return render(request, "messaging/send_many.html", {"form": form})


@require_http_methods(["GET", "POST"])
def message_delete_view(request, pk: int):
    """Asks first (GET), then deletes (POST)."""
    message = selectors.message_for_user(user=request.user, pk=pk)
    if request.method == "GET":
        return render(request, "messaging/message_delete.html", {"message": message})
    with service_call(request):
        message_delete(message=message, user=request.user)
        messages.success(request, DELETED)
    client = message.thread.client
    default = (
        reverse("messaging:my_thread")
        if request.user.is_client
        else reverse("messaging:client_thread", args=[client.pk])
    )
    return redirect(next_path(request, default))


@read_only
def attachment(request, pk: int):
    """A message's photo or video, only ever to the two people of its thread and
    the owner, never from a public address; with range requests for video."""
    message = selectors.message_for_user(user=request.user, pk=pk)
    if not message.has_attachment:
        raise Http404(ATTACHMENT_GONE)
    try:
        file = message.attachment.storage.open(message.attachment.name, "rb")
    except FileNotFoundError:
        raise Http404(ATTACHMENT_GONE) from None
    response = ranged_response(
        request,
        file,
        size=message.attachment_size,
        content_type=message.attachment_type,
    )
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    # Only ever shown as what it was checked to be, never run as a page.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _form_check(request, client, *, thread_url: str):
    """A form-check video or photo of one exercise of a workout logged for
    ``client`` (by them, or by their trainer in a session): a comment on that
    exercise, in their thread. Idempotent by its phone-made id."""
    from training.models import WorkoutExercise

    form = FormCheckForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"saved": False, "errors": form.errors}, status=400)
    data = form.cleaned_data
    exercise = (
        WorkoutExercise.objects.filter(
            workout__uid=data["workout_uid"],
            workout__client=client,
            prescription_id=data["prescription"],
        )
        .only("pk", "workout_id")
        .first()
    )
    if exercise is None:
        return JsonResponse({"saved": False, "detail": WORKOUT_NOT_YET}, status=409)
    with service_call() as call:
        _, created = message_send(
            client=client,
            sender=request.user,
            body=FORM_CHECK_BODY,
            uid=data["uid"],
            workout_id=exercise.workout_id,
            exercise_id=exercise.pk,
            attachment=data["attachment"],
        )
        return JsonResponse(
            {"saved": True, "created": created, "url": thread_url},
            status=201 if created else 200,
        )
    return JsonResponse(
        {"saved": False, "errors": {"attachment": [call.message]}}, status=400
    )


@require_POST
def form_check(request):
    """The client's own form check, from the log page on their phone."""
    client = client_for_user(user=request.user)
    return _form_check(request, client, thread_url=reverse("messaging:my_thread"))


@require_POST
def client_form_check(request, client_pk: int):
    """A form check the trainer records while logging a session for a client."""
    client = client_get(trainer=request.user, pk=client_pk)
    return _form_check(
        request,
        client,
        thread_url=reverse("messaging:client_thread", args=[client.pk]),
    )
