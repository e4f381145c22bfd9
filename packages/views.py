"""The credit ledger of a client, as the trainer and the client see it; buying a
package through Stripe Checkout, and Stripe's webhook."""

import json
import logging

import stripe
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from clients.selectors import client_for_user, client_get
from core.http import read_only, service_call
from packages.forms import AdjustForm, BuyForm, PaymentForm
from packages.selectors import (
    checkout_for_client,
    credit_balance,
    ledger_for_client,
    open_disputes_for_client,
    packages_on_sale,
    stripe_enabled,
)
from packages.services import (
    checkout_start,
    credit_adjust,
    payment_record,
    stripe_event_handle,
)

logger = logging.getLogger(__name__)

PAYMENT_RECORDED = (
    "Payment recorded: the credits are added and a receipt is on its way."
)
ADJUSTED = "Credits adjusted."
BOUGHT = "Paid: {sessions} credits added. A receipt is on its way."
CONFIRMING = (
    "Thank you. Your payment is being confirmed: the credits appear here as soon "
    "as it is."
)
ENTRIES_PER_PAGE = 50


def _ledger(request, client, template, **extra):
    page = Paginator(ledger_for_client(client=client), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"client": client, "page": page, "balance": credit_balance(client=client)}
    return render(request, template, {**context, **extra})


def allow_checkout(response: HttpResponse) -> HttpResponse:
    """Let the page's Buy forms lead to Stripe Checkout (the content security
    policy's form-action, which also covers the redirect the form is answered with),
    only when online payment is on."""
    if stripe_enabled():
        response._csp_update = {"form-action": [settings.STRIPE_CHECKOUT_ORIGIN]}
    return response


@read_only
def client_credits(request, pk):
    client = client_get(trainer=request.user, pk=pk)
    return _ledger(
        request,
        client,
        "packages/client_credits.html",
        payment_form=PaymentForm(),
        adjust_form=AdjustForm(),
        disputes=open_disputes_for_client(client=client),
    )


@require_POST
def client_payment(request, pk):
    client = client_get(trainer=request.user, pk=pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        with service_call(form):
            payment_record(client=client, recorded_by=request.user, **form.cleaned_data)
            messages.success(request, PAYMENT_RECORDED)
            return redirect("packages:client_credits", pk=client.pk)
    return _ledger(
        request,
        client,
        "packages/client_credits.html",
        payment_form=form,
        adjust_form=AdjustForm(),
        disputes=open_disputes_for_client(client=client),
    )


@require_POST
def client_adjust(request, pk):
    client = client_get(trainer=request.user, pk=pk)
    form = AdjustForm(request.POST)
    if form.is_valid():
        with service_call(form):
            credit_adjust(client=client, by=request.user, **form.cleaned_data)
            messages.success(request, ADJUSTED)
            return redirect("packages:client_credits", pk=client.pk)
    return _ledger(
        request,
        client,
        "packages/client_credits.html",
        payment_form=PaymentForm(),
        adjust_form=form,
        disputes=open_disputes_for_client(client=client),
    )


@read_only
def my_credits(request):
    client = client_for_user(user=request.user)
    online = stripe_enabled()
    response = _ledger(
        request,
        client,
        "packages/my_credits.html",
        online=online,
        packages=packages_on_sale() if online else [],
    )
    return allow_checkout(response)


@require_POST
def my_buy(request):
    """Send the client to Stripe Checkout for the package they chose. A double click
    opens the same Checkout; nothing is charged or added here."""
    client = client_for_user(user=request.user)
    form = BuyForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(form.errors.get("package", ["Choose a package."]))
        )
        return redirect("packages:my_credits")
    done = reverse("packages:my_checkout_done")
    with service_call(request):
        checkout = checkout_start(
            client=client,
            package=form.cleaned_data["package"],
            success_url=request.build_absolute_uri(done)
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=request.build_absolute_uri(reverse("packages:my_credits")),
        )
        # 303: the browser follows with a GET, to Stripe's page.
        return HttpResponseRedirect(checkout.url, status=303)
    return redirect("packages:my_credits")


@read_only
def my_checkout_done(request):
    """Where Stripe sends the client back: their own Checkout, paid or still being
    confirmed (the webhook may come a moment later)."""
    client = client_for_user(user=request.user)
    stripe_id = request.GET.get("session_id", "")[:255]
    if not stripe_id:
        return redirect("packages:my_credits")
    checkout = checkout_for_client(client=client, stripe_id=stripe_id)
    if checkout is None:
        raise Http404("No such payment of yours.")
    paid = client.payments.filter(stripe_checkout_id=checkout.stripe_id).exists()
    if paid:
        messages.success(request, BOUGHT.format(sessions=checkout.package.sessions))
    else:
        messages.info(request, CONFIRMING)
    return redirect("packages:my_credits")


def _bad_request(reason: str) -> JsonResponse:
    logger.warning("Stripe webhook refused: %s", reason)
    return JsonResponse({"detail": reason}, status=400)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events, signed with the endpoint's secret (verified by the stripe
    library, timestamp within five minutes). 400 for what is not a genuine, well-formed
    event; 200 for every genuine one, handled, ignored or already handled."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        return _bad_request("Online payment is not set up here.")
    payload = request.body
    try:
        stripe.Webhook.construct_event(
            payload,
            request.headers.get("Stripe-Signature"),
            settings.STRIPE_WEBHOOK_SECRET,
        )
    except stripe.SignatureVerificationError as exc:
        return _bad_request(f"Signature refused: {exc.user_message or exc}")
    except (ValueError, AttributeError, TypeError):  # not JSON, or not an object
        return _bad_request("The body is not a JSON event.")
    event = json.loads(payload)
    if not (
        isinstance(event, dict)
        and isinstance(event.get("id"), str)
        and isinstance(event.get("type"), str)
        and isinstance(event.get("data"), dict)
        and isinstance(event["data"].get("object"), dict)
    ):
        return _bad_request("The event has no id, type or object.")
    with service_call() as call:
        outcome = stripe_event_handle(event=event)
        return JsonResponse({"received": True, "outcome": outcome})
    return _bad_request(f"The event could not be applied: {call.message}")
