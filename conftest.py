"""pytest settings shared by the unit tests and the nbval notebook run.

* ``COURSE_MODE`` defaults to ``fast`` under pytest; a bad value stops the run at once.
* stderr is never compared in checked cells (TensorFlow's C++ logs come and go).
* A time per notebook is printed at the end.
* "Nothing collected" (pytest's exit code 5) counts as a failure.
"""

from __future__ import annotations

import os
from collections import defaultdict

import pytest

os.environ.setdefault("COURSE_MODE", "fast")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
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


def pytest_terminal_summary(terminalreporter):
    if not _notebook_seconds:
        return
    terminalreporter.section("time per notebook")
    for path, seconds in sorted(_notebook_seconds.items()):
        flag = "  FAILED" if path in _notebook_failed else ""
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}{flag}")
    terminalreporter.write_line(f"{sum(_notebook_seconds.values()):7.1f} s  total ({len(_notebook_seconds)} notebooks)")


def pytest_sessionfinish(session, exitstatus):
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
