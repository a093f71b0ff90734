"""pytest settings shared by the unit tests and the nbval notebook run.

* ``COURSE_MODE`` defaults to ``fast`` under pytest; a bad value stops the run at once.
* stderr is never compared in checked cells (TensorFlow's C++ logs come and go).
* A time per notebook is printed at the end, with a warning (not a failure) for each notebook
  over its time budget: 50 s by default (``COURSE_TIME_BUDGET`` changes it for the run), or a
  notebook's own ``"course": {"time_budget_s": N}`` in its metadata.
* "Nothing collected" (pytest's exit code 5) counts as a failure.
* After a notebook's last cell, its kernel is asked which packages it used (imported modules and
  data files read by path); a course extra it used but does not declare in its metadata
  ``course.extras`` (or declares but never used) fails the notebook: the Colab bootstrap installs
  exactly what is declared (tools/nbtools.py).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
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


# ---- declared Colab extras (issue #20) -------------------------------------------------------
# Run in the notebook's kernel after its last cell: the distributions behind every imported
# module, plus the packages whose files utils.data read by path.
USED_PACKAGES_SNIPPET = """
import json as _json, sys as _sys
from importlib import metadata as _metadata
_owners = _metadata.packages_distributions()
_used = {d for _m in list(_sys.modules) for d in _owners.get(_m.partition(".")[0], ())}
_used |= set(getattr(_sys.modules.get("utils.colab"), "PACKAGES_READ", ()))
with open(%r, "w", encoding="utf-8") as _f:
    _json.dump(sorted(_used), _f)
"""


def used_packages(kernel, timeout: float = 60) -> set[str] | None:
    """The canonical names of the packages the kernel's notebook used; None if it cannot tell."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "used.json")
        try:
            msg_id = kernel.execute_cell_input(USED_PACKAGES_SNIPPET % path, allow_stdin=False)
            kernel.await_idle(msg_id, timeout)
            with open(path, encoding="utf-8") as f:
                names = json.load(f)
        except Exception:  # a dead or stuck kernel has failed its cell already
            return None
    import nbtools

    return {nbtools.canonical(n) for n in names}


def extras_problems(path: str, used: set[str]) -> list[str]:
    import nbformat
    import nbtools

    nb = nbformat.read(path, as_version=4)
    declared = {nbtools.canonical(n) for n in nb.metadata.get("course", {}).get(nbtools.EXTRAS_KEY, [])}
    normal, no_deps = nbtools.declarable_extras()
    extras = set(normal) | set(no_deps)
    problems = []
    if undeclared := sorted((used & extras) - declared):
        problems.append(f"uses {undeclared} but does not declare them (Colab would lack them)")
    if unused := sorted(declared - used):
        problems.append(f"declares {unused} but never used them in this run (Colab would install them for nothing)")
    return problems


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    notebook = item.parent
    kernel = getattr(notebook, "kernel", None)
    problems = []
    last_cell = nextitem is None or nextitem.parent is not notebook
    if last_cell and str(getattr(notebook, "path", "")).endswith(".ipynb") and kernel is not None:
        sys.path.insert(0, os.path.join(str(item.config.rootpath), "tools"))
        if kernel.is_alive() and (used := used_packages(kernel)) is not None:
            problems = extras_problems(str(notebook.path), used)
    result = yield
    if problems:
        pytest.fail(
            f"{notebook.path.name}: {'; '.join(problems)}. Fix its metadata course.extras, then run "
            "`python tools/nbtools.py sync` to rewrite its first cell.",
            pytrace=False,
        )
    return result
