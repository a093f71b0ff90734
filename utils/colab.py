"""The Colab half of every notebook's first cell: install what this notebook needs, and
never change a package the runtime already has.

Colab's kernel has numpy imported before the first cell runs. A ``pip install`` that moves
numpy, pandas, scikit-learn or matplotlib on disk leaves the old version in memory, and the
next ``import pandas`` fails (``'numpy.ufunc' object has no attribute '__qualname__'``).
So the bootstrap cell (written by ``tools/nbtools.py sync`` from the notebook's metadata
``course.extras``) clones the repository and calls :func:`install_extras`, which

1. skips every package that is installed already, at whatever version (Colab's mlxtend
   0.23.4 stays: the course works with it);
2. installs the rest under constraints that hold every installed distribution at its version,
   so pip cannot move anything the runtime ships;
3. afterwards compares the version on disk of every distribution behind an imported module
   with the version before; if one moved anyway, it prints one Korean message and restarts the
   runtime, so that the next "모두 실행" simply works;
4. keeps no state: a failed or interrupted install is tried again by running the cell again.

Only the standard library is used here: nothing else of the course is importable yet.
"""

from __future__ import annotations

import importlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from importlib import metadata

# A version pip can read as ``name==version`` (PEP 440, local labels allowed); anything else an
# installed distribution reports (rare legacy strings) is left out of the constraints.
_VERSION = re.compile(r"^[0-9][0-9A-Za-z.+!_-]*$")
# What pip prints when it cannot reach the package index.
_OFFLINE = re.compile(
    r"NewConnectionError|Failed to establish a new connection|Temporary failure in name resolution|"
    r"Network is unreachable|ConnectTimeout|Read timed out|ProxyError|No matching distribution found|"
    r"Could not find a version that satisfies"
)


# Packages whose files the course read by path, without importing them (data packages, the
# bundled Korean font): they never show in sys.modules, so the test run that checks each
# notebook's declared extras (conftest.py) reads this set too.
PACKAGES_READ: set[str] = set()


def note_package_read(distribution: str) -> None:
    PACKAGES_READ.add(distribution)


class BootstrapError(RuntimeError):
    """The first cell could not prepare the runtime; the message says what to do."""


def canonical(name: str) -> str:
    """A distribution name as pip compares it (``Vega_Datasets`` → ``vega-datasets``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def split_pin(requirement: str) -> tuple[str, str]:
    """``"music21==10.5.1"`` → ``("music21", "10.5.1")``; a bare name has version ``""``."""
    name, _, version = requirement.partition("==")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name.strip()):
        raise ValueError(f"expected NAME or NAME==VERSION, got {requirement!r}")
    return name.strip(), version.strip()


def installed_versions() -> dict[str, str]:
    """``{canonical name: version}`` of every distribution this interpreter can import, read
    from disk now (the first one on ``sys.path`` wins, as for imports)."""
    importlib.invalidate_caches()
    versions: dict[str, str] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            versions.setdefault(canonical(name), dist.version)
    return versions


def missing(requirements: Iterable[str], installed: dict[str, str]) -> list[str]:
    """The requirements whose package is not installed at any version."""
    return [r for r in requirements if canonical(split_pin(r)[0]) not in installed]


def constraints(installed: dict[str, str]) -> str:
    """A pip constraints file that holds every installed distribution at its version."""
    return "".join(f"{name}=={version}\n" for name, version in sorted(installed.items()) if _VERSION.match(version))


def imported_distributions(installed: dict[str, str] | None = None) -> dict[str, str]:
    """``{distribution: version}`` for the distributions behind the modules this process has
    imported: the ones a changed file on disk would break."""
    installed = installed_versions() if installed is None else installed
    top_level = {name.partition(".")[0] for name in list(sys.modules)}
    owners = metadata.packages_distributions()
    names = {canonical(d) for module in top_level for d in owners.get(module, ())}
    return {name: installed[name] for name in names if name in installed}


def moved(before: dict[str, str], after: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    """``{distribution: (version before, version now or None)}`` for what changed on disk."""
    return {name: (old, after.get(name)) for name, old in before.items() if after.get(name) != old}


def run_pip(args: list[str]) -> subprocess.CompletedProcess:
    """``python -m pip install -q ARGS`` with short network timeouts, output captured."""
    command = [sys.executable, "-m", "pip", "install", "-q", "--timeout", "20", "--retries", "2", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def restart_runtime() -> None:
    """Restart the way Colab notebooks do: end the kernel process; Colab starts a new one
    at once and keeps the notebook (its "세션이 다시 시작됨" notice)."""
    sys.stdout.flush()
    sys.stderr.flush()
    time.sleep(1.0)  # let the message reach the browser first
    os.kill(os.getpid(), signal.SIGKILL)


def _pip_failed(result: subprocess.CompletedProcess, packages: list[str]) -> BootstrapError:
    tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-8:])
    if _OFFLINE.search(result.stdout + result.stderr):
        advice = (
            "인터넷에 연결되지 않아 설치하지 못했습니다. 런타임이 인터넷에 연결되어 있는지 확인한 뒤 "
            "이 셀을 다시 실행하세요."
        )
    else:
        advice = (
            "설치에 실패했습니다. 이 셀을 다시 실행하세요. 계속 실패하면 메뉴 '런타임 > 런타임 연결 해제 및 삭제' 후 "
            "처음부터 다시 실행하고, 그래도 안 되면 아래 pip 메시지와 함께 문의해 주세요."
        )
    return BootstrapError(f"{advice}\n(pip install {' '.join(packages)}, 종료 코드 {result.returncode})\n{tail}")


def install_extras(
    requirements: Iterable[str] = (),
    no_deps: Iterable[str] = (),
    *,
    pip: Callable[[list[str]], subprocess.CompletedProcess] = run_pip,
    restart: Callable[[], None] = restart_runtime,
) -> list[str]:
    """Install the notebook's extras that are missing, holding everything installed at its
    version; ``no_deps`` are data-only packages installed without their dependencies.
    Returns what was installed (an empty list when nothing was missing)."""
    requirements, no_deps = list(requirements), list(no_deps)
    installed = installed_versions()
    for requirement in requirements + no_deps:
        name, pinned = split_pin(requirement)
        have = installed.get(canonical(name))
        if have is not None and pinned and have != pinned:
            print(f"ℹ️ {name}: 이 런타임에 있는 {have}을(를) 그대로 씁니다(코스가 테스트한 버전 {pinned}).")
    todo, todo_no_deps = missing(requirements, installed), missing(no_deps, installed)
    if not todo and not todo_no_deps:
        print("✅ 이 노트북에 필요한 패키지가 모두 있습니다. 설치하지 않습니다.")
        return []

    before = imported_distributions(installed)
    started = time.perf_counter()
    print(f"⏳ 이 노트북에 필요한 패키지를 설치합니다: {' '.join(todo + todo_no_deps)}")
    with tempfile.NamedTemporaryFile("w", suffix="-constraints.txt", delete=False) as file:
        file.write(constraints(installed))
    try:
        for packages, options in ((todo, []), (todo_no_deps, ["--no-deps"])):
            if packages:
                result = pip([*options, "-c", file.name, *packages])
                if result.returncode != 0:
                    raise _pip_failed(result, packages)
    finally:
        os.unlink(file.name)

    changed = moved(before, installed_versions())
    if changed:
        what = ", ".join(f"{name} {old} → {new or '삭제됨'}" for name, (old, new) in sorted(changed.items()))
        print(
            f"⚠️ 설치 중에 이미 불러온 패키지의 버전이 바뀌었습니다({what}). 이대로는 다음 import가 실패하므로 "
            "런타임을 다시 시작합니다. 다시 시작되면 이 셀부터 다시 실행하세요(메뉴 '런타임 > 모두 실행')."
        )
        restart()
        return todo + todo_no_deps
    print(f"✅ 설치 완료 ({time.perf_counter() - started:.0f}초). 런타임에 있던 패키지는 하나도 바꾸지 않았습니다.")
    return todo + todo_no_deps
