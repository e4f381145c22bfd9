from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString

from assessments.selectors import assessment_list_recent
from clients.models import Client
from clients.selectors import client_for_user, client_get
from core import fragments
from core.http import read_only
from dashboard import rows
from dashboard.forms import ClientFilterForm, ladder_rungs
from dashboard.selectors import (
    client_list_for_dashboard,
    client_rows,
    clients_revision,
    next_training_day,
    tag_list,
    user_landing_url,
)
from messaging.selectors import unread_threads_for_trainer
from programming.selectors import (
    assignment_changes_told,
    client_programming,
    ladder_standings,
    ladders_with_rungs,
    program_active_for_client,
)
from scheduling.selectors import (
    session_list_from_today,
    session_list_next,
    session_list_today,
)
from training.selectors import (
    attention_for,
    progress_for_client,
    recent_results,
    suggestion_list_pending,
)

CLIENTS_PER_PAGE = 25
RECENT_ASSESSMENTS = 3


def landing(request):
    return redirect(user_landing_url(user=request.user))


@read_only
def trainer_dashboard(request):
    trainer = request.user
    revision = clients_revision(trainer=trainer)
    form = ClientFilterForm(request.GET, **_filter_choices(trainer, revision))
    filters = form.filters()
    clients = client_list_for_dashboard(trainer=trainer, **filters)
    page = Paginator(clients, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/trainer_dashboard.html",
        {
            "page": page,
            "rows": _client_rows(request, page.object_list),
            "form": form,
            "filtered": form.is_filtered,
            "q": filters["search"],
            "page_params": _page_params(request),
            "today_sessions": session_list_today(trainer=trainer),
            "attention": _attention(request, revision),
            "unread_threads": unread_threads_for_trainer(trainer=trainer),
        },
    )


def _filter_choices(trainer, revision: str) -> dict:
    """The rungs and tags to filter the trainer's clients on: from the cache until
    any of their clients changes (a change to a ladder, its rungs or variations, or
    a tag gives the clients a new revision)."""

    def choices() -> dict:
        return {
            "rungs": ladder_rungs(ladders_with_rungs(trainer=trainer)),
            "tags": tag_list(trainer=trainer),
        }

    if not revision:  # no clients: nothing to filter, nothing to keep
        return choices()
    return fragments.value(
        fragments.key("filters", trainer.pk, revision), choices, fits=_choices_fit
    )


def _choices_fit(kept) -> bool:
    return (
        isinstance(kept, dict)
        and isinstance(kept.get("rungs"), dict)
        and isinstance(kept.get("tags"), list)
    )


def _page_params(request) -> str:
    """The query string of this view of the list, less its page: what the links to
    the other pages keep."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _attention(request, revision: str) -> SafeString:
    """Who needs the trainer's attention: from the cache until any of their clients
    changes (``revision``, of them all), or the day does."""
    trainer = request.user
    key = fragments.key("attention", trainer.pk, revision, timezone.localdate())

    def render_attention(missing: list[str]) -> dict[str, str]:
        context = {"attention": attention_for(trainer=trainer)}
        return {key: fragments.render("training/_attention.html", context)}

    return fragments.fragments(request, [key], render_attention)[key]


def _client_rows(request, clients: list[Client]) -> list[SafeString]:
    """Each client's row, from the cache where it is; the rows missing are loaded
    together. A row counts the workouts of the last four weeks: it varies by day."""
    today = timezone.localdate()
    keys = {fragments.client_key(c, "dashboard-row", today): c.pk for c in clients}

    def render_rows(missing: list[str]) -> dict[str, str]:
        pks = [keys[k] for k in missing]
        loaded = client_rows(trainer=request.user, pks=pks)
        links = rows.Links()
        return {
            k: rows.client_row(loaded[pk], links)
            for k, pk in zip(missing, pks, strict=True)
            if pk in loaded
        }

    found = fragments.fragments(request, keys, render_rows)
    return [found[k] for k in keys if k in found]


@read_only
def client_detail(request, pk: int):
    client = client_get(trainer=request.user, pk=pk)
    # A workout logged from here belongs to today's session, if there is one.
    sessions = session_list_from_today(trainer=request.user, client=client)
    return render(
        request,
        "dashboard/client_detail.html",
        {
            "client": client,
            "sections": _client_sections(request, client, sessions.today),
            "upcoming_sessions": sessions.upcoming,
            "recent_assessments": assessment_list_recent(
                client=client, limit=RECENT_ASSESSMENTS
            ),
        },
    )


def _client_sections(request, client: Client, session_today) -> SafeString:
    """The suggestions waiting, where the client stands, their programs, latest
    results and progress: from the cache, else rendered. The charts count weeks up
    to today, and the log links name today's session."""
    key = fragments.client_key(
        client,
        "client-page",
        timezone.localdate(),
        session_today and session_today.pk,
        session_today and session_today.starts_at.isoformat(),
    )

    def render_sections(missing: list[str]) -> dict[str, str]:
        programming = client_programming(client=client)
        results = recent_results(client=client)
        active = programming.active_program
        context = {
            "client": client,
            "pending_suggestions": suggestion_list_pending(client=client),
            "programming": programming,
            "result_rows": [
                (pattern, assignment, results.get(pattern))
                for pattern, assignment in programming.rows
            ],
            "has_results": bool(results),
            "progress": progress_for_client(client=client),
            "active_days": list(active.days.all()) if active else [],
            "session_today": session_today,
        }
        return {key: fragments.render("dashboard/_client_sections.html", context)}

    return fragments.fragments(request, [key], render_sections)[key]


@read_only
def my_program(request):
    client = client_for_user(user=request.user)
    keys = {
        "upcoming": fragments.client_key(client, "my-program-next"),
        "body": fragments.client_key(client, "my-program"),
    }

    def render_program(missing: list[str]) -> dict[str, str]:
        program = program_active_for_client(client=client)
        standings = ladder_standings(client=client)
        if not (program or standings):
            return dict.fromkeys(keys.values(), "")
        upcoming = next_training_day(client=client, program=program)
        context = {
            "client": client,
            "program": program,
            "standings": standings,
            "up_next": upcoming,
        }
        return {
            keys["upcoming"]: fragments.render(
                "dashboard/_next_day.html", {"up_next": upcoming}
            ),
            keys["body"]: fragments.render("dashboard/_my_program.html", context),
        }

    sections = fragments.fragments(request, keys.values(), render_program)
    return render(
        request,
        "dashboard/my_program.html",
        {
            "client": client,
            # The day to do next, with a one-tap start: first on the phone's screen.
            "next_day": sections[keys["upcoming"]],
            # The active program and where the client stands on each ladder; empty
            # before their trainer has assigned anything.
            "body": sections[keys["body"]],
            "next_sessions": session_list_next(client=client),
            "changes": assignment_changes_told(client=client),
        },
    )
