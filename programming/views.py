from django.shortcuts import render
from django.views.decorators.http import require_safe

from clients.selectors import client_for_user
from trainer.scheduling.selectors import session_list_next


@require_safe
def my_program(request):
    client = client_for_user(user=request.user)
    return render(
        request,
        "programming/my_program.html",
        {"client": client, "next_sessions": session_list_next(client=client)},
    )
