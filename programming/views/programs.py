"""A trainer builds programs: training days of ordered prescriptions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import get_text_list
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
)
from django_htmx.http import reswap, retarget

from clients.models import Client
from clients.selectors import client_choices, client_get
from core.http import read_only, service_call
from programming import selectors, services
from programming.forms import (
    FOLLOW,
    MoveForm,
    PrescriptionBatchForm,
    PrescriptionForm,
    ProgramCopyForm,
    ProgramForm,
    ProgramNewForm,
    ReorderForm,
    SupersetForm,
    TrainingDayForm,
)
from programming.models import Program, TrainingDay
from programming.models.prescription import PRESCRIPTION_FIELDS
from programming.models.programs import label_exercises

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
EXERCISES_ADDED = "{variations} added to {day}."
EXERCISE_MOVED = "{variation} is {label} now."
EXERCISES_REORDERED = "{day} is in its new order."
SUPERSET_JOINED = "{variation} is in superset {letter} now."
SUPERSET_SPLIT = "{variation} is {label} now, apart from {above}."
BATCH_FIELDS = ["sets", "reps", "load", "load_unit"]


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
        with service_call(form):
            program = services.program_create(
                trainer=request.user, client=client, **form.cleaned_data
            )
            message = PROGRAM_ADDED if client else TEMPLATE_ADDED
            messages.success(request, message.format(name=program.name))
            return redirect(program)
    return render(
        request, "programming/program_form.html", {"form": form, "client": client}
    )


@read_only
def program_detail(request, pk: int):
    program = selectors.program_get(trainer=request.user, pk=pk)
    searched, query = _search(request)
    if request.htmx and searched:
        # The library search of one day, as the trainer types.
        day = _day_of(program, searched)
        day.choices = selectors.exercise_choices(
            trainer=request.user,
            client=program.client,
            query=query,
            chosen=request.GET.getlist("variations"),
        )
        return render(
            request,
            "programming/_exercise_choices.html",
            {"program": program, "day": day, "choices": day.choices},
        )
    return _builder(request, program)


def _search(request) -> tuple[int | None, str]:
    """The day whose library search is asked for (``?day=``), and the words."""
    day = request.GET.get("day", "")
    return (
        int(day) if day.isascii() and day.isdigit() and len(day) < 10 else None,
        request.GET.get("q", "")[:100],
    )


def _day_of(program: Program, pk: int) -> TrainingDay:
    for day in program.days.all():
        if day.pk == pk:
            return day
    raise Http404("No such day in this program")


def _builder(
    request,
    program: Program,
    *,
    day_form: TrainingDayForm | None = None,
    refused: PrescriptionBatchForm | None = None,
    status: int = 200,
):
    """The program page: every day with its exercises and the form to add several
    at once, offering the client's current rungs first, then the library."""
    searched, query = _search(request)
    _prepare_days(request, program)
    for day in program.days.all():
        if day.pk == searched and query:
            day.choices = selectors.exercise_choices(
                trainer=request.user, client=program.client, query=query
            )
            day.add_open = True
        if refused is not None and refused.day_pk == day.pk:
            day.add_form, day.add_open = refused, True
            day.choices = selectors.exercise_choices(
                trainer=request.user,
                client=program.client,
                chosen=refused.data.getlist("variations"),
            )
    return render(
        request,
        "programming/program_detail.html",
        {"program": program, "day_form": day_form or TrainingDayForm()},
        status=status,
    )


def _prepare_days(request, program: Program) -> None:
    variations = _variations(request)
    offered = selectors.exercise_choices(trainer=request.user, client=program.client)
    for day in program.days.all():
        _prepare_day(request, program, day, offered=offered, variations=variations)


def _prepare_day(request, program, day, *, offered=None, variations=None) -> None:
    """What the day's card shows beyond the day: the exercises to offer and the
    form to add them."""
    if offered is None:
        offered = selectors.exercise_choices(
            trainer=request.user, client=program.client
        )
    day.choices = offered
    day.add_form = PrescriptionBatchForm(
        variations=_variations(request) if variations is None else variations,
        day_pk=day.pk,
    )
    day.add_open = not day.prescriptions.all()


def _day_changed(request, day: TrainingDay, text: str, *, error: bool = False):
    """After a change to a day: htmx swaps the day's card in place (the change is
    announced to screen readers); a plain form post goes back to the day."""
    if not request.htmx:
        if text:
            level = messages.ERROR if error else messages.SUCCESS
            messages.add_message(request, level, text)
        return redirect(f"{day.program.get_absolute_url()}#day-{day.pk}")
    program = selectors.program_get(trainer=request.user, pk=day.program_id)
    return _day_card(request, program, _day_of(program, day.pk), text, error=error)


def _day_card(request, program, day, text: str, *, error: bool = False, form=None):
    _prepare_day(request, program, day)
    if form is not None:
        day.add_form, day.add_open = form, True
        day.choices = selectors.exercise_choices(
            trainer=request.user,
            client=program.client,
            chosen=form.data.getlist("variations"),
        )
    days = program.days.all()
    return render(
        request,
        "programming/_day_changed.html",
        {
            "program": program,
            "day": day,
            "first_day": day.position == 1,
            "last_day": day.position == len(days),
            "notice": text,
            "error": text if error else "",
        },
    )


@require_http_methods(["GET", "POST"])
def program_edit(request, pk: int):
    program = selectors.program_get(trainer=request.user, pk=pk)
    form = ProgramForm(
        request.POST or None, instance=program, for_template=program.is_template
    )
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            services.program_update(program=program, **form.cleaned_data)
            messages.success(request, PROGRAM_SAVED.format(name=program.name))
            return redirect(program)
    return render(
        request, "programming/program_form.html", {"form": form, "program": program}
    )


@require_POST
def program_activate(request, pk: int):
    program = selectors.program_get(trainer=request.user, pk=pk)
    with service_call(request):
        services.program_activate(program=program)
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
        with service_call(form):
            copy = services.program_copy(program=program, **form.cleaned_data)
            if copy.client:
                text = PROGRAM_COPIED.format(
                    name=copy.name, client=copy.client.full_name
                )
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
        with service_call(request):
            services.program_delete(program=program)
            messages.success(request, PROGRAM_DELETED.format(name=program.name))
            return redirect(back)
        return redirect(program)
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
        with service_call(form):
            day = services.day_add(program=program, **form.cleaned_data)
            text = DAY_ADDED.format(name=day.name)
            if not request.htmx:
                messages.success(request, text)
                return redirect(f"{program.get_absolute_url()}#day-{day.pk}")
            # htmx redraws the days (the last one's Down button wakes up) and
            # clears the form out of band.
            program = selectors.program_get(trainer=request.user, pk=program.pk)
            _prepare_days(request, program)
            _day_of(program, day.pk).add_open = True
            return render(
                request,
                "programming/_day_added.html",
                {"program": program, "day_form": TrainingDayForm(), "notice": text},
            )
    if request.htmx:
        response = render(
            request,
            "programming/_day_form.html",
            {"program": program, "day_form": form},
        )
        return reswap(retarget(response, "#add-day-form"), "outerHTML")
    return _builder(request, program, day_form=form, status=422)


@require_http_methods(["GET", "POST"])
def day_edit(request, pk: int):
    day = selectors.day_get(trainer=request.user, pk=pk)
    form = TrainingDayForm(request.POST or None, instance=day)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            services.day_update(day=day, **form.cleaned_data)
            messages.success(request, DAY_SAVED.format(name=day.name))
            return redirect(day.program)
    return render(request, "programming/day_form.html", {"form": form, "day": day})


@require_POST
def day_move(request, pk: int):
    day = selectors.day_get(trainer=request.user, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        with service_call(request):
            services.day_move(day=day, step=form.cleaned_data["direction"])
    return redirect(day.program)


@require_http_methods(["GET", "POST"])
def day_delete(request, pk: int):
    day = selectors.day_get(trainer=request.user, pk=pk)
    if request.method == "POST":
        with service_call(request):
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
        with service_call(form):
            prescription = services.prescription_add(
                day=day,
                variation=data["variation"],
                follows_ladder=data["follows_ladder"],
                **{name: data[name] for name in PRESCRIPTION_FIELDS},
            )
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


@require_POST
def prescription_add_many(request, pk: int):
    day = selectors.day_get(trainer=request.user, pk=pk)
    form = PrescriptionBatchForm(
        request.POST, variations=_variations(request), day_pk=day.pk
    )
    if form.is_valid():
        data = form.cleaned_data
        with service_call(form):
            added = services.prescription_add_many(
                day=day,
                variations=data["variations"],
                **{name: data[name] for name in BATCH_FIELDS},
            )
            names = get_text_list([p.variation.name for p in added], "and")
            verb = "is" if len(added) == 1 else "are"
            text = EXERCISES_ADDED.format(variations=f"{names} {verb}", day=day.name)
            return _day_changed(request, day, text)
    program = selectors.program_get(trainer=request.user, pk=day.program_id)
    if request.htmx:
        return _day_card(request, program, _day_of(program, day.pk), "", form=form)
    return _builder(request, program, refused=form, status=422)


@require_POST
def prescription_reorder(request, pk: int):
    day = selectors.day_get(trainer=request.user, pk=pk)
    form = ReorderForm(request.POST)
    if not form.is_valid():
        stale = services.programs.ORDER_IS_STALE.format(day=day.name)
        return _day_changed(request, day, stale, error=True)
    with service_call() as call:
        services.prescription_reorder(day=day, order=form.cleaned_data["order"])
        return _day_changed(request, day, EXERCISES_REORDERED.format(day=day.name))
    return _day_changed(request, day, call.message, error=True)


@require_POST
def prescription_superset(request, pk: int):
    prescription = selectors.prescription_get(trainer=request.user, pk=pk)
    form = SupersetForm(request.POST)
    day = prescription.day
    if not form.is_valid():
        return _day_changed(request, day, "", error=False)
    with service_call() as call:
        services.prescription_superset(
            prescription=prescription, joined=form.cleaned_data["joined"]
        )
        return _day_changed(
            request, day, _where_now(prescription, joined=form.cleaned_data["joined"])
        )
    return _day_changed(request, day, call.message, error=True)


def _where_now(prescription, *, joined: bool | None = None) -> str:
    """Where an exercise stands on its day now, in words."""
    exercises = label_exercises(
        prescription.day.prescriptions.select_related("variation")
    )
    here = next(p for p in exercises if p.pk == prescription.pk)
    if joined:
        return SUPERSET_JOINED.format(
            variation=here.variation.name, letter=here.label.rstrip("0123456789")
        )
    if joined is False and here.above is not None:
        return SUPERSET_SPLIT.format(
            variation=here.variation.name,
            label=here.label,
            above=here.above.variation.name,
        )
    return EXERCISE_MOVED.format(variation=here.variation.name, label=here.label)


@require_http_methods(["GET", "POST"])
def prescription_edit(request, pk: int):
    prescription = selectors.prescription_get(trainer=request.user, pk=pk)
    day = prescription.day
    form = PrescriptionForm(
        request.POST or None, instance=prescription, variations=_variations(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form):
            services.prescription_update(
                prescription=prescription,
                variation=data["variation"],
                follows_ladder=data["follows_ladder"],
                **{name: data[name] for name in PRESCRIPTION_FIELDS},
            )
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
    day = prescription.day
    if form.is_valid():
        with service_call() as call:
            services.prescription_move(
                prescription=prescription, step=form.cleaned_data["direction"]
            )
            return _day_changed(request, day, _where_now(prescription))
        return _day_changed(request, day, call.message, error=True)
    return _day_changed(request, day, _where_now(prescription))


@require_http_methods(["GET", "POST"])
def prescription_delete(request, pk: int):
    prescription = selectors.prescription_get(trainer=request.user, pk=pk)
    day = prescription.day
    if request.method == "POST":
        with service_call(request):
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
