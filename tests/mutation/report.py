"""Caught/total per module from mutmut's results, and the mutants that survived.

    python -m tests.mutation.report [--fail-under PERCENT]

Run after ``mutmut run`` (``make mutation`` runs both). A mutant is caught when a
test failed or timed out on it; one that no test runs ("no tests") counts as not
caught. ``EQUIVALENT`` lists the mutants shown to change nothing a caller can
observe: they are left out of the score and listed with the reason.
"""

import argparse
import re
import subprocess
import sys
from collections import Counter, defaultdict

CAUGHT = {"killed", "timeout", "segfault", "caught by type check"}
NOT_CAUGHT = {"survived", "no tests"}
LINE = re.compile(
    r"^\s*(?P<name>(?P<module>[\w.]+?)\.x[_ǁ]\S*__mutmut_\d+): (?P<status>.+)$"
)

# mutant name -> why no test can tell it from the original.
EQUIVALENT: dict[str, str] = {
    "assessments.rules.x__join__mutmut_4": (
        "zero or one word joins to the same text whatever the separator"
    ),
    "assessments.rules.x__recommend_one__mutmut_48": (
        "leaving rung 1 out of the candidates changes nothing: when it was the only "
        "one allowed, the default is rung 1"
    ),
    "assessments.rules.x_goal_allows__mutmut_41": (
        "as _recommend_one 48: with rung 1 left out, the default is rung 1"
    ),
    "outbox.services.x__email_attempt_failed__mutmut_9": (
        "the first status is returned only for no emails, and no caller passes none: "
        "email_send passes one, and the batch's calls ignore what is returned"
    ),
    "outbox.services.x_email_send_batch__mutmut_71": (
        "the two more emails the time limit's put-back would release, the one before "
        "(sent or failed) and the one on the wire (just put back), are no longer "
        "claimed, and the release changes only claimed rows"
    ),
    "outbox.services.xǁ_Conversationǁ__init____mutmut_2": (
        "open is only read as true or false, and None is false like False"
    ),
    "outbox.services.xǁ_Conversationǁabort__mutmut_1": (
        "open is only read as true or false, and None is false like False"
    ),
    "outbox.services.xǁ_Conversationǁclose__mutmut_1": (
        "open is only read as true or false, and None is false like False"
    ),
    "outbox.services.xǁ_Conversationǁclose__mutmut_2": (
        "close is the conversation's last call: open is never read after it"
    ),
    "outbox.services.x_email_sweep__mutmut_8": (
        "values_list(flat=True) with no field gives the first field, the primary key"
    ),
    "programming.services.assignments.x__change__mutmut_33": (
        "a load given with the new variation is set again from the prescription "
        "right after, so clearing it first changes nothing"
    ),
    "programming.services.assignments.x__change__mutmut_34": (
        "as mutant 33: the given load is set again right after"
    ),
    "programming.services.assignments.x__create__mutmut_19": (
        "is_current defaults to True on the model"
    ),
    "programming.services.assignments.x__record__mutmut_27": (
        "a summary is under 80 characters (sets, reps, load, tempo and rest are "
        "bounded by their fields), so cutting at 200 or 201 keeps all of it"
    ),
    "programming.services.assignments.x__step__mutmut_29": (
        "a step is 1 or -1, never 0, so > 0 and >= 0 agree"
    ),
    "programming.services.assignments.x__step__mutmut_47": (
        "a step is 1 or -1, never 0, so > 0 and >= 0 agree"
    ),
    "scheduling.services.reminders.x_client_set_reminders__mutmut_3": (
        "CharField.clean does not read the model instance: its choices and "
        "validators check the value alone"
    ),
    "training.progression.x__number__mutmut_6": (
        "'F' and 'f' format a finite Decimal alike (they differ only for "
        "infinity and NaN), and a load step is always finite"
    ),
    "training.progression.x_suggest__mutmut_48": (
        "_not_yet does not read the pain threshold: any pain above 0 keeps the "
        "client on the rung"
    ),
}


def results() -> list[tuple[str, str, str]]:
    out = subprocess.run(  # the same interpreter, so the same mutmut
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (m["module"], m["name"], m["status"])
        for m in map(LINE.match, out.splitlines())
        if m
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fail-under", type=float, default=0, metavar="PERCENT")
    args = parser.parse_args()

    rows = results()
    by_module: dict[str, Counter] = defaultdict(Counter)
    left: dict[str, list[str]] = defaultdict(list)
    for module, name, status in rows:
        if name in EQUIVALENT:
            by_module[module]["equivalent"] += 1
        elif status in CAUGHT:
            by_module[module]["caught"] += 1
        elif status in NOT_CAUGHT:
            by_module[module]["left"] += 1
            left[module].append(f"{name}: {status}")
        else:  # not checked, interrupted, suspicious: the run is incomplete
            by_module[module]["unknown"] += 1

    print(f"{'module':36} {'caught':>7} {'total':>6} {'%':>6} {'equiv.':>7}")
    worst = 100.0
    for module, count in sorted(by_module.items()):
        total = count["caught"] + count["left"]
        share = 100 * count["caught"] / total if total else 100.0
        worst = min(worst, share)
        unknown = f"  ({count['unknown']} not run)" if count["unknown"] else ""
        print(
            f"{module:36} {count['caught']:>7} {total:>6} {share:>5.1f}% "
            f"{count['equivalent']:>7}{unknown}"
        )
    for module, names in sorted(left.items()):
        print(f"\nLeft in {module}:")
        for name in names:
            print(f"  {name}")
    if EQUIVALENT:
        print("\nEquivalent, left out of the score:")
        for name, why in EQUIVALENT.items():
            print(f"  {name}: {why}")
    return 1 if worst < args.fail_under else 0


if __name__ == "__main__":
    sys.exit(main())
