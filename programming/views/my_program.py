"""The client's own page: what to do today, and how."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from clients.selectors import client_for_user
from programming import selectors


@require_safe
def my_program(request):
    client = client_for_user(user=request.user)
    return render(
        request,
        "programming/my_program.html",
        {
            "client": client,
            "program": selectors.program_active_for_client(client=client),
            "standings": selectors.ladder_standings(client=client),
        },
    )
