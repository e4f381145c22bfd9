"""A trainer builds programs: training days of ordered prescriptions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
)

from clients.models import Client
from clients.selectors import client_choices, client_get
from core.http import error_message, read_only
from programming import selectors, services
from programming.forms import (
    FOLLOW,
    MoveForm,
    PrescriptionForm,
    ProgramCopyForm,
    ProgramForm,
    ProgramNewForm,
    TrainingDayForm,
)
from programming.models.prescription import PRESCRIPTION_FIELDS

PROGRAM_ADDED = "{name} is a draft: add days and exercises, then make it active."
TEMPLATE_ADDED = "The template {name} is ready: add days and exercises."
PROGRAM_SAVED = "{name} is saved."
PROGRAM_ACTIVE = "{name} is {client}'s program now: it is on their phone."
PROGRAM_COPIED = "{name} is copied to {client} as a draft."
PROGRAM_SAVED_AS_TEMPLATE = "{name} is saved as a template."
PROGRAM_DELETED = "{name} is deleted."
DAY_ADDED = "{name} is added."
DAY_SAVED = "{name} is saved."
DAY_DELETED = "{name} is deleted."
EXERCISE_ADDED = "{variation} is added to {day}."
EXERCISE_SAVED = "{variation} is saved."
EXERCISE_DELETED = "{variation} is off {day}."


def _variations(request):
    return selectors.variation_list(trainer=request.user)


@read_only
def program_templates(request):
    templates = selectors.program_template_list(trainer=request.user)
    return render(
        request, "programming/program_templates.html", {"templates": templates}
    )


@require_http_methods(["GET", "POST"])
def program_new(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    return _program_new(request, client=client)


@require_http_methods(["GET", "POST"])
def template_new(request):
    return _program_new(request, client=None)


def _program_new(request, *, client: Client | None):
    templates = selectors.program_template_list(trainer=request.user)
    form = ProgramNewForm(request.POST or None, templates=templates if client else None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                trainer=request.user, client=client, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            message = PROGRAM_ADDED if client else TEMPLATE_ADDED
            messages.success(request, message.format(name=program.name))
            return redirect(program)
    return render(
        request, "programming/program_form.html", {"form": form, "client": client}
    )


@read_only
def program_detail(request, pk: int):
    program = selectors.program_get(trainer=request.user, pk=pk)
    return render(
        request,
        "programming/program_detail.html",
        {"program": program, "day_form": TrainingDayForm()},
    )


@require_http_methods(["GET", "POST"])
def program_edit(request, pk: int):
    program = selectors.program_get(trainer=request.user, pk=pk)
    form = ProgramForm(
        request.POST or None, instance=program, for_template=program.is_template
    )
    if request.method == "POST" and form.is_valid():
        services.program_update(program=program, **form.cleaned_data)
        messages.success(request, PROGRAM_SAVED.format(name=program.name))
        return redirect(program)
    return render(
        request, "programming/program_form.html", {"form": form, "program": program}
    )


@require_POST
def program_activate(request, pk: int):
    program = selectors.program_get(trainer=request.user, pk=pk)
    try:
        services.program_activate(program=program)
    except ValidationError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(
            request,
            PROGRAM_ACTIVE.format(name=program.name, client=program.client.first_name),
        )
    return redirect(program)


@require_http_methods(["GET", "POST"])
def program_copy(request, pk: int):
    program = selectors.program_get(trainer=request.user, pk=pk)
    clients = client_choices(trainer=request.user)
    form = ProgramCopyForm(
        request.POST or None, clients=clients, initial={"name": program.name}
    )
    if request.method == "POST" and form.is_valid():
        copy = services.program_copy(program=program, **form.cleaned_data)
        if copy.client:
            text = PROGRAM_COPIED.format(name=copy.name, client=copy.client.full_name)
        else:
            text = PROGRAM_SAVED_AS_TEMPLATE.format(name=copy.name)
        messages.success(request, text)
        return redirect(copy)
    return render(
        request, "programming/program_copy.html", {"form": form, "program": program}
    )


@require_http_methods(["GET", "POST"])
def program_delete(request, pk: int):
    program = selectors.program_get(trainer=request.user, pk=pk)
    back = program.client or "programming:program_templates"
    if request.method == "POST":
        try:
            services.program_delete(program=program)
        except ValidationError as exc:
            messages.error(request, error_message(exc))
            return redirect(program)
        messages.success(request, PROGRAM_DELETED.format(name=program.name))
        return redirect(back)
    return render(
        request,
        "programming/confirm_delete.html",
        {
            "title": f"Delete {program.name}?",
            "body": "Its days and exercises go with it.",
            "cancel_url": program.get_absolute_url(),
        },
    )


@require_POST
def day_new(request, pk: int):
    program = selectors.program_get(trainer=request.user, pk=pk)
    form = TrainingDayForm(request.POST)
    if form.is_valid():
        try:
            day = services.day_add(program=program, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, DAY_ADDED.format(name=day.name))
            return redirect(program)
    return render(
        request,
        "programming/program_detail.html",
        {"program": program, "day_form": form},
        status=422,
    )


@require_http_methods(["GET", "POST"])
def day_edit(request, pk: int):
    day = selectors.day_get(trainer=request.user, pk=pk)
    form = TrainingDayForm(request.POST or None, instance=day)
    if request.method == "POST" and form.is_valid():
        services.day_update(day=day, **form.cleaned_data)
        messages.success(request, DAY_SAVED.format(name=day.name))
        return redirect(day.program)
    return render(request, "programming/day_form.html", {"form": form, "day": day})


@require_POST
def day_move(request, pk: int):
    day = selectors.day_get(trainer=request.user, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.day_move(day=day, step=form.cleaned_data["direction"])
    return redirect(day.program)


@require_http_methods(["GET", "POST"])
def day_delete(request, pk: int):
    day = selectors.day_get(trainer=request.user, pk=pk)
    if request.method == "POST":
        services.day_delete(day=day)
        messages.success(request, DAY_DELETED.format(name=day.name))
        return redirect(day.program)
    return render(
        request,
        "programming/confirm_delete.html",
        {
            "title": f"Delete {day.name}?",
            "body": "Its exercises go with it.",
            "cancel_url": day.program.get_absolute_url(),
        },
    )


def _current_prescription(assignments, variation: str | None) -> dict:
    """The client's current prescription of ``variation`` (from ``?variation=``), so
    that the program starts from what the client does now and follows their ladder;
    else three sets of eight."""
    for assignment in assignments:
        if str(assignment.variation_id) == variation:
            return {
                "variation": assignment.variation_id,
                "follows_ladder": FOLLOW,
                **{name: getattr(assignment, name) for name in PRESCRIPTION_FIELDS},
            }
    return {"reps": 8}


@require_http_methods(["GET", "POST"])
def prescription_new(request, pk: int):
    day = selectors.day_get(trainer=request.user, pk=pk)
    client = day.program.client
    assignments = selectors.assignment_list_for_client(client=client) if client else []
    current = [a for _, a in selectors.by_pattern(assignments) if a]  # coach's order
    form = PrescriptionForm(
        request.POST or None,
        variations=_variations(request),
        initial=_current_prescription(current, request.GET.get("variation")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            prescription = services.prescription_add(
                day=day,
                variation=data["variation"],
                follows_ladder=data["follows_ladder"],
                **{name: data[name] for name in PRESCRIPTION_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                EXERCISE_ADDED.format(variation=prescription.variation, day=day.name),
            )
            return redirect(day.program)
    return render(
        request,
        "programming/prescription_form.html",
        {"form": form, "day": day, "current": current},
    )


@require_http_methods(["GET", "POST"])
def prescription_edit(request, pk: int):
    prescription = selectors.prescription_get(trainer=request.user, pk=pk)
    day = prescription.day
    form = PrescriptionForm(
        request.POST or None, instance=prescription, variations=_variations(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.prescription_update(
                prescription=prescription,
                variation=data["variation"],
                follows_ladder=data["follows_ladder"],
                **{name: data[name] for name in PRESCRIPTION_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, EXERCISE_SAVED.format(variation=prescription.variation)
            )
            return redirect(day.program)
    return render(
        request,
        "programming/prescription_form.html",
        {"form": form, "day": day, "prescription": prescription},
    )


@require_POST
def prescription_move(request, pk: int):
    prescription = selectors.prescription_get(trainer=request.user, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.prescription_move(
            prescription=prescription, step=form.cleaned_data["direction"]
        )
    return redirect(prescription.day.program)


@require_http_methods(["GET", "POST"])
def prescription_delete(request, pk: int):
    prescription = selectors.prescription_get(trainer=request.user, pk=pk)
    day = prescription.day
    if request.method == "POST":
        services.prescription_delete(prescription=prescription)
        messages.success(
            request,
            EXERCISE_DELETED.format(variation=prescription.variation, day=day.name),
        )
        return redirect(day.program)
    return render(
        request,
        "programming/confirm_delete.html",
        {
            "title": f"Take {prescription.variation} off {day.name}?",
            "body": f"{prescription.summary}. You can add it again later.",
            "cancel_url": day.program.get_absolute_url(),
            "action": "Remove",
        },
    )
