"""Mutate the rules tables of ``assessments/rules.py`` and run the rules' tests on
each mutant: a change to the tables that no test notices is a rule nobody proved.

For every rule of every pattern, one mutant at a time:

- delete the rule;
- move its threshold one step each way: a number by one, an answer to the next
  better or the next worse one (where there is one);
- move its cap one rung each way (never below rung 1), and turn "rung 1, address it
  first" into a plain rung 1 (a rule that keeps the floor lifts out has no cap).

Each mutant runs in a forked process that changes ``rules.RULES`` before pytest
collects the tests, so the tests see only the mutated tables. Prints caught/total
per pattern and lists the mutants no test caught. Not part of ``make test``: it runs
``make mutation``.

    python -m tests.mutation.mutate_tables [PATTERN ...] [--jobs N] [--fail-under P]
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


@dataclass(frozen=True)
class Mutant:
    pattern: str
    change: str  # the change, in words
    rules: tuple[rules.Rule, ...]  # the pattern's rules once changed


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


def mutants(patterns: list[str]) -> Iterator[Mutant]:
    for pattern in patterns:
        table = rules.RULES[pattern]
        for i, rule in enumerate(table):
            name = _name(i + 1, rule)
            others = (*table[:i], *table[i + 1 :])

            def with_(changed: rules.Rule, i=i, table=table) -> tuple:
                return (*table[:i], changed, *table[i + 1 :])

            yield Mutant(pattern, f"delete {name}", others)
            for value in _threshold_steps(rule):
                yield Mutant(
                    pattern,
                    f"{name}: threshold {_show(rule.worse_than)} -> {_show(value)}",
                    with_(replace(rule, worse_than=value)),
                )
            for cap in _cap_steps(rule):
                yield Mutant(
                    pattern,
                    f"{name}: cap {_show(rule.then)} -> {cap}",
                    with_(replace(rule, then=cap)),
                )


def _run_tests(mutant: Mutant | None, verbose: bool) -> int:
    """In a forked child: apply the mutant, run the tests, exit with pytest's code."""
    if mutant is not None:
        rules.RULES[mutant.pattern] = list(mutant.rules)
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
            ["-x", "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT), *TESTS]
        )
    )


def _fork(mutant: Mutant | None, verbose: bool = False) -> int:
    pid = os.fork()
    if pid == 0:  # the child
        code = 3
        try:
            code = _run_tests(mutant, verbose)
        finally:
            os._exit(code)
    return pid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("patterns", nargs="*", metavar="PATTERN", help="all by default")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--fail-under", type=float, default=0, metavar="PERCENT")
    args = parser.parse_args()
    patterns = args.patterns or list(rules.RULES)
    unknown = set(patterns) - set(rules.RULES)
    if unknown:
        parser.error(f"no such pattern: {', '.join(sorted(unknown))}")
    os.chdir(ROOT)
    # Django and the test libraries are loaded once, here, not in every mutant.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.test")
    django.setup()

    print(f"Tests: {' '.join(TESTS)}")
    _, status = os.waitpid(_fork(None, verbose=False), 0)
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
            running[_fork(mutant)] = mutant
        if not running:
            break
        pid, status = os.wait()
        mutant = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        total[mutant.pattern] += 1
        if code == 0:
            survived.append(mutant)
        elif code == 5:
            print(f"No tests ran for {mutant.change}")
            return 2
        else:
            caught[mutant.pattern] += 1
        done += 1
        if sys.stdout.isatty():
            print(f"\r{done}/{len(todo)}", end="", flush=True)

    minutes = (time.monotonic() - started) / 60
    print(f"\r{len(todo)} mutants in {minutes:.1f} min\n")
    print(f"{'pattern':8} {'caught':>7} {'total':>6} {'%':>6}")
    for pattern in patterns:
        share = 100 * caught[pattern] / total[pattern]
        print(f"{pattern:8} {caught[pattern]:>7} {total[pattern]:>6} {share:>5.0f}%")
    all_caught, all_total = sum(caught.values()), sum(total.values())
    score = 100 * all_caught / all_total
    print(f"{'all':8} {all_caught:>7} {all_total:>6} {score:>5.1f}%")
    if survived:
        print("\nSurvived (no test failed):")
        for mutant in survived:
            print(f"  {mutant.pattern}: {mutant.change}")
    return 1 if score < args.fail_under else 0


if __name__ == "__main__":
    sys.exit(main())
