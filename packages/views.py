"""The credit ledger of a client, as the trainer and the client see it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clients.selectors import client_for_user, client_get
from core.http import read_only, service_call
from packages.forms import AdjustForm, PaymentForm
from packages.selectors import credit_balance, ledger_for_client
from packages.services import credit_adjust, payment_record

PAYMENT_RECORDED = (
    "Payment recorded: the credits are added and a receipt is on its way."
)
ADJUSTED = "Credits adjusted."
ENTRIES_PER_PAGE = 50


def _ledger(request, client, template, **extra):
    page = Paginator(ledger_for_client(client=client), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"client": client, "page": page, "balance": credit_balance(client=client)}
    return render(request, template, {**context, **extra})


@read_only
def client_credits(request, pk):
    client = client_get(trainer=request.user, pk=pk)
    return _ledger(
        request,
        client,
        "packages/client_credits.html",
        payment_form=PaymentForm(),
        adjust_form=AdjustForm(),
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
    )


@read_only
def my_credits(request):
    client = client_for_user(user=request.user)
    return _ledger(request, client, "packages/my_credits.html")
