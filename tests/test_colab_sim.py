"""tools/colab_sim.py: the simulated fresh Colab runtime that CI runs notebooks in."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import colab_sim  # noqa: E402
import nbtools  # noqa: E402


def test_the_runtime_is_colabs_stack_plus_test_tools_and_no_course_extra():
    assert colab_sim.stack_python_version() == "3.12"
    tools = {nbtools.canonical(r.split("==")[0]) for r in colab_sim.tool_requirements()}
    assert {"nbval", "pytest", "ipykernel"} <= tools
    normal, no_deps = nbtools.declarable_extras()
    assert not tools & (set(normal) | set(no_deps)), "the simulated runtime must not already have an extra"


def test_notebook_numbers_resolve_and_a_wrong_one_says_so():
    assert colab_sim.notebook_path("01").name.startswith("01_")
    with pytest.raises(SystemExit, match="no notebook numbered"):
        colab_sim.notebook_path("77")


def test_first_cell_from_an_old_commit_replaces_only_the_bootstrap():
    if subprocess.run(["git", "cat-file", "-e", "4887a2d"], cwd=ROOT).returncode != 0:
        pytest.skip("this clone lacks commit 4887a2d")
    path = colab_sim.notebook_path("01")
    nb = nbformat.read(path, as_version=4)
    rest = [c.source for c in nb.cells[2:]]
    old = colab_sim.first_cell_from(nb, "4887a2d", path.name)
    boot = next(c for c in old.cells if c.cell_type == "code")
    assert "mlxtend==0.25.0" in boot.source and "install_extras" not in boot.source
    assert [c.source for c in old.cells[2:]] == rest


def test_ci_runs_the_simulation_with_its_control():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "tools/colab_sim.py --expect-failure --first-cell-from 4887a2d 01" in ci
    assert "tools/colab_sim.py 01 21 13 15 29" in ci
