from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from assessments.selectors import assessment_list_for_client
from clients.forms import ClientSearchForm
from clients.selectors import client_for_user, client_get
from core.http import read_only
from dashboard.selectors import client_list_for_dashboard, user_landing_url
from programming.selectors import (
    client_programming,
    ladder_standings,
    program_active_for_client,
)
from scheduling.selectors import session_list_next, session_list_today
from training.selectors import (
    attention_for,
    progress_for_client,
    recent_results,
    suggestion_list_accepted,
    suggestion_list_pending,
)

CLIENTS_PER_PAGE = 25
RECENT_ASSESSMENTS = 3


def landing(request):
    return redirect(user_landing_url(user=request.user))


@read_only
def trainer_dashboard(request):
    search = ClientSearchForm(request.GET)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    clients = client_list_for_dashboard(trainer=request.user, search=text)
    page = Paginator(clients, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/trainer_dashboard.html",
        {
            "page": page,
            "search": search,
            "q": text,
            "today_sessions": session_list_today(trainer=request.user),
            "attention": attention_for(trainer=request.user),
        },
    )


@read_only
def client_detail(request, pk: int):
    client = client_get(trainer=request.user, pk=pk)
    programming = client_programming(client=client)
    results = recent_results(client=client)
    active = programming.active_program
    return render(
        request,
        "dashboard/client_detail.html",
        {
            "client": client,
            "programming": programming,
            "result_rows": [
                (pattern, assignment, results.get(pattern))
                for pattern, assignment in programming.rows
            ],
            "has_results": bool(results),
            "pending_suggestions": suggestion_list_pending(client=client),
            "progress": progress_for_client(client=client),
            "active_days": list(active.days.all()) if active else [],
            # A workout logged from here belongs to today's session, if there is one.
            "session_today": next(
                (
                    s
                    for s in session_list_today(trainer=request.user)
                    if s.client_id == client.pk
                ),
                None,
            ),
            "upcoming_sessions": session_list_next(client=client),
            "recent_assessments": list(
                assessment_list_for_client(client=client)[:RECENT_ASSESSMENTS]
            ),
        },
    )


@read_only
def my_program(request):
    client = client_for_user(user=request.user)
    return render(
        request,
        "dashboard/my_program.html",
        {
            "client": client,
            "program": program_active_for_client(client=client),
            "standings": ladder_standings(client=client),
            "next_sessions": session_list_next(client=client),
            "changes": suggestion_list_accepted(client=client),
        },
    )
