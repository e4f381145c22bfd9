from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clients.selectors import client_for_user, client_get
from core.http import read_only, service_call
from core.ratelimit import client_ip
from screening import selectors, services
from screening.forms import ClearanceForm, OverrideForm, ScreeningForm, WaiverForm
from screening.gate import current_wording
from screening.models import Screening, Wording

ANSWERS_SAVED = "Thank you: your answers are on file. {outcome}"
OUTCOME_SAYS = {
    Screening.Outcome.CLEARED: "You are cleared to train.",
    Screening.Outcome.CONDITIONS: "You are cleared to train; your trainer sees "
    "what you told them.",
    Screening.Outcome.NEEDS_CLEARANCE: "Ask your doctor for a clearance before you "
    "train: your trainer records it.",
    Screening.Outcome.WAIT: "Wait until you are well, then answer again.",
}
SIGNED = "Signed. A copy is on its way to your email."
HEALTH_CHANGED = "Thank you for telling us: answer the health questions again."
CONSENT_WITHDRAWN = "Consent withdrawn: your health answers are deleted."
CLEARANCE_SAVED = "Clearance recorded: training may start."
OVERRIDE_SAVED = "Override recorded: training may start for {name}."
OVERRIDE_ENDED = "Override ended: the gate applies to {name} again."
NO_QUESTIONS = "There are no health questions to answer yet."
NO_WAIVER = "There is no waiver to sign."


# --- The client's pages ---------------------------------------------------------------


@read_only
def my_health(request):
    client = client_for_user(user=request.user)
    return render(
        request,
        "screening/my_health.html",
        {"file": selectors.health_file(client=client)},
    )


@require_http_methods(["GET", "POST"])
def my_screening(request):
    client = client_for_user(user=request.user)
    questionnaire = selectors.questionnaire_current()
    if questionnaire is None:
        messages.info(request, NO_QUESTIONS)
        return redirect("screening:my_health")
    initial = {
        "version": questionnaire.pk,
        "token": selectors.form_token(client=client, kind="screening"),
    }
    form = ScreeningForm(
        request.POST or None, initial=initial, questionnaire=questionnaire
    )
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            screening = services.screening_submit(
                client=client,
                questionnaire_id=form.cleaned_data["version"],
                answers=form.answers(),
                where=form.cleaned_data["where"],
                consent=form.cleaned_data["consent"],
                token=form.cleaned_data["token"],
            )
            messages.success(
                request,
                ANSWERS_SAVED.format(outcome=OUTCOME_SAYS[screening.outcome]),
            )
            return redirect("screening:my_health")
    return render(
        request,
        "screening/my_screening.html",
        {
            "form": form,
            "questionnaire": questionnaire,
            "consent": current_wording(Wording.Kind.CONSENT),
            "has_consent": client.consents.filter(withdrawn_at=None).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def my_waiver(request):
    client = client_for_user(user=request.user)
    waiver = current_wording(Wording.Kind.WAIVER)
    if waiver is None:
        messages.info(request, NO_WAIVER)
        return redirect("screening:my_health")
    initial = {
        "wording": waiver.pk,
        "sha256": waiver.sha256,
        "token": selectors.form_token(client=client, kind="signature"),
    }
    form = WaiverForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form):
            services.waiver_sign(
                client=client,
                wording_id=data["wording"],
                shown_sha256=data["sha256"],
                agree=data["agree"],
                signed_name=data["signed_name"],
                guardian_name=data["guardian_name"],
                for_minor=data["for_minor"],
                ip_address=client_ip(request),
                user_agent=request.headers.get("user-agent", ""),
                token=data["token"],
            )
            messages.success(request, SIGNED)
            return redirect("screening:my_health")
    return render(request, "screening/my_waiver.html", {"form": form, "waiver": waiver})


@require_POST
def my_health_changed(request):
    client = client_for_user(user=request.user)
    with service_call(request):
        services.screening_health_changed(client=client)
        messages.info(request, HEALTH_CHANGED)
    return redirect("screening:my_screening")


@require_http_methods(["GET", "POST"])
def my_consent_withdraw(request):
    client = client_for_user(user=request.user)
    if request.method == "POST":
        with service_call(request):
            services.consent_withdraw(client=client)
            messages.success(request, CONSENT_WITHDRAWN)
        return redirect("screening:my_health")
    return render(request, "screening/consent_withdraw.html", {"client": client})


@read_only
def my_signature(request, pk: int):
    signature = selectors.signature_get_for_client(user=request.user, pk=pk)
    return _signed_copy(request, signature)


# --- The trainer's pages --------------------------------------------------------------


@read_only
def client_screening(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    return render(
        request,
        "screening/client_screening.html",
        {
            "file": selectors.health_file(client=client),
            "clearance_form": ClearanceForm(),
            "override_form": OverrideForm(),
        },
    )


@require_POST
def clearance_record(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    screening = selectors.screening_on_file(client=client)
    form = ClearanceForm(request.POST, request.FILES)
    if screening is None:
        raise Http404("No screening on file")
    if form.is_valid():
        with service_call(form):
            services.clearance_record(
                screening=screening,
                trainer=request.user,
                cleared_by=form.cleaned_data["cleared_by"],
                cleared_on=form.cleaned_data["cleared_on"],
                document=form.document_bytes(),
            )
            messages.success(request, CLEARANCE_SAVED)
            return redirect("screening:client_screening", client_pk=client.pk)
    return render(
        request,
        "screening/client_screening.html",
        {
            "file": selectors.health_file(client=client),
            "clearance_form": form,
            "override_form": OverrideForm(),
        },
        status=400,
    )


@read_only
def clearance_document(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    screening = selectors.screening_on_file(client=client)
    if screening is None or not screening.document:
        raise Http404("No document")
    response = HttpResponse(
        bytes(screening.document), content_type=screening.document_type
    )
    response["Content-Disposition"] = "attachment; filename=clearance"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def override_record(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        with service_call(form):
            services.override_record(
                client=client, trainer=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, OVERRIDE_SAVED.format(name=client.first_name))
            return redirect("screening:client_screening", client_pk=client.pk)
    return render(
        request,
        "screening/client_screening.html",
        {
            "file": selectors.health_file(client=client),
            "clearance_form": ClearanceForm(),
            "override_form": form,
        },
        status=400,
    )


@require_POST
def override_end(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    with service_call(request):
        services.override_end(client=client)
        messages.success(request, OVERRIDE_ENDED.format(name=client.first_name))
    return redirect("screening:client_screening", client_pk=client.pk)


@read_only
def signature(request, pk: int):
    signature = selectors.signature_get_for_trainer(trainer=request.user, pk=pk)
    return _signed_copy(request, signature)


def _signed_copy(request, signature):
    text = selectors.signed_copy(signature)
    if request.GET.get("download"):
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{selectors.signed_copy_filename(signature)}"'
        )
        return response
    return render(
        request,
        "screening/signature.html",
        {"signature": signature, "text": text},
    )
