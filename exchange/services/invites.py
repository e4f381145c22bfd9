"""Inviting the clients an import made: one action for all of them, after the
import."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from clients.services import client_invite
from exchange.models import ClientImport
from exchange.selectors import client_import_clients

NOT_APPLIED = "Import the clients first: then they can be invited."


@transaction.atomic
def client_import_invite(
    *, client_import: ClientImport, invited_by: User
) -> dict[str, int]:
    """Email an invitation to log in to every client the import made who has an
    email and no login yet, through the outbox, each once.

    Idempotent: the import is locked, so a double click waits for the first and
    then finds everyone invited; each invitation is keyed by the import and the
    client, and a client with a login is never invited again. A client whose email
    another login uses is left out. Returns how many were invited this time, already
    could log in, were left out, or have no email; the counts of the first call are
    kept on the import's report."""
    client_import = ClientImport.objects.select_for_update().get(pk=client_import.pk)
    if client_import.status != ClientImport.Status.APPLIED:
        raise ValidationError(NOT_APPLIED)
    counts = {"invited": 0, "has_login": 0, "email_taken": 0, "no_email": 0}
    for client in client_import_clients(client_import):
        if not client.email:
            counts["no_email"] += 1
        elif client.user_id is not None:
            counts["has_login"] += 1
        else:
            try:
                with transaction.atomic():  # a refusal undoes this client alone
                    client_invite(
                        client=client,
                        invited_by=invited_by,
                        key=f"import-invite:{client_import.pk}:{client.pk}",
                    )
            except ValidationError:  # another login has this email
                counts["email_taken"] += 1
            else:
                counts["invited"] += 1
    if "invited_at" not in client_import.report:
        client_import.report = {
            **client_import.report,
            "invited_at": timezone.now().isoformat(),
            "invited": counts["invited"],
        }
        client_import.save(update_fields=["report", "updated_at"])
    return counts
