"""The screening's pieces on pages composed elsewhere: the client's prompt, the
caution beside a client's pain, and the trainer's waiting list. Each reads through
the screening selectors, so the pages that show them change by one line."""

from django import template

from screening import selectors
from screening.gate import standing_of

register = template.Library()


@register.inclusion_tag("screening/_prompt.html")
def screening_prompt(client):
    """Asks a client for what is missing, on their own pages."""
    return {"client": client, "standing": standing_of(client) if client else None}


@register.inclusion_tag("screening/_caution.html")
def screening_caution(client):
    """A yes about bones, joints or the back, with its area."""
    return {"client": client, "screening": selectors.caution_for(client=client)}


@register.inclusion_tag("screening/_waiting.html")
def screening_waiting(trainer):
    """The trainer's clients waiting for a screening, a clearance or a signature."""
    waiting = list(
        selectors.clients_waiting(trainer=trainer)[: selectors.WAITING_LIMIT + 1]
    )
    return {
        "waiting": waiting[: selectors.WAITING_LIMIT],
        "more": len(waiting) > selectors.WAITING_LIMIT,
    }
