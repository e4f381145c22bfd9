"""What the trainer's page of one client shows of programming."""

from dataclasses import dataclass

from clients.models import Client
from programming.models import Assignment, AssignmentChange, Pattern, Program
from programming.selectors.assignments import (
    HISTORY_ON_CLIENT_PAGE,
    assignment_history,
    assignment_list_for_client,
    by_pattern,
)
from programming.selectors.programs import program_list_for_client


@dataclass(frozen=True)
class ClientProgramming:
    rows: list[tuple[Pattern, Assignment | None]]
    history: list[AssignmentChange]
    programs: list[Program]

    @property
    def active_program(self) -> Program | None:
        return next((p for p in self.programs if p.is_active), None)


def client_programming(*, client: Client) -> ClientProgramming:
    """The client's six patterns with their assignments, the recent history and the
    programs: three queries. ``client`` comes from an ownership-checked selector."""
    return ClientProgramming(
        rows=by_pattern(assignment_list_for_client(client=client)),
        history=list(assignment_history(client=client, limit=HISTORY_ON_CLIENT_PAGE)),
        programs=list(program_list_for_client(client=client)),
    )
