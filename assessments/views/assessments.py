"""A client's assessments: start, record, recommend, accept, compare; the rules page;
and the client's own summary."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
)

from assessments import rules
from assessments.forms import (
    AssessmentStartForm,
    CompareForm,
    ResultsForm,
    StartRungsForm,
)
from assessments.selectors import (
    AREA_LABEL,
    AREA_ORDER,
    assessment_compare,
    assessment_get,
    assessment_list_for_client,
    assessment_recommendations,
    assessment_sheet,
    assessment_summary_for_client,
    builtin_ladders,
    by_area,
    decisions_for,
    protocol_list,
    start_options,
)
from assessments.services import (
    assessment_accept,
    assessment_delete,
    assessment_record,
    assessment_start,
    rung_jump,
)
from clients.selectors import client_for_user, client_get
from core.http import read_only, service_call
from programming.selectors import assignment_list_for_client

ASSESSMENT_STARTED = "Assessment started: record the results test by test."
DRAFT_SAVED = "Draft saved. Finish it when every test is done."
ASSESSMENT_FINISHED = "Assessment finished. Review the recommendation below."
ALREADY_FINISHED = "This assessment is finished; its results are kept as recorded."
DRAFT_DELETED = "The draft assessment is deleted."
RUNGS_SET = "Starting rungs set for {patterns}."
ASSESSMENTS_PER_PAGE = 20


@read_only
def assessment_list(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    assessments = assessment_list_for_client(client=client)
    page = Paginator(assessments, ASSESSMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "assessments/assessment_list.html",
        {"client": client, "page": page},
    )


@require_http_methods(["GET", "POST"])
def assessment_new(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    form = AssessmentStartForm(
        request.POST or None, protocols=protocol_list(trainer=request.user)
    )
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            assessment = assessment_start(
                trainer=request.user, client=client, **form.cleaned_data
            )
            messages.success(request, ASSESSMENT_STARTED)
            return redirect("assessments:assessment_record", pk=assessment.pk)
    return render(
        request, "assessments/assessment_start.html", {"client": client, "form": form}
    )


@require_http_methods(["GET", "POST"])
def assessment_record_view(request, pk: int):
    assessment = assessment_get(trainer=request.user, pk=pk)
    if not assessment.is_draft:
        messages.info(request, ALREADY_FINISHED)
        return redirect(assessment)
    rows = assessment_sheet(assessment=assessment)
    form = ResultsForm(
        request.POST or None,
        rows=rows,
        initial={"assessed_on": assessment.assessed_on, "notes": assessment.notes},
    )
    if request.method == "POST" and form.is_valid():
        finish = request.POST.get("action") == "finish"
        with service_call(form):
            assessment_record(
                assessment=assessment,
                results=form.results(),
                notes=form.notes_by_test(),
                assessed_on=form.cleaned_data["assessed_on"],
                summary=form.cleaned_data["notes"],
                finish=finish,
            )
            if finish:
                messages.success(request, ASSESSMENT_FINISHED)
                return redirect(assessment)
            messages.success(request, DRAFT_SAVED)
            return redirect("assessments:assessment_record", pk=assessment.pk)
    return render(
        request,
        "assessments/assessment_record.html",
        {"assessment": assessment, "client": assessment.client, "form": form},
    )


def _jump(controls, assignment) -> int:
    """How many rungs the recommendation jumps from the client's current rung, when
    that calls for a caution."""
    if not controls or assignment is None or controls[0].rung is None:
        return 0
    option = controls[0]
    return rung_jump(option, option.rung, assignment.variation_id)


def _detail(request, assessment, form=None):
    rows = assessment_sheet(assessment=assessment)
    recommendations = assessment_recommendations(assessment=assessment, rows=rows)
    decisions, controls = {}, {}
    if not assessment.is_draft:
        decisions = decisions_for(assessment=assessment)
        form = form or StartRungsForm(
            options=start_options(trainer=request.user, recommendations=recommendations)
        )
        controls = {row[0].pattern: row for row in form.rows}
    current = {
        a.pattern: a for a in assignment_list_for_client(client=assessment.client)
    }
    patterns = [
        {
            "pattern": pattern,
            "label": AREA_LABEL[pattern],
            "recommendation": recommendations[pattern],
            "decision": decisions.get(pattern),
            "current": current.get(pattern),
            "controls": controls.get(pattern),
            "jump": _jump(controls.get(pattern), current.get(pattern)),
        }
        for pattern in AREA_ORDER
        if pattern in recommendations
    ]
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "client": assessment.client,
            "groups": by_area(rows),
            "missing_count": sum(1 for row in rows if row.result is None),
            "patterns": patterns,
            "form": form,
        },
    )


@read_only
def assessment_detail(request, pk: int):
    return _detail(request, assessment_get(trainer=request.user, pk=pk))


@require_POST
def assessment_accept_view(request, pk: int):
    assessment = assessment_get(trainer=request.user, pk=pk)
    if assessment.is_draft:
        return redirect("assessments:assessment_record", pk=assessment.pk)
    options = start_options(
        trainer=request.user, recommendations=assessment.recommendations
    )
    form = StartRungsForm(request.POST, options=options)
    if form.is_valid():
        with service_call(form):
            decisions = assessment_accept(
                assessment=assessment, trainer=request.user, choices=form.choices()
            )
            names = ", ".join(d.get_pattern_display() for d in decisions)
            messages.success(request, RUNGS_SET.format(patterns=names))
            return redirect(assessment)
    return _detail(request, assessment, form)


@require_http_methods(["GET", "POST"])
def assessment_delete_view(request, pk: int):
    assessment = assessment_get(trainer=request.user, pk=pk)
    if request.method == "POST":
        with service_call(request):
            assessment_delete(assessment=assessment)
            messages.success(request, DRAFT_DELETED)
            return redirect(
                "assessments:assessment_list", client_pk=assessment.client_id
            )
        return redirect(assessment)
    return render(
        request,
        "assessments/assessment_confirm_delete.html",
        {"assessment": assessment, "client": assessment.client},
    )


@read_only
def assessment_compare_view(request, client_pk: int):
    client = client_get(trainer=request.user, pk=client_pk)
    finished = assessment_list_for_client(client=client).done()
    latest_two = list(finished[:2])
    initial = {}
    if len(latest_two) == 2:
        initial = {"first": latest_two[1], "second": latest_two[0]}
    form = CompareForm(
        request.GET if "first" in request.GET else None,
        assessments=finished,
        initial=initial,
    )
    comparison = None
    if form.is_bound and form.is_valid():
        pair = form.cleaned_data["first"], form.cleaned_data["second"]
    else:
        pair = (initial.get("first"), initial.get("second"))
    if not form.errors and all(pair) and pair[0] != pair[1]:
        comparison = assessment_compare(first=pair[0], second=pair[1])
    return render(
        request,
        "assessments/assessment_compare.html",
        {
            "client": client,
            "form": form,
            "comparison": comparison,
            "finished_count": len(latest_two),
        },
    )


@read_only
def rules_view(request):
    return render(
        request,
        "assessments/rules.html",
        {
            "principles": list(rules.Principle),
            "patterns": rules.describe(builtin_ladders()),
            "inputs": rules.INPUTS,
        },
    )


@read_only
def my_assessment(request):
    client = client_for_user(user=request.user)
    return render(
        request,
        "assessments/my_assessment.html",
        {"client": client, "summary": assessment_summary_for_client(client=client)},
    )
