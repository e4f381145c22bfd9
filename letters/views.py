from csp.decorators import csp_update
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from clients.models import Client
from core.http import read_only, service_call
from letters.forms import IssueForm, IssueScheduleForm, SubscriberImportForm
from letters.imports import subscriber_import
from letters.models import Issue
from letters.selectors import issue_counts, issue_list
from letters.services import (
    TEMPLATE,
    client_newsletter_withdraw,
    issue_context,
    issue_from_post,
    issue_save,
    issue_schedule,
    issue_send_now,
    issue_send_test,
    issue_unschedule,
)
from letters.tokens import BadLink, client_unsubscribe_token_read
from newsletter.models import Subscriber
from outbox.services import email_render

SAVED = "Issue saved."
FROM_POST = "A draft issue about the post: read it through, then send a test."
TEST_SENT = "A test is on its way to {email}."
SENDING = "Sending to every confirmed subscriber: the counts below fill in as it goes."
SCHEDULED = "Scheduled: it is sent at {when}."
UNSCHEDULED = "Back to a draft: it will not be sent."
IMPORTED = "{created} subscriber{s} imported, {unchanged} already known{refused}."


@read_only
def issue_index(request):
    page = Paginator(issue_list(), 25).get_page(request.GET.get("page"))
    confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count()
    return render(
        request,
        "letters/issue_list.html",
        {"page": page, "issues": page.object_list, "confirmed": confirmed},
    )


@require_http_methods(["GET", "POST"])
def issue_new(request):
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            issue = issue_save(issue=form.save(commit=False), author=request.user)
            messages.success(request, SAVED)
            return redirect(issue)
    return render(request, "letters/issue_form.html", {"form": form})


@require_POST
def issue_from_post_view(request, post_pk: int):
    with service_call(request):
        issue = issue_from_post(post_pk=post_pk, author=request.user)
        messages.success(request, FROM_POST)
        return redirect("letters:issue_edit", pk=issue.pk)
    return redirect("blog:writer_list")


@require_http_methods(["GET", "POST"])
def issue_edit(request, pk: int):
    issue = get_object_or_404(Issue, pk=pk)
    if not issue.is_editable:
        return redirect(issue)
    form = IssueForm(request.POST or None, instance=issue)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            issue = issue_save(issue=form.save(commit=False))
            messages.success(request, SAVED)
            return redirect(issue)
    return render(request, "letters/issue_form.html", {"form": form, "issue": issue})


def _detail(request, issue: Issue, schedule_form=None, status=200):
    return render(
        request,
        "letters/issue_detail.html",
        {
            "issue": issue,
            "counts": issue_counts(issue=issue),
            "schedule_form": schedule_form or IssueScheduleForm(),
        },
        status=status,
    )


@read_only
def issue_detail(request, pk: int):
    return _detail(request, get_object_or_404(Issue, pk=pk))


@read_only
def issue_counts_fragment(request, pk: int):
    """The live counts, polled by htmx while the issue is sending."""
    issue = get_object_or_404(Issue, pk=pk)
    return render(
        request,
        "letters/_issue_counts.html",
        {"issue": issue, "counts": issue_counts(issue=issue)},
    )


# The email as subscribers see it: its inline styles are the email's own.
@csp_update({"style-src": ["'unsafe-inline'"]})
@read_only
def issue_preview(request, pk: int):
    issue = get_object_or_404(Issue, pk=pk)
    with service_call(request):
        _, _, html = email_render(
            template=TEMPLATE,
            context={
                **issue_context(issue=issue),
                "first_name": request.user.first_name,
                "unsubscribe_url": "#",
            },
        )
        return HttpResponse(html)
    return redirect(issue)


@require_POST
def issue_test(request, pk: int):
    issue = get_object_or_404(Issue, pk=pk)
    with service_call(request):
        issue_send_test(issue=issue, user=request.user)
        messages.success(request, TEST_SENT.format(email=request.user.email))
    return redirect(issue)


@require_POST
def issue_send(request, pk: int):
    issue = get_object_or_404(Issue, pk=pk)
    with service_call(request):
        issue_send_now(issue_id=issue.pk)
        messages.success(request, SENDING)
    return redirect(issue)


@require_POST
def issue_schedule_view(request, pk: int):
    issue = get_object_or_404(Issue, pk=pk)
    form = IssueScheduleForm(request.POST)
    if form.is_valid():
        with service_call(form):
            issue = issue_schedule(
                issue_id=issue.pk, send_at=form.cleaned_data["send_at"]
            )
            messages.success(
                request, SCHEDULED.format(when=f"{issue.send_at:%d %b %Y %H:%M}")
            )
            return redirect(issue)
    return _detail(request, issue, schedule_form=form, status=400)


@require_POST
def issue_unschedule_view(request, pk: int):
    issue = get_object_or_404(Issue, pk=pk)
    with service_call(request):
        issue_unschedule(issue_id=issue.pk)
        messages.success(request, UNSCHEDULED)
    return redirect(issue)


@require_http_methods(["GET", "POST"])
def subscriber_import_view(request):
    form = SubscriberImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            result = subscriber_import(content=form.cleaned_data["file"].read())
            refused = len(result.refused)
            messages.success(
                request,
                IMPORTED.format(
                    created=result.created,
                    s=pluralize(result.created),
                    unchanged=result.unchanged,
                    refused=f", {refused} row{pluralize(refused)} refused"
                    if refused
                    else "",
                ),
            )
    return render(
        request, "letters/subscriber_import.html", {"form": form, "result": result}
    )


# RFC 8058 one-click, for a client who agreed: mail providers POST with no cookie.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def client_unsubscribe(request, token: str):
    template = "newsletter/subscriber_unsubscribe.html"
    try:
        client_id = client_unsubscribe_token_read(token)
    except BadLink:
        return render(request, template, {"outcome": "invalid"}, status=400)
    if request.method == "POST":
        with service_call(request):
            client_newsletter_withdraw(client_id=client_id)
            return render(request, template, {"outcome": "done"})
    client = (
        Client.objects.filter(pk=client_id)
        .only("email", "newsletter_consented_at")
        .first()
    )
    shown = None
    if client is not None and client.newsletter_consented_at is not None:
        shown = {"email": client.email, "status": "subscribed"}
    return render(request, template, {"outcome": "ask", "subscriber": shown})
