"""The client's own page: what to do today, and how."""

from django.shortcuts import render

from clients.selectors import client_for_user
from programming import selectors
from trainer.http import read_only
from trainer.scheduling.selectors import session_list_next


@read_only
def my_program(request):
    client = client_for_user(user=request.user)
    return render(
        request,
        "programming/my_program.html",
        {
            "client": client,
            "program": selectors.program_active_for_client(client=client),
            "standings": selectors.ladder_standings(client=client),
            "next_sessions": session_list_next(client=client),
        },
    )
