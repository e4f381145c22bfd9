"""The supervision that ships with the app: systemd units and a supervisord
configuration for web, worker and beat, each restarted whenever it exits. The
fault suite (tests/faults/test_supervision.py) kills the worker under supervisord
and watches the emails flow again."""

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from supervisor.datatypes import RestartUnconditionally
from supervisor.options import ServerOptions

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("coach-*.service"))
INSTALL_DIR = "/srv/coach"  # where the units expect the checkout
PROCESSES = ["web", "worker", "beat"]


def unit_option(unit: Path, key: str) -> str:
    values = [
        line.split("=", 1)[1].strip()
        for line in unit.read_text().splitlines()
        if line.startswith(f"{key}=")
    ]
    assert len(values) == 1, f"{unit.name}: {key} is set {len(values)} times"
    return values[0]


def procfile_program(process: str) -> list[str]:
    """The program and its first arguments as the Procfile runs ``process``."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{process}:"):
            return shlex.split(line.split(":", 1)[1])[:3]
    raise AssertionError(f"no {process} in the Procfile")


def test_there_is_a_unit_for_each_process():
    assert [unit.name for unit in UNITS] == [
        "coach-beat.service",
        "coach-web.service",
        "coach-worker.service",
    ]


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_each_unit_restarts_whatever_stopped_it(unit):
    assert unit_option(unit, "Restart") == "always"
    assert unit_option(unit, "StartLimitIntervalSec") == "0"  # never gives up


@pytest.mark.parametrize("process", PROCESSES)
def test_each_unit_runs_what_the_procfile_runs(process):
    unit = DEPLOY / "systemd" / f"coach-{process}.service"
    command = shlex.split(unit_option(unit, "ExecStart").replace("%%", "%"))
    program, *args = procfile_program(process)
    assert command[0] == f"{INSTALL_DIR}/.venv/bin/{program}"
    assert command[1 : 1 + len(args)] == args


def test_the_worker_stops_warm_within_its_hard_time_limit(settings):
    unit = DEPLOY / "systemd" / "coach-worker.service"
    assert unit_option(unit, "KillMode") == "mixed"  # SIGTERM to the main process
    assert int(unit_option(unit, "TimeoutStopSec")) > settings.CELERY_TASK_TIME_LIMIT


def test_systemd_accepts_the_units(tmp_path):
    """``systemd-analyze verify`` on the units, with the checkout standing in for
    /srv/coach so that it finds the programs they start."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed on this machine")
    names = []
    for unit in [*UNITS, DEPLOY / "systemd" / "coach.target"]:
        text = unit.read_text().replace(INSTALL_DIR, str(ROOT))
        (tmp_path / unit.name).write_text(text)
        names.append(unit.name)
    result = subprocess.run(
        [analyze, "verify", *names],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    said = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, said
    assert not [line for line in said.splitlines() if "coach" in line], said


def supervisord_programs(tmp_path: Path) -> dict:
    """The programs of deploy/supervisord.conf as supervisord itself reads them, in
    a copy of the checkout's layout (it checks that the log directory exists)."""
    (tmp_path / "deploy").mkdir()
    shutil.copy(DEPLOY / "supervisord.conf", tmp_path / "deploy")
    (tmp_path / "var" / "log").mkdir(parents=True)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    options = ServerOptions()
    options.realize(args=["-c", str(tmp_path / "deploy" / "supervisord.conf")])
    return {
        program.name: program
        for group in options.process_group_configs
        for program in group.process_configs
    }


def test_supervisord_restarts_each_process_whatever_stopped_it(tmp_path):
    programs = supervisord_programs(tmp_path)
    assert sorted(programs) == sorted(PROCESSES)
    for name, program in programs.items():
        assert program.autorestart is RestartUnconditionally, name
        assert program.startretries >= 1000, name
        assert program.stopasgroup, name
        assert program.killasgroup, name
        assert Path(program.directory).resolve() == tmp_path.resolve()
        program_path, *args = shlex.split(program.command)
        assert Path(program_path).is_file(), program.command
        procfile = procfile_program(name)
        assert Path(program_path).name == procfile[0]
        assert args[: len(procfile) - 1] == procfile[1:]
    assert programs["worker"].stopwaitsecs > 90  # the hard time limit
