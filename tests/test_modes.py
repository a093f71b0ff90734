import subprocess
import sys

import pytest

from utils import course, modes


@pytest.mark.parametrize("raw, expected", [("", "full"), ("full", "full"), ("fast", "fast"), (" FAST ", "fast")])
def test_current_mode_accepts_the_two_modes(monkeypatch, raw, expected):
    monkeypatch.setenv("COURSE_MODE", raw)
    assert modes.current_mode() == expected


def test_default_mode_is_full(monkeypatch):
    monkeypatch.delenv("COURSE_MODE", raising=False)
    assert modes.current_mode() == "full"
    assert modes.pick(full=25, fast=1) == 25


def test_pick_follows_the_mode(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "fast")
    assert modes.pick(full=25, fast=1) == 1
    assert course.pick(full=None, fast=100) == 100


def test_bad_mode_names_the_valid_values(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "bogus")
    with pytest.raises(modes.ModeError, match="full, fast"):
        modes.current_mode()
    with pytest.raises(modes.ModeError):
        modes.pick(full=1, fast=2)


def test_command_line_check_exits_2_on_bad_mode():
    env = {"COURSE_MODE": "bogus", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "utils.modes"], env=env, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "full, fast" in proc.stderr


def test_setup_rejects_bad_mode_before_importing_anything(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "slow")
    with pytest.raises(modes.ModeError):
        course.setup()


def test_setup_reports_versions_mode_and_device(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_MODE", "fast")
    info = course.setup(seed=7)
    out = capsys.readouterr().out
    assert info.mode == "fast" and info.seed == 7
    assert info.tensorflow.startswith("2.") and info.keras.startswith("3.")
    assert f"TensorFlow {info.tensorflow}" in out and "fast" in out
    assert ("GPU" in out) and ("CPU" in out or info.has_gpu)


def test_setup_seeds_numpy_and_tensorflow(monkeypatch):
    import numpy as np
    import tensorflow as tf

    monkeypatch.setenv("COURSE_MODE", "fast")
    course.setup(seed=3, verbose=False)
    a = (np.random.rand(3), tf.random.uniform((3,)).numpy())
    course.setup(seed=3, verbose=False)
    b = (np.random.rand(3), tf.random.uniform((3,)).numpy())
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_environment_detection(monkeypatch):
    monkeypatch.delenv("BINDER_SERVICE_HOST", raising=False)
    monkeypatch.delenv("BINDER_REPO_URL", raising=False)
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    assert course.environment_name() == "local"
    monkeypatch.setenv("BINDER_SERVICE_HOST", "x")
    assert course.environment_name() == "Binder"
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release")
    assert course.environment_name() == "Colab"


def test_banner_gives_colab_gpu_hint_and_binder_hint():
    base = dict(python="3.11", tensorflow="2.21.0", keras="3.15.1", seed=42)
    colab = course.SetupInfo(mode="full", gpus=(), environment="Colab", **base).banner()
    assert "런타임 유형 변경" in colab
    binder = course.SetupInfo(mode="full", gpus=(), environment="Binder", **base).banner()
    assert "COURSE_MODE=fast" in binder
    gpu = course.SetupInfo(mode="fast", gpus=("/physical_device:GPU:0",), environment="Colab", **base).banner()
    assert "GPU × 1" in gpu and "런타임 유형 변경" not in gpu


def test_parse_mode_without_the_environment():
    assert modes.parse_mode("") == "full" and modes.parse_mode("Fast") == "fast"
    with pytest.raises(modes.ModeError, match="'bogus'"):
        modes.parse_mode("bogus")
