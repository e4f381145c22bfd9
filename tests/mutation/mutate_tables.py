"""Mutate the rules tables of ``assessments/rules.py`` and run the rules' tests on
each mutant: a change to the tables that no test notices is a rule nobody proved.

For every rule of every pattern, one mutant at a time:

- delete the rule;
- move its threshold one step each way: a number by one, an answer to the next
  better or the next worse one (where there is one);
- move its cap one rung each way (never below rung 1), and turn "rung 1, address it
  first" into a plain rung 1 (a rule that keeps the floor lifts out has no cap).

And, as the group "inputs", how each result is read: a number's direction flipped
(higher is worse, or lower), an answer's rank moved one step each way.

Each mutant runs in a forked process that changes ``rules.RULES`` or ``rules.INPUTS``
before pytest collects the tests, so the tests see only the mutated tables. Prints
caught/total per group and lists the mutants no test caught. Not part of
``make test``: ``make mutation`` runs it.

    python -m tests.mutation.mutate_tables [GROUP ...] [--jobs N] [--fail-under P]
"""

import argparse
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import django
import hypothesis
import pytest

from assessments import rules

ROOT = Path(__file__).resolve().parents[2]
# The rules' own tests; the property tests are the slowest, so they run last and a
# mutant a case catches stops early.
TESTS = sorted(
    (str(p.relative_to(ROOT)) for p in ROOT.glob("tests/assessments/test_rules*.py")),
    key=lambda path: (path.endswith("/test_rules.py"), path),
)
TIMEOUT = 600  # seconds for one mutant's tests; more means it hangs


INPUTS = "inputs"  # the group of mutants that change how a result is read


@dataclass(frozen=True)
class Mutant:
    group: str  # a pattern, or INPUTS
    change: str  # the change, in words
    table: dict  # rules.RULES or rules.INPUTS
    key: str  # a pattern or an input's key
    value: object  # the pattern's rules or the input, once changed

    def apply(self) -> None:
        self.table[self.key] = self.value


def _then(rule: rules.Rule) -> str:
    if rule.address_first:
        return "rung 1, address it first"
    return "no floor lifts" if rule.floor_waits else f"at most rung {rule.then}"


def _name(number: int, rule: rules.Rule) -> str:
    return f"rule {number} ({rules._when(rule)}: {_then(rule)})"


def _threshold_steps(rule: rules.Rule) -> list:
    """The thresholds one step better and one step worse than the rule's."""
    source = rules.INPUTS[rule.key]
    if not source.answers:
        return [rule.worse_than - 1, rule.worse_than + 1]
    now = source.severity(rule.worse_than)
    ranks = sorted({rank for _, _, rank in source.answers})
    steps = []
    for nearer in (
        [r for r in ranks if r < now][-1:],
        [r for r in ranks if r > now][:1],
    ):
        for rank in nearer:
            steps.append(next(a for a, _, r in source.answers if r == rank))
    return steps


def _cap_steps(rule: rules.Rule) -> list:
    if rule.address_first:
        return [1]
    if rule.floor_waits:
        return []
    return [cap for cap in (rule.then - 1, rule.then + 1) if cap >= 1]


def _show(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _pattern_mutants(pattern: str) -> Iterator[Mutant]:
    table = rules.RULES[pattern]
    for i, rule in enumerate(table):
        name = _name(i + 1, rule)

        def mutant(change: str, changed: rules.Rule | None, i=i) -> Mutant:
            rest = [changed] if changed else []
            value = [*table[:i], *rest, *table[i + 1 :]]
            return Mutant(pattern, change, rules.RULES, pattern, value)

        yield mutant(f"delete {name}", None)
        for value in _threshold_steps(rule):
            yield mutant(
                f"{name}: threshold {_show(rule.worse_than)} -> {_show(value)}",
                replace(rule, worse_than=value),
            )
        for cap in _cap_steps(rule):
            yield mutant(
                f"{name}: cap {_show(rule.then)} -> {cap}", replace(rule, then=cap)
            )


def _input_mutants() -> Iterator[Mutant]:
    """How each result is read: a number's direction flipped; an answer's rank moved
    one step each way (within the ranks the input has)."""
    for key, source in rules.INPUTS.items():
        if not source.answers:
            flipped = not source.lower_is_worse
            change = f"{key}: {'lower' if flipped else 'higher'} is worse"
            yield Mutant(
                INPUTS,
                change,
                rules.INPUTS,
                key,
                replace(source, lower_is_worse=flipped),
            )
            continue
        top = max(rank for _, _, rank in source.answers)
        for j, (value, words, rank) in enumerate(source.answers):
            for moved in (rank - 1, rank + 1):
                if 0 <= moved <= top:
                    answers = list(source.answers)
                    answers[j] = (value, words, moved)
                    yield Mutant(
                        INPUTS,
                        f"{key}: {_show(value)} ranked {moved} instead of {rank}",
                        rules.INPUTS,
                        key,
                        replace(source, answers=tuple(answers)),
                    )


def mutants(groups: list[str]) -> Iterator[Mutant]:
    for group in groups:
        yield from _input_mutants() if group == INPUTS else _pattern_mutants(group)


def _run_tests(mutant: Mutant | None, tests: list[str], verbose: bool) -> int:
    """In a forked child: apply the mutant, run the tests, exit with pytest's code."""
    if mutant is not None:
        mutant.apply()
    hypothesis.settings.register_profile(
        "mutation", database=None, derandomize=True, print_blob=False
    )
    hypothesis.settings.load_profile("mutation")
    if not verbose:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
    signal.alarm(TIMEOUT)
    return int(
        pytest.main(
            ["-x", "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT), *tests]
        )
    )


def _fork(mutant: Mutant | None, tests: list[str], verbose: bool = False) -> int:
    pid = os.fork()
    if pid == 0:  # the child
        code = 3
        try:
            code = _run_tests(mutant, tests, verbose)
        finally:
            os._exit(code)
    return pid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "groups",
        nargs="*",
        metavar="GROUP",
        help=f"a pattern or {INPUTS}; all by default",
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--tests", nargs="+", default=TESTS, metavar="PATH", help="the rules' tests"
    )
    parser.add_argument("--fail-under", type=float, default=0, metavar="PERCENT")
    args = parser.parse_args()
    patterns = args.groups or [*rules.RULES, INPUTS]
    unknown = set(patterns) - {*rules.RULES, INPUTS}
    if unknown:
        parser.error(f"no such group: {', '.join(sorted(unknown))}")
    os.chdir(ROOT)
    # Django and the test libraries are loaded once, here, not in every mutant.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.test")
    django.setup()

    print(f"Tests: {' '.join(args.tests)}")
    _, status = os.waitpid(_fork(None, args.tests), 0)
    if os.waitstatus_to_exitcode(status) != 0:
        print("The tests fail without any mutant: fix them first.")
        return 2

    todo = list(mutants(patterns))
    print(f"{len(todo)} mutants of the rules tables ({', '.join(patterns)})")
    started = time.monotonic()
    running: dict[int, Mutant] = {}
    survived: list[Mutant] = []
    caught = dict.fromkeys(patterns, 0)
    total = dict.fromkeys(patterns, 0)
    queue = iter(todo)
    done = 0
    while True:
        while len(running) < args.jobs and (mutant := next(queue, None)) is not None:
            running[_fork(mutant, args.tests)] = mutant
        if not running:
            break
        pid, status = os.wait()
        mutant = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        total[mutant.group] += 1
        if code == 0:
            survived.append(mutant)
            print(f"\rSurvived: {mutant.group}: {mutant.change}", flush=True)
        elif code == 5:
            print(f"No tests ran for {mutant.change}")
            return 2
        else:
            caught[mutant.group] += 1
        done += 1
        if sys.stdout.isatty():
            print(f"\r{done}/{len(todo)}", end="", flush=True)

    minutes = (time.monotonic() - started) / 60
    print(f"\r{len(todo)} mutants in {minutes:.1f} min\n")
    print(f"{'group':8} {'caught':>7} {'total':>6} {'%':>6}")
    for pattern in patterns:
        share = 100 * caught[pattern] / total[pattern]
        print(f"{pattern:8} {caught[pattern]:>7} {total[pattern]:>6} {share:>5.0f}%")
    all_caught, all_total = sum(caught.values()), sum(total.values())
    score = 100 * all_caught / all_total
    print(f"{'all':8} {all_caught:>7} {all_total:>6} {score:>5.1f}%")
    if survived:
        print("\nSurvived (no test failed):")
        for mutant in survived:
            print(f"  {mutant.group}: {mutant.change}")
    return 1 if score < args.fail_under else 0


if __name__ == "__main__":
    sys.exit(main())
