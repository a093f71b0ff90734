"""conftest's time guard: a warning for every notebook over its fast-mode budget."""

import importlib.util
import json
from pathlib import Path

# the project's root conftest.py (tests/conftest.py would shadow a plain `import conftest`)
_spec = importlib.util.spec_from_file_location("root_conftest", Path(__file__).resolve().parent.parent / "conftest.py")
conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conftest)


def write_notebook(path, metadata):
    path.write_text(json.dumps({"cells": [], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}))


def test_default_budget_env_override_and_notebook_metadata(tmp_path, monkeypatch):
    write_notebook(tmp_path / "a.ipynb", {})
    write_notebook(tmp_path / "b.ipynb", {"course": {"time_budget_s": 80}})
    monkeypatch.delenv("COURSE_TIME_BUDGET", raising=False)
    assert conftest.time_budget("a.ipynb", str(tmp_path)) == 50
    assert conftest.time_budget("b.ipynb", str(tmp_path)) == 80
    assert conftest.time_budget("missing.ipynb", str(tmp_path)) == 50
    monkeypatch.setenv("COURSE_TIME_BUDGET", "30")
    assert conftest.time_budget("a.ipynb", str(tmp_path)) == 30
    assert conftest.time_budget("b.ipynb", str(tmp_path)) == 80


def test_over_budget_lists_only_the_slow_ones(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_TIME_BUDGET", raising=False)
    write_notebook(tmp_path / "a.ipynb", {})
    write_notebook(tmp_path / "b.ipynb", {"course": {"time_budget_s": 80}})
    write_notebook(tmp_path / "c.ipynb", {})
    seconds = {"a.ipynb": 51.0, "b.ipynb": 70.0, "c.ipynb": 12.0}
    assert conftest.over_budget(seconds, str(tmp_path)) == [("a.ipynb", 51.0, 50.0)]


class FakeReporter:
    def __init__(self, root):
        self.config = type("Config", (), {"rootpath": root})()
        self.lines = []

    def section(self, title):
        self.lines.append(f"== {title}")

    def write_line(self, text, **markup):
        self.lines.append(text)


def test_the_summary_flags_slow_notebooks_and_warns(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_TIME_BUDGET", raising=False)
    write_notebook(tmp_path / "a.ipynb", {})
    write_notebook(tmp_path / "c.ipynb", {})
    monkeypatch.setattr(conftest, "_notebook_seconds", {"a.ipynb": 61.0, "c.ipynb": 12.0})
    monkeypatch.setattr(conftest, "_notebook_failed", set())
    reporter = FakeReporter(tmp_path)
    conftest.pytest_terminal_summary(reporter)
    assert "   61.0 s  a.ipynb  SLOW (budget 50 s)" in reporter.lines
    assert "   12.0 s  c.ipynb" in reporter.lines
    assert reporter.lines[-1].startswith("warning: 1 notebook(s) over their fast-mode time budget: a.ipynb.")
