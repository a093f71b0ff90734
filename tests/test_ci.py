"""Issue #14: CI runs every notebook as a newcomer's machine has it, then the optional packages."""

import re
import subprocess
from pathlib import Path

from utils import modes

ROOT = Path(__file__).resolve().parent.parent
CI = (ROOT / ".ci" / "run").read_text()


def test_ci_first_runs_make_test_without_the_optional_packages_and_with_an_empty_home():
    assert re.search(r'^OPTIONAL_SYSTEM_PACKAGES="([^"]*)"', CI, re.M).group(1).split() == list(modes.OPTIONAL_SYSTEM_PACKAGES)
    newcomer = CI.index('HOME="$newcomer_home" COURSE_WITHOUT="${OPTIONAL_SYSTEM_PACKAGES// /,}" make test')
    assert newcomer < CI.index("apt-get install"), "the newcomer pass runs before anything is installed"
    assert "mktemp -d" in CI[:newcomer]


def test_every_optional_package_binder_installs_is_known():
    apt = (ROOT / "binder" / "apt.txt").read_text().split()
    assert set(apt) - {"fonts-nanum"} == set(modes.OPTIONAL_SYSTEM_PACKAGES)


def test_hidden_system_packages_parses_the_variable(monkeypatch):
    monkeypatch.setenv("COURSE_WITHOUT", " Graphviz,,dataset-fashion-mnist ")
    assert modes.hidden_system_packages() == {"graphviz", "dataset-fashion-mnist"}
    monkeypatch.delenv("COURSE_WITHOUT")
    assert modes.hidden_system_packages() == frozenset()


def test_the_second_pass_finds_the_notebooks_that_depend_on_optional_packages():
    grep = re.search(r"grep -l ([^<]*?) notebooks/\*\.ipynb", CI).group(1)
    found = subprocess.run(f"grep -l {grep} notebooks/*.ipynb", shell=True, cwd=ROOT, capture_output=True, text=True)
    names = {Path(p).name[:2] for p in found.stdout.split()}
    assert {"11", "17"} <= names  # Fashion-MNIST's own notebook, the model diagrams


def test_ci_script_is_valid_bash():
    assert subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")]).returncode == 0
