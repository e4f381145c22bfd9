"""The trainer's movement library: variations and ladders."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
)

from core.http import read_only, service_call
from programming import selectors, services
from programming.forms import (
    LadderForm,
    LibrarySearchForm,
    MoveForm,
    RungForm,
    VariationForm,
)
from programming.models import Pattern

VARIATIONS_PER_PAGE = 30
VARIATION_ADDED = "{name} is in your library."
VARIATION_SAVED = "{name} is saved."
VARIATION_COPIED = "{name} is your copy: edit it as you like."
VARIATION_DELETED = "{name} is deleted."
LADDER_ADDED = "{name} is ready: put variations on it, easiest first."
LADDER_SAVED = "{name} is saved."
LADDER_COPIED = "{name} is your copy: reorder, insert and remove rungs as you like."
LADDER_COPIED_IN_USE = (
    "{name} is your copy, and your clients now move on it for the {pattern} pattern."
)
LADDER_DEFAULT = "Your clients now move on {name} for the {pattern} pattern."
LADDER_BUILTIN_AGAIN = "Your clients move on the built-in {pattern} ladder again."
LADDER_DELETED = "{name} is deleted."
RUNG_ADDED = "{variation} is rung {position}."
RUNG_REMOVED = "{variation} is off the ladder."
RUNG_MOVED = "{variation} is now rung {position}."
RUNG_NOT_MOVED = "{variation} is already at that end of the ladder."


@read_only
def library(request):
    search = LibrarySearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    variations = selectors.variation_list(
        trainer=request.user,
        pattern=filters.get("pattern", ""),
        search=filters.get("q", ""),
    )
    page = Paginator(variations, VARIATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "programming/variation_list.html",
        {"page": page, "search": search},
    )


@require_http_methods(["GET", "POST"])
def variation_new(request):
    initial = {"pattern": request.GET.get("pattern", Pattern.HINGE)}
    form = VariationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            variation = services.variation_create(
                owner=request.user, **form.cleaned_data
            )
            messages.success(request, VARIATION_ADDED.format(name=variation.name))
            return redirect(variation)
    return render(request, "programming/variation_form.html", {"form": form})


@read_only
def variation_detail(request, pk: int):
    variation = selectors.variation_get(trainer=request.user, pk=pk)
    return render(
        request, "programming/variation_detail.html", {"variation": variation}
    )


@require_http_methods(["GET", "POST"])
def variation_edit(request, pk: int):
    variation = selectors.variation_get_own(trainer=request.user, pk=pk)
    form = VariationForm(request.POST or None, instance=variation)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            services.variation_update(variation=variation, **form.cleaned_data)
            messages.success(request, VARIATION_SAVED.format(name=variation.name))
            return redirect(variation)
    return render(
        request,
        "programming/variation_form.html",
        {"form": form, "variation": variation},
    )


@require_POST
def variation_copy(request, pk: int):
    source = selectors.variation_get(trainer=request.user, pk=pk)
    with service_call(request):
        copy = services.variation_copy(variation=source, owner=request.user)
        messages.success(request, VARIATION_COPIED.format(name=copy.name))
        return redirect("programming:variation_edit", pk=copy.pk)
    return redirect(source)


@require_http_methods(["GET", "POST"])
def variation_delete(request, pk: int):
    variation = selectors.variation_get_own(trainer=request.user, pk=pk)
    if request.method == "POST":
        with service_call(request):
            services.variation_delete(variation=variation)
            messages.success(request, VARIATION_DELETED.format(name=variation.name))
            return redirect("programming:library")
        return redirect(variation)
    return render(
        request,
        "programming/confirm_delete.html",
        {
            "title": f"Delete {variation.name}?",
            "body": "It leaves your library for good.",
            "cancel_url": variation.get_absolute_url(),
        },
    )


@read_only
def ladder_list(request):
    ladders = selectors.ladder_list(trainer=request.user)
    in_use = selectors.ladders_in_use(trainer=request.user)
    groups = [
        (pattern, [lad for lad in ladders if lad.pattern == pattern], in_use[pattern])
        for pattern in Pattern
        if pattern in in_use
    ]
    return render(request, "programming/ladder_list.html", {"groups": groups})


@require_http_methods(["GET", "POST"])
def ladder_new(request):
    initial = {"pattern": request.GET.get("pattern", Pattern.HINGE)}
    form = LadderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            ladder = services.ladder_create(owner=request.user, **form.cleaned_data)
            messages.success(request, LADDER_ADDED.format(name=ladder.name))
            return redirect(ladder)
    return render(request, "programming/ladder_form.html", {"form": form})


@read_only
def ladder_detail(request, pk: int):
    ladder = selectors.ladder_get(trainer=request.user, pk=pk)
    return render(
        request,
        "programming/ladder_detail.html",
        _ladder_context(ladder, trainer=request.user),
    )


def _ladder_context(ladder, *, trainer, rung_form: RungForm | None = None) -> dict:
    in_use = selectors.ladders_in_use(trainer=trainer)[ladder.pattern]
    context = {
        "ladder": ladder,
        "rungs": ladder.rungs.all(),
        "in_use": in_use == ladder,
    }
    if not ladder.is_builtin:
        on_ladder = [rung.variation_id for rung in context["rungs"]]
        context["rung_form"] = rung_form or RungForm(
            variations=selectors.variation_list(
                trainer=ladder.owner, pattern=ladder.pattern
            ).exclude(pk__in=on_ladder)
        )
    return context


@require_http_methods(["GET", "POST"])
def ladder_edit(request, pk: int):
    ladder = selectors.ladder_get_own(trainer=request.user, pk=pk)
    form = LadderForm(request.POST or None, instance=ladder)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            services.ladder_update(ladder=ladder, **form.cleaned_data)
            messages.success(request, LADDER_SAVED.format(name=ladder.name))
            return redirect(ladder)
    return render(
        request, "programming/ladder_form.html", {"form": form, "ladder": ladder}
    )


@require_POST
def ladder_copy(request, pk: int):
    source = selectors.ladder_get(trainer=request.user, pk=pk)
    with service_call(request):
        copy = services.ladder_copy(ladder=source, owner=request.user)
        template = LADDER_COPIED_IN_USE if copy.is_default else LADDER_COPIED
        pattern = copy.get_pattern_display().lower()
        messages.success(request, template.format(name=copy.name, pattern=pattern))
        return redirect(copy)
    return redirect(source)


@require_POST
def ladder_default(request, pk: int):
    ladder = selectors.ladder_get_own(trainer=request.user, pk=pk)
    with service_call(request):
        services.ladder_make_default(ladder=ladder)
        messages.success(
            request,
            LADDER_DEFAULT.format(
                name=ladder.name, pattern=ladder.get_pattern_display().lower()
            ),
        )
    return redirect(ladder)


@require_POST
def ladder_use_builtin(request, pk: int):
    ladder = selectors.ladder_get_own(trainer=request.user, pk=pk)
    with service_call(request):
        services.ladder_use_builtin(trainer=request.user, pattern=ladder.pattern)
        messages.success(
            request,
            LADDER_BUILTIN_AGAIN.format(pattern=ladder.get_pattern_display().lower()),
        )
    return redirect(ladder)


@require_http_methods(["GET", "POST"])
def ladder_delete(request, pk: int):
    ladder = selectors.ladder_get_own(trainer=request.user, pk=pk)
    if request.method == "POST":
        with service_call(request):
            services.ladder_delete(ladder=ladder)
            messages.success(request, LADDER_DELETED.format(name=ladder.name))
            return redirect("programming:ladder_list")
        return redirect(ladder)
    return render(
        request,
        "programming/confirm_delete.html",
        {
            "title": f"Delete {ladder.name}?",
            "body": "The ladder goes; its variations stay in your library.",
            "cancel_url": ladder.get_absolute_url(),
        },
    )


@require_POST
def rung_add(request, pk: int):
    ladder = selectors.ladder_get_own(trainer=request.user, pk=pk)
    form = RungForm(
        request.POST,
        variations=selectors.variation_list(
            trainer=request.user, pattern=ladder.pattern
        ),
    )
    if form.is_valid():
        with service_call(form):
            rung = services.ladder_rung_insert(ladder=ladder, **form.cleaned_data)
            messages.success(
                request,
                RUNG_ADDED.format(variation=rung.variation, position=rung.position),
            )
            return redirect(ladder)
    return render(
        request,
        "programming/ladder_detail.html",
        _ladder_context(ladder, trainer=request.user, rung_form=form),
        status=422,
    )


@require_POST
def rung_move(request, pk: int, position: int):
    rung = selectors.rung_get_own(trainer=request.user, ladder_pk=pk, position=position)
    form = MoveForm(request.POST)
    if form.is_valid():
        with service_call(request):
            moved = services.ladder_rung_move(
                rung=rung, step=form.cleaned_data["direction"]
            )
            template = RUNG_MOVED if moved else RUNG_NOT_MOVED
            messages.info(
                request,
                template.format(variation=rung.variation, position=rung.position),
            )
    return redirect(rung.ladder)


@require_POST
def rung_remove(request, pk: int, position: int):
    rung = selectors.rung_get_own(trainer=request.user, ladder_pk=pk, position=position)
    with service_call(request):
        services.ladder_rung_remove(rung=rung)
        messages.success(request, RUNG_REMOVED.format(variation=rung.variation))
    return redirect(rung.ladder)
