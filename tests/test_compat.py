"""The declared support range (README "Supported versions") and what keeps it working:
the setuptools pin that keeps pkg_resources for tensorflow_hub, the version note of
course.setup(), and the files that state the range agreeing with each other."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from utils import course

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = (ROOT / "requirements.txt").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
COLAB = (ROOT / "tools" / "stacks" / "colab.txt").read_text(encoding="utf-8")
SUPPORTED = ("3.11", "3.12", "3.13")


def pin(name, text=REQUIREMENTS):
    match = re.search(rf"^{re.escape(name)}==([\w.]+)\s*$", text, flags=re.M | re.I)
    assert match, f"{name} is not pinned with =="
    return match.group(1)


# --- pkg_resources: tensorflow_hub 0.16 imports it; setuptools 81+ removed it ----------------


def test_setuptools_is_pinned_below_81():
    major = int(pin("setuptools").split(".")[0])
    assert major < 81, "setuptools 81+ has no pkg_resources, which `import tensorflow_hub` needs (notebook 15)"


def test_pkg_resources_and_tensorflow_hub_import_in_a_fresh_interpreter():
    code = "import pkg_resources, tensorflow_hub; print(tensorflow_hub.__version__)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == pin("tensorflow-hub")


def test_colab_stack_keeps_pkg_resources_too():
    assert int(pin("setuptools", COLAB).split(".")[0]) < 81


# --- course.setup(): a one-line note when TF/Keras are not the tested pins ---------------------


def test_tested_versions_come_from_requirements_txt():
    assert course.tested_versions() == {"tensorflow": pin("tensorflow"), "keras": pin("keras")}
    # the fallback (no requirements.txt beside utils/) must not drift from the pins
    assert course.TESTED_VERSIONS == course.tested_versions()


def test_tested_versions_fall_back_to_constants(tmp_path):
    assert course.tested_versions(tmp_path / "missing.txt") == course.TESTED_VERSIONS
    assert course.tested_versions(None) == course.TESTED_VERSIONS
    other = tmp_path / "requirements.txt"
    other.write_text("tensorflow==2.99.0  # comment\nkeras == 9.1.0\ntf-keras==2.99.0\n", encoding="utf-8")
    assert course.tested_versions(other) == {"tensorflow": "2.99.0", "keras": "9.1.0"}


def test_no_note_on_the_tested_pins():
    tested = course.tested_versions()
    assert course.version_note(tested["tensorflow"], tested["keras"]) is None
    assert course.version_note(tested["tensorflow"] + "+cu12", tested["keras"]) is None  # local build tag


@pytest.mark.parametrize("tf, keras", [("2.19.0", "3.10.0"), ("2.21.0", "3.10.0"), ("2.19.0", "3.15.1")])
def test_note_names_both_versions_in_one_korean_line(tf, keras):
    note = course.version_note(tf, keras, {"tensorflow": "2.21.0", "keras": "3.15.1"})
    assert note and "\n" not in note and "버전 차이" in note and "오류가 아닙니다" in note
    assert f"TensorFlow {tf} · Keras {keras}" in note and "TensorFlow 2.21.0 · Keras 3.15.1" in note


def test_banner_shows_the_note_only_when_versions_differ():
    base = dict(python="3.12", mode="fast", gpus=(), environment="Colab", seed=42)
    tested = course.tested_versions()
    colab = course.SetupInfo(tensorflow="2.19.0", keras="3.10.0", **base).banner()
    assert "버전 차이" in colab and "2.19.0" in colab and tested["keras"] in colab
    pinned = course.SetupInfo(tensorflow=tested["tensorflow"], keras=tested["keras"], **base).banner()
    assert "버전 차이" not in pinned


def test_setup_prints_the_note_for_the_running_versions(capsys, monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "fast")
    info = course.setup()
    out = capsys.readouterr().out
    assert ("버전 차이" in out) == (course.version_note(info.tensorflow, info.keras) is not None)


# --- the declared range, stated alike everywhere ------------------------------------------------


def test_pyproject_declares_the_range():
    project = PYPROJECT["project"]
    assert project["requires-python"] == ">=3.11,<3.14"
    for version in SUPPORTED:
        assert f"Programming Language :: Python :: {version}" in project["classifiers"]


def test_readme_and_notebook_00_state_the_range():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    nb00 = (ROOT / "notebooks" / "00_course_setup.ipynb").read_text(encoding="utf-8")
    section = readme[readme.index("## Supported versions"):]
    section = section[: section.index("\n## ", 4)]
    for text in (section, nb00):
        for version in SUPPORTED:
            assert version in text
        for name in ("tensorflow", "keras"):
            assert pin(name) in text and pin(name, COLAB) in text, f"{name} pin and Colab's {name}"
    assert "make test-compat" in section and "make test-colab" in section


def test_colab_stack_names_its_python_and_overrides_real_pins():
    assert re.search(r"^# python: 3\.1[1-3]$", COLAB, flags=re.M)
    for name in ("tensorflow", "keras", "tf-keras", "pandas"):
        pin(name, COLAB)


def test_makefile_and_compat_script_agree_on_the_range():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "SUPPORTED := " + " ".join(SUPPORTED) in makefile
    assert "3.1[1-3]" in (ROOT / "tools" / "compat.sh").read_text(encoding="utf-8")


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_stops_with_a_clear_message_without_a_supported_python(tmp_path):
    # PYTHON names the only candidate; /bin/false is no Python. VENV points at an empty folder, so
    # the recipe that would build the environment starts, and must stop at its first line.
    proc = subprocess.run(["make", "-C", str(ROOT), "PYTHON=/bin/false", f"VENV={tmp_path / 'venv'}", "lab"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode != 0
    assert "needs Python 3.11, 3.12 or 3.13" in proc.stderr and "make PYTHON=" in proc.stderr
    assert not (tmp_path / "venv").exists()


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_uses_a_supported_python(tmp_path):
    proc = subprocess.run(["make", "-n", "-C", str(ROOT), f"PYTHON={sys.executable}", f"VENV={tmp_path / 'v'}", "lab"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert f"{sys.executable} -m venv" in proc.stdout
