"""pytest settings shared by the unit tests and the nbval notebook run.

* ``COURSE_MODE`` defaults to ``fast`` under pytest; a bad value stops the run at once.
* stderr is never compared in checked cells (TensorFlow's C++ logs come and go).
* A time per notebook is printed at the end, with a warning (not a failure) for each notebook
  over its time budget: 50 s by default (``COURSE_TIME_BUDGET`` changes it for the run), or a
  notebook's own ``"course": {"time_budget_s": N}`` in its metadata.
* "Nothing collected" (pytest's exit code 5) counts as a failure.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict

import pytest

os.environ.setdefault("COURSE_MODE", "fast")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_configure(config):
    from utils.modes import ModeError, current_mode

    try:
        current_mode()
    except ModeError as err:
        pytest.exit(str(err), returncode=2)


def pytest_collection_modifyitems(items):
    for item in items:
        notebook = getattr(item, "parent", None)
        skip = getattr(notebook, "skip_compare", None)
        if skip is not None and "stderr" not in skip:
            notebook.skip_compare = (*skip, "stderr")


_notebook_seconds: dict[str, float] = defaultdict(float)
_notebook_failed: set[str] = set()


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::", 1)[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration
        if report.failed:
            _notebook_failed.add(path)


DEFAULT_TIME_BUDGET_S = 50.0  # fast mode, inside the parallel suite (issue #14)


def time_budget(path: str, root: str = ".") -> float:
    """A notebook's fast-mode budget in seconds: its metadata ``course.time_budget_s``, else
    ``COURSE_TIME_BUDGET``, else 50 s."""
    default = float(os.environ.get("COURSE_TIME_BUDGET") or DEFAULT_TIME_BUDGET_S)
    try:
        with open(os.path.join(root, path), encoding="utf-8") as f:
            own = json.load(f).get("metadata", {}).get("course", {}).get("time_budget_s")
    except (OSError, ValueError):
        own = None
    return float(own) if own else default


def over_budget(seconds: dict[str, float], root: str = ".") -> list[tuple[str, float, float]]:
    """(path, seconds, budget) for every notebook that took longer than its budget."""
    return [(p, s, b) for p, s in sorted(seconds.items()) if s > (b := time_budget(p, root))]


def pytest_terminal_summary(terminalreporter):
    if not _notebook_seconds:
        return
    root = str(terminalreporter.config.rootpath)
    slow = {path: budget for path, _, budget in over_budget(_notebook_seconds, root)}
    terminalreporter.section("time per notebook")
    for path, seconds in sorted(_notebook_seconds.items()):
        flag = "  FAILED" if path in _notebook_failed else ""
        if path in slow:
            flag += f"  SLOW (budget {slow[path]:.0f} s)"
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}{flag}", yellow=path in slow, bold=path in slow)
    terminalreporter.write_line(f"{sum(_notebook_seconds.values()):7.1f} s  total ({len(_notebook_seconds)} notebooks)")
    if slow:
        terminalreporter.write_line(
            f"warning: {len(slow)} notebook(s) over their fast-mode time budget: {', '.join(sorted(slow))}."
            " Not a failure; a busy machine can be the cause, so time it alone before trimming it.",
            yellow=True,
            bold=True,
        )


def pytest_sessionfinish(session, exitstatus):
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
