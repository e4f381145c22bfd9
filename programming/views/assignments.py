"""A trainer assigns, progresses and regresses a client's variation on a pattern."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clients.selectors import client_get
from core.http import service_call
from programming import selectors, services
from programming.forms import AssignmentForm, StepForm
from programming.models.prescription import PRESCRIPTION_FIELDS

ASSIGNMENT_SAVED = "{name} is on {variation} for the {pattern} pattern."
PROGRESSED = "{name} moved up to {variation} (rung {position} of {length})."
REGRESSED = "{name} moved down to {variation} (rung {position} of {length})."
IN_THE_PROGRAM = " In the program: {programs}."
HISTORY_PER_PAGE = 20


@require_http_methods(["GET", "POST"])
def assignment_edit(request, client_pk: int, pattern: str):
    client = client_get(trainer=request.user, pk=client_pk)
    pattern = selectors.pattern_from_slug(pattern)
    current = selectors.assignment_get_current(client=client, pattern=pattern)
    initial = {}
    if current is None:
        start = selectors.starting_points(
            trainer=client.trainer, targets={pattern: None}
        )[pattern]
        ladder = start.ladder
        initial = {"variation": start.rung and start.rung.variation_id, **start.dose}
    else:
        ladder = current.ladder
    form = AssignmentForm(
        request.POST or None,
        instance=current,
        initial=initial,
        variations=selectors.variation_list(trainer=request.user, pattern=pattern),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form):
            assignment = services.assignment_set(
                client=client,
                variation=data["variation"],
                changed_by=request.user,
                reason=data["reason"],
                **{name: data[name] for name in PRESCRIPTION_FIELDS},
            )
            messages.success(
                request,
                ASSIGNMENT_SAVED.format(
                    name=client.first_name,
                    variation=assignment.variation,
                    pattern=pattern.label.lower(),
                ),
            )
            return redirect(client)
    history = selectors.assignment_history(client=client, pattern=pattern)
    return render(
        request,
        "programming/assignment_form.html",
        {
            "client": client,
            "pattern": pattern,
            "assignment": current,
            "ladder": ladder,
            "rungs": ladder.rungs.select_related("variation").order_by("position"),
            "form": form,
            "history": Paginator(history, HISTORY_PER_PAGE).get_page(
                request.GET.get("page")
            ),
        },
    )


def _step(request, client_pk: int, pattern: str, *, up: bool):
    client = client_get(trainer=request.user, pk=client_pk)
    pattern = selectors.pattern_from_slug(pattern)
    assignment = selectors.assignment_get_current(client=client, pattern=pattern)
    if assignment is None:
        raise Http404("No assignment on this pattern")
    form = StepForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    level, done = messages.SUCCESS, PROGRESSED if up else REGRESSED
    with service_call() as call:
        step = services.assignment_progress if up else services.assignment_regress
        step(assignment=assignment, changed_by=request.user, reason=reason)
        assignment = selectors.assignment_get_current(client=client, pattern=pattern)
        text = done.format(
            name=client.first_name,
            variation=assignment.variation,
            position=assignment.rung_position,
            length=assignment.ladder_length,
        )
        change = assignment.changes.order_by("-pk").only("programs").first()
        if change is not None and change.programs:
            text += IN_THE_PROGRAM.format(programs=change.programs)
    if call.error:
        level, text = messages.ERROR, call.message
    if not request.htmx:
        messages.add_message(request, level, text)
        return redirect(client)
    # htmx swaps the pattern's row and, out of band, the recent history.
    return render(
        request,
        "programming/_assignment_step.html",
        {
            "client": client,
            "pattern": pattern,
            "assignment": assignment,
            "step_form": StepForm(),
            "notice": {"error": level == messages.ERROR, "text": text},
            "history": selectors.assignment_history(
                client=client, limit=selectors.HISTORY_ON_CLIENT_PAGE
            ),
        },
    )


@require_POST
def assignment_progress(request, client_pk: int, pattern: str):
    return _step(request, client_pk, pattern, up=True)


@require_POST
def assignment_regress(request, client_pk: int, pattern: str):
    return _step(request, client_pk, pattern, up=False)
