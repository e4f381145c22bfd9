"""Every read of programming data. Selectors of client data take a client that an
ownership-checked selector (``clients.selectors``) returned, or the acting trainer."""

from programming.selectors.assignments import (
    HISTORY_ON_CLIENT_PAGE,
    assignment_get_current,
    assignment_history,
    assignment_list_for_client,
    assignment_list_with_last_move,
    by_pattern,
    clients_with_programming,
    ladder_standings,
    pattern_from_slug,
)
from programming.selectors.client_page import client_programming
from programming.selectors.library import (
    ladder_builtin,
    ladder_for,
    ladder_get,
    ladder_get_own,
    ladder_list,
    ladders_in_use,
    rung_get_own,
    variation_get,
    variation_get_own,
    variation_list,
)
from programming.selectors.programs import (
    ExerciseChoices,
    day_get,
    exercise_choices,
    prescription_get,
    program_active_for_client,
    program_day_names,
    program_get,
    program_template_list,
)
from programming.selectors.starts import (
    StartingPoint,
    Target,
    first_dose,
    starting_points,
)

__all__ = [
    "HISTORY_ON_CLIENT_PAGE",
    "ExerciseChoices",
    "StartingPoint",
    "Target",
    "assignment_get_current",
    "assignment_history",
    "assignment_list_for_client",
    "assignment_list_with_last_move",
    "by_pattern",
    "client_programming",
    "clients_with_programming",
    "day_get",
    "exercise_choices",
    "first_dose",
    "ladder_builtin",
    "ladder_for",
    "ladder_get",
    "ladder_get_own",
    "ladder_list",
    "ladder_standings",
    "ladders_in_use",
    "pattern_from_slug",
    "prescription_get",
    "program_active_for_client",
    "program_day_names",
    "program_get",
    "program_template_list",
    "rung_get_own",
    "starting_points",
    "variation_get",
    "variation_get_own",
    "variation_list",
]
