"""utils.colab: the first cell's installer must never change a package the runtime has."""

import subprocess
import sys

import numpy  # noqa: F401  (imported, as in Colab's kernel: the safety net looks for it)
import pytest

from utils import colab


def done(returncode=0, out="", err=""):
    return subprocess.CompletedProcess(["pip"], returncode, out, err)


class FakePip:
    """Records each pip call; its ``effect`` may change what is "on disk" afterwards."""

    def __init__(self, results=None, effect=None):
        self.calls, self.results, self.effect = [], list(results or []), effect

    def __call__(self, args):
        self.calls.append(list(args))
        if args[args.index("-c") + 1]:
            with open(args[args.index("-c") + 1], encoding="utf-8") as f:
                self.constraints = f.read()
        if self.effect:
            self.effect()
        return self.results.pop(0) if self.results else done()


@pytest.fixture
def disk(monkeypatch):
    """What installed_versions() reads, as a dict the test can change."""
    state = {"numpy": "2.0.2", "pandas": "2.2.2", "mlxtend": "0.23.4", "weird": "not a version"}
    monkeypatch.setattr(colab, "installed_versions", lambda: dict(state))
    return state


def test_names_and_pins():
    assert colab.canonical("Vega_Datasets") == "vega-datasets" == colab.canonical("vega.datasets")
    assert colab.split_pin("music21==10.5.1") == ("music21", "10.5.1")
    assert colab.split_pin("music21") == ("music21", "")
    with pytest.raises(ValueError, match="NAME"):
        colab.split_pin("rm -rf /")


def test_missing_ignores_the_version_of_what_is_there():
    installed = {"mlxtend": "0.23.4", "numpy": "2.0.2"}
    assert colab.missing(["mlxtend==0.25.0", "Music21==10.5.1", "numpy"], installed) == ["Music21==10.5.1"]


def test_constraints_hold_every_installed_version_and_skip_unreadable_ones():
    text = colab.constraints({"numpy": "2.0.2", "torch": "2.5.1+cu121", "odd": "dev-build"})
    assert text.splitlines() == ["numpy==2.0.2", "torch==2.5.1+cu121"]


def test_nothing_missing_means_no_pip_and_colab_versions_stay(disk, capsys):
    pip = FakePip()
    assert colab.install_extras(["mlxtend==0.25.0"], pip=pip, restart=pytest.fail) == []
    assert pip.calls == []
    out = capsys.readouterr().out
    assert "0.23.4" in out and "그대로" in out and "설치하지 않습니다" in out


def test_missing_packages_are_installed_under_constraints_data_packages_without_deps(disk, capsys):
    pip = FakePip()
    got = colab.install_extras(["music21==10.5.1", "pandas==3.1.1"], ["konlpy==0.6.0"], pip=pip, restart=pytest.fail)
    assert got == ["music21==10.5.1", "konlpy==0.6.0"]
    assert pip.calls[0][0] == "-c" and pip.calls[0][2:] == ["music21==10.5.1"]
    assert pip.calls[1][:2] == ["--no-deps", "-c"] and pip.calls[1][3:] == ["konlpy==0.6.0"]
    assert "numpy==2.0.2" in pip.constraints and "pandas==2.2.2" in pip.constraints
    assert "weird" not in pip.constraints
    assert "하나도 바꾸지 않았습니다" in capsys.readouterr().out


def test_offline_failure_says_so_and_the_next_run_tries_again(disk):
    offline = done(1, err="WARNING: Retrying ... NewConnectionError: Failed to establish a new connection\n"
                          "ERROR: No matching distribution found for music21==10.5.1")  # fmt: skip
    pip = FakePip([offline])
    with pytest.raises(colab.BootstrapError, match="인터넷에 연결되지 않아") as err:
        colab.install_extras(["music21==10.5.1"], pip=pip, restart=pytest.fail)
    assert "다시 실행" in str(err.value) and "No matching distribution" in str(err.value)
    colab.install_extras(["music21==10.5.1"], pip=pip, restart=pytest.fail)  # no stamp: pip runs again
    assert len(pip.calls) == 2


def test_other_failures_name_the_packages_and_what_to_do(disk):
    pip = FakePip([done(1, err="ERROR: Failed building wheel for kiwipiepy")])
    with pytest.raises(colab.BootstrapError, match="설치에 실패") as err:
        colab.install_extras(["kiwipiepy==0.24.1"], pip=pip, restart=pytest.fail)
    assert "kiwipiepy==0.24.1" in str(err.value) and "Failed building wheel" in str(err.value)


def test_an_imported_package_moved_on_disk_restarts_the_runtime(disk, capsys):
    restarted = []
    pip = FakePip(effect=lambda: disk.update(numpy="2.5.5"))
    colab.install_extras(["mlxtend==0.25.0", "music21==10.5.1"], pip=pip, restart=lambda: restarted.append(True))
    assert restarted == [True]
    out = capsys.readouterr().out
    assert "numpy 2.0.2 → 2.5.5" in out and "다시 시작" in out


def test_a_package_nobody_imported_may_appear_without_a_restart(disk):
    pip = FakePip(effect=lambda: disk.update(music21="10.5.1"))
    colab.install_extras(["music21==10.5.1"], pip=pip, restart=pytest.fail)


def test_imported_distributions_and_moved_read_this_process():
    found = colab.imported_distributions(colab.installed_versions())
    assert found["numpy"] == numpy.__version__ and "pytest" in found
    assert colab.moved({"numpy": "1"}, {"numpy": "2"}) == {"numpy": ("1", "2")}
    assert colab.moved({"numpy": "1"}, {}) == {"numpy": ("1", None)}
    assert colab.moved({"numpy": "1"}, {"numpy": "1"}) == {}


def test_run_pip_uses_this_interpreter_and_short_timeouts(monkeypatch):
    seen = []
    monkeypatch.setattr(subprocess, "run", lambda command, **kw: seen.append(command) or done())
    colab.run_pip(["-c", "c.txt", "x==1"])
    assert seen[0][:4] == [sys.executable, "-m", "pip", "install"] and "--timeout" in seen[0]
    assert seen[0][-3:] == ["-c", "c.txt", "x==1"]
