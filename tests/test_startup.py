"""Fast start: help and completion never import pandas, requests, plotext or matplotlib."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = (
    "import sys\n"
    "sys.argv = ['losstrack', *sys.argv[1:]]\n"
    "from losstrack.cli import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = sorted(m for m in ('pandas', 'requests', 'numpy', 'rich.table', 'plotext', "
    "'matplotlib') if m in sys.modules)\n"
    "print('HEAVY=' + ','.join(heavy), file=sys.stderr)\n"
)


HELP_SLOW = [["--version"], ["chart", "--help"], ["show", "--help"], ["diff", "--help"],
             ["summary", "--help"]]  # fmt: skip


@pytest.mark.parametrize(
    "args",
    # A process each: the root's help by default, the others with -m slow.
    [["--help"], *(pytest.param(args, marks=pytest.mark.slow) for args in HELP_SLOW)],
    ids=" ".join,
)
def test_help_imports_no_heavy_module(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "HEAVY=\n" in done.stderr


def test_completion_imports_no_heavy_module() -> None:
    env = {**os.environ, "_LOSSTRACK_COMPLETE": "complete_bash", "COMP_WORDS": "losstrack show ta",
           "COMP_CWORD": "2"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=False
    )
    assert "tanks" in done.stdout
    assert "HEAVY=\n" in done.stderr


@pytest.mark.slow  # a whole `show` process; .ci/run also runs the installed wheel's entry point
def test_installed_entry_point_runs() -> None:
    exe = os.path.join(os.path.dirname(sys.executable), "losstrack")
    if not os.path.exists(exe):
        pytest.skip("the losstrack command is not installed in this environment")
    done = subprocess.run(
        [exe, "show", "tanks", "--last", "2"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Tanks (tanks): 2026-08-30 to 2026-08-31"


def test_import_losstrack_imports_no_heavy_module() -> None:
    probe = (
        "import sys\n"
        "import losstrack\n"
        "def heavy():\n"
        "    return ','.join(m for m in ('pandas', 'requests', 'numpy', 'rich') if m in sys.modules)\n"
        "print('IMPORT=' + heavy())\n"
        "functions = [getattr(losstrack, name) for name in losstrack.__all__]\n"
        "print('ATTRIBUTES=' + heavy())\n"  # the functions import pandas when called
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["IMPORT=", "ATTRIBUTES="]
