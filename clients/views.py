from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clients.forms import (
    CONSULTATION_FIELDS,
    ClientForm,
    ClientTagsForm,
    ConsultationRequestForm,
    ConsultationStatusForm,
)
from clients.selectors import (
    client_get,
    consultation_get,
    consultation_list_for_trainer,
)
from clients.services import (
    client_archive,
    client_create,
    client_invite,
    client_tags_set,
    client_update,
    consultation_request,
)
from core.http import read_only, service_call
from core.ratelimit import limit_posts_per_ip

CLIENT_ADDED = "{name} is added."
CLIENT_SAVED = "{name} is saved."
TAGS_SAVED = "{name}'s tags are saved."
CLIENT_ARCHIVED = "{name} is archived: their history is kept."
CLIENT_INVITED = "An invitation to set a password is on its way to {email}."
CONSULTATIONS_PER_PAGE = 25


@require_http_methods(["GET", "POST"])
def client_new(request):
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            client = client_create(trainer=request.user, **form.cleaned_data)
            messages.success(request, CLIENT_ADDED.format(name=client.full_name))
            return redirect(client)
    return render(request, "clients/client_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def client_edit(request, pk: int):
    client = client_get(trainer=request.user, pk=pk)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            client_update(client=client, **form.cleaned_data)
            messages.success(request, CLIENT_SAVED.format(name=client.full_name))
            return redirect(client)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


@require_POST
def client_tags_view(request, pk: int):
    client = client_get(trainer=request.user, pk=pk)
    form = ClientTagsForm(request.POST)
    if form.is_valid():
        with service_call(request):
            client_tags_set(client=client, tags=form.cleaned_data["tags"])
            messages.success(request, TAGS_SAVED.format(name=client.full_name))
    else:
        messages.error(request, " ".join(form.errors["tags"]))
    return redirect(client)


@require_POST
def client_invite_view(request, pk: int):
    client = client_get(trainer=request.user, pk=pk)
    with service_call(request):
        client_invite(client=client, invited_by=request.user)
        messages.success(request, CLIENT_INVITED.format(email=client.email))
    return redirect(client)


@require_http_methods(["GET", "POST"])
def client_archive_view(request, pk: int):
    client = client_get(trainer=request.user, pk=pk)
    if request.method == "POST":
        with service_call(request):
            client_archive(client=client)
            messages.success(request, CLIENT_ARCHIVED.format(name=client.full_name))
            return redirect("dashboard:index")
        return redirect(client)
    return render(request, "clients/client_confirm_archive.html", {"client": client})


@require_http_methods(["GET", "POST"])
@limit_posts_per_ip("CONSULTATION_RATE_LIMIT")
def consultation_request_view(request):
    form = ConsultationRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot():
            return redirect("clients:consultation_thanks")
        if form.is_valid():
            with service_call(form):
                consultation_request(
                    **{name: form.cleaned_data[name] for name in CONSULTATION_FIELDS},
                    consent=form.cleaned_data["consent"],
                )
                return redirect("clients:consultation_thanks")
    return render(request, "clients/consultation_form.html", {"form": form})


@require_safe
def consultation_thanks(request):
    return render(request, "clients/consultation_thanks.html")


@read_only
def consultation_list(request):
    status_form = ConsultationStatusForm(request.GET)
    status = status_form.cleaned_data["status"] if status_form.is_valid() else ""
    consultations = consultation_list_for_trainer(trainer=request.user, status=status)
    page = Paginator(consultations, CONSULTATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "clients/consultation_list.html",
        {
            "page": page,
            "status_form": status_form,
            "status": status,
            "page_params": urlencode({"status": status}) if status else "",
        },
    )


@read_only
def consultation_detail(request, pk: int):
    consultation = consultation_get(trainer=request.user, pk=pk)
    return render(
        request, "clients/consultation_detail.html", {"consultation": consultation}
    )
