from django.conf import settings
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from clients.selectors import client_for_user, client_get
from core.http import read_only, service_call
from exchange import selectors
from exchange.forms import ClientImportForm, OwnerClientExportForm
from exchange.models import ClientImport
from exchange.services import (
    client_import_apply,
    client_import_invite,
    client_import_preview,
    export_request,
)
from exchange.services.exports import export_path
from exchange.services.imports import MAX_FILE_BYTES

EXPORT_REQUESTED = (
    "We are putting {what} together: a link to download it will be emailed to "
    "{email} in a few minutes."
)
IMPORTED = "Imported: {create} new, {unchanged} already there, {refused} refused."
INVITED = (
    "Invitations are on their way to {invited} client{invited_s}. Left out: "
    "{has_login} who can already log in, {email_taken} whose email another login "
    "uses, {no_email} with no email."
)


def _requested(request, export, *, what: str):
    messages.success(
        request, EXPORT_REQUESTED.format(what=what, email=request.user.email)
    )


@require_POST
def my_export(request):
    client = client_for_user(user=request.user)
    with service_call(request):
        export = export_request(requested_by=request.user, client=client)
        _requested(request, export, what="your data")
    return redirect("accounts:profile")


@require_POST
def client_export(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    with service_call(request):
        export = export_request(requested_by=request.user, client=client)
        _requested(request, export, what=f"{client.full_name}'s data")
    return redirect(client)


def _data_page(request, *, import_form=None, client_form=None, status=200):
    return render(
        request,
        "exchange/data.html",
        {
            "import_form": import_form or ClientImportForm(),
            "client_form": client_form or OwnerClientExportForm(),
            "exports": selectors.export_list_for_user(user=request.user),
            "imports": selectors.client_import_list(user=request.user),
        },
        status=status,
    )


@read_only
def data(request):
    return _data_page(request)


@require_POST
def owner_client_export(request):
    form = OwnerClientExportForm(request.POST)
    if not form.is_valid():
        return _data_page(request, client_form=form, status=400)
    client = form.cleaned_data["client"]
    with service_call(request):
        export = export_request(requested_by=request.user, client=client)
        _requested(request, export, what=f"{client.full_name}'s data")
    return redirect("exchange:data")


@require_POST
def business_export(request):
    with service_call(request):
        export = export_request(requested_by=request.user)
        _requested(request, export, what="the whole business")
    return redirect("exchange:data")


@require_POST
def import_new(request):
    form = ClientImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        with service_call(form):
            preview = client_import_preview(
                uploaded_by=request.user,
                file_name=upload.name,
                # Never more than the limit and a byte into memory: the rest
                # would only be refused.
                data=upload.read(MAX_FILE_BYTES + 1),
            )
            return redirect(preview)
    return _data_page(request, import_form=form, status=400)


@read_only
def import_detail(request, pk: int):
    client_import = selectors.client_import_get(user=request.user, pk=pk)
    rows = client_import.rows
    return render(
        request,
        "exchange/clientimport_detail.html",
        {
            "client_import": client_import,
            "applied": client_import.status == ClientImport.Status.APPLIED,
            "refused": [r for r in rows if r["action"] == "refused"],
            "created": [r for r in rows if r["action"] == "create"],
            "unchanged": [r for r in rows if r["action"] == "unchanged"],
            "to_invite": selectors.client_import_to_invite(client_import),
            "invited_at": parse_datetime(client_import.report.get("invited_at", "")),
        },
    )


@require_POST
def import_apply(request, pk: int):
    client_import = selectors.client_import_get(user=request.user, pk=pk)
    with service_call(request):
        client_import = client_import_apply(client_import=client_import)
        messages.success(request, IMPORTED.format(**client_import.report))
    return redirect(client_import)


@require_POST
def import_invite(request, pk: int):
    client_import = selectors.client_import_get(user=request.user, pk=pk)
    with service_call(request):
        counts = client_import_invite(
            client_import=client_import, invited_by=request.user
        )
        messages.success(
            request,
            INVITED.format(**counts, invited_s=pluralize(counts["invited"])),
        )
    return redirect(client_import)


@read_only
def export_download(request, pk: int):
    export = selectors.export_get_finished(user=request.user, pk=pk)
    try:
        handle = export_path(export).open("rb")
    except FileNotFoundError:
        return render(
            request,
            "exchange/export_gone.html",
            {"export": export, "keep_days": settings.EXPORT_KEEP_DAYS},
            status=410,
        )
    return FileResponse(handle, as_attachment=True, filename=export.download_name)
