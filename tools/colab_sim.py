"""A simulated fresh Colab runtime: run notebooks the way a student's first "모두 실행" does.

    python tools/colab_sim.py                    # notebooks 01 21 13 15 29, each in a fresh runtime
    python tools/colab_sim.py 01 24              # others, by number
    python tools/colab_sim.py --base-only        # build (or reuse) the runtime, print its folder
    python tools/colab_sim.py --first-cell-from 4887a2d 01   # the first cell as of an old commit
    python tools/colab_sim.py --expect-failure --first-cell-from 4887a2d 01   # a control run
    python tools/colab_sim.py --measure-downloads 01 21      # empty pip cache: download sizes

What is simulated, and why (issue #20):
- the runtime: a virtual environment with Colab's own packages (tools/stacks/colab.txt) and the
  Jupyter/pytest tools, none of the course's extras; built once under
  ``~/.cache/tf-keras-course-ko/colab-runtime`` and copied with hard links, fresh for every
  notebook, as Colab gives every notebook a new runtime (pip in a copy never touches the base);
- the kernel: numpy is imported before the first cell (Colab preloads it) and a
  ``google.colab`` module is present, so the first cell takes its Colab branch;
- the notebook runs from a folder outside the repository that stands for Colab's /content (the
  first cell's "/content/…" clone folder is rewritten to it), in fast mode, with an empty HOME;
- the bootstrap's ``git clone`` of GitHub is answered from this checkout's committed HEAD
  (git's ``url.<base>.insteadOf``), and its pip installs go to the package index as on Colab.
Exit status 0 when every notebook ran top to bottom (or, with --expect-failure, when each failed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STACK = ROOT / "tools" / "stacks" / "colab.txt"
REQUIREMENTS = ROOT / "requirements.txt"
TOOLS_BLOCK = "# notebooks and tests"
DEFAULT_NOTEBOOKS = ("01", "21", "13", "15", "29")
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tf-keras-course-ko"
# Colab's kernel, as far as the first cell can tell: numpy imported, google.colab present.
FAKE_COLAB = '"""Stand-in for Colab\'s google.colab package (tools/colab_sim.py)."""\n'


def stack_python_version() -> str:
    for line in STACK.read_text(encoding="utf-8").splitlines():
        if line.startswith("# python:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit(f"{STACK} has no '# python: X.Y' line")


def find_python(version: str) -> str:
    candidates = [os.environ.get("PYTHON", ""), f"python{version}"]
    candidates += sorted(str(p) for p in (Path.home() / ".pyenv" / "versions").glob(f"{version}.*/bin/python{version}"))
    for candidate in filter(None, candidates):
        try:
            out = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2], sys.executable)"],
                                 capture_output=True, text=True, timeout=30)  # fmt: skip
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.startswith(f"({version.replace('.', ', ')})"):
            return out.stdout.split(") ", 1)[1].strip()
    raise SystemExit(3)


def tool_requirements() -> list[str]:
    """requirements.txt's test tools (nbval, pytest, ipykernel …): what runs the kernel and tests."""
    lines = REQUIREMENTS.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(TOOLS_BLOCK))
    return [line.split("#")[0].strip() for line in lines[start + 1 :] if line.split("#")[0].strip()]


def build_base() -> Path:
    """Colab's packages + the test tools, nothing of the course: built once, reused by key."""
    python = find_python(stack_python_version())
    wanted = [line.strip() for line in STACK.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    wanted += tool_requirements()
    key = hashlib.sha256(("\n".join([python, *wanted])).encode()).hexdigest()[:16]
    base = CACHE / "colab-runtime"
    if (base / ".stamp").is_file() and (base / ".stamp").read_text().strip() == key:
        return base
    print(f"== building the simulated Colab runtime in {base} (a few minutes the first time)", flush=True)
    shutil.rmtree(base, ignore_errors=True)
    base.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([python, "-m", "venv", str(base)], check=True)
    pip = [str(base / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    for args in (["--upgrade", "pip"], wanted):
        done = subprocess.run([*pip, *args], capture_output=True, text=True)
        if done.returncode != 0:
            print((done.stdout + done.stderr)[-4000:], file=sys.stderr)
            raise SystemExit(f"error: could not build the simulated Colab runtime in {base}")
    fake = base / "colab-sim" / "google" / "colab"  # a namespace portion: google.protobuf still imports
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(FAKE_COLAB, encoding="utf-8")
    (base / ".stamp").write_text(key + "\n")
    return base


def fresh_copy(base: Path, target: Path) -> Path:
    """A new runtime: the base copied with hard links (seconds; pip in it replaces files, never
    writes through them)."""
    subprocess.run(["cp", "-al", str(base), str(target)], check=True)
    return target


def notebook_path(number: str) -> Path:
    found = sorted((ROOT / "notebooks").glob(f"{number}_*.ipynb"))
    if not found:
        raise SystemExit(f"no notebook numbered {number!r} in notebooks/")
    return found[0]


def first_cell_from(nb: dict, revision: str, name: str) -> dict:
    """The notebook with its first code cell as committed at ``revision`` (a control run)."""
    import nbformat

    old = nbformat.reads(subprocess.run(["git", "show", f"{revision}:notebooks/{name}"], cwd=ROOT, check=True,
                                        capture_output=True, text=True).stdout, as_version=4)  # fmt: skip
    first = lambda cells: next(i for i, c in enumerate(cells) if c["cell_type"] == "code")  # noqa: E731
    nb["cells"][first(nb["cells"])] = old["cells"][first(old["cells"])]
    return nb


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_notebook(base: Path, path: Path, work: Path, *, revision: str | None, pip_cache: Path | None) -> dict:
    runtime = fresh_copy(base, work / "runtime")
    content, home, kernels = work / "content", work / "home", work / "jupyter" / "kernels" / "colab-sim"
    for folder in (content, home, kernels):
        folder.mkdir(parents=True)
    import nbformat

    nb = nbformat.read(path, as_version=4)
    if revision:
        nb = first_cell_from(nb, revision, path.name)
    # Colab's working folder is /content; here it is a temporary folder, the first cell's clone too.
    boot = next(c for c in nb["cells"] if c["cell_type"] == "code")
    boot["source"] = boot["source"].replace('"/content/', f'"{content}/')
    slug = _repository()
    env = {
        "COURSE_MODE": "fast", "HOME": str(home), "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3",
        "PYTHONPATH": str(runtime / "colab-sim"),
        # GitHub is answered from this checkout's committed HEAD.
        "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.file://{ROOT}/.insteadOf",
        "GIT_CONFIG_VALUE_0": f"https://github.com/{slug}.git",
    }  # fmt: skip
    if pip_cache:
        env["PIP_CACHE_DIR"] = str(pip_cache)
    spec = {
        "argv": [str(runtime / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.exec_lines=import numpy, google.colab"],
        "display_name": "Colab (simulated)", "language": "python", "env": env,
    }  # fmt: skip
    (kernels / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = str(work / "jupyter")

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    notebook = nb
    client = NotebookClient(notebook, timeout=600, kernel_name="colab-sim", record_timing=True,
                            resources={"metadata": {"path": str(content)}})  # fmt: skip
    started = time.perf_counter()
    error = None
    try:
        client.execute()
    except (CellExecutionError, DeadKernelError, TimeoutError, RuntimeError) as err:
        error = str(err).strip().splitlines()[-1][:400] if str(err).strip() else type(err).__name__
    boot = next(c for c in notebook.cells if c.cell_type == "code")
    timing = boot.metadata.get("execution", {})
    first_cell_s = None
    if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
        from datetime import datetime

        parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
        first_cell_s = (parse(timing["shell.execute_reply"]) - parse(timing["iopub.execute_input"])).total_seconds()
    said = "".join(o.get("text", "") for o in boot.outputs if o.get("output_type") == "stream").strip()
    return {
        "notebook": path.name, "ok": error is None, "error": error, "seconds": time.perf_counter() - started,
        "first_cell_s": first_cell_s, "first_cell_said": said,
        "download_bytes": folder_size(pip_cache) if pip_cache else None,
    }  # fmt: skip


def _repository() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["course"]["repository"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", default=list(DEFAULT_NOTEBOOKS), help="notebook numbers")
    parser.add_argument("--base-only", action="store_true", help="build or reuse the runtime, print its folder")
    parser.add_argument("--first-cell-from", metavar="REV", help="use the first code cell committed at REV")
    parser.add_argument("--expect-failure", action="store_true", help="succeed only if every notebook fails")
    parser.add_argument("--measure-downloads", action="store_true", help="an empty pip cache per notebook")
    args = parser.parse_args(argv)
    try:
        base = build_base()
    except SystemExit as err:
        if err.code == 3:
            print(f"error: Python {stack_python_version()} (Colab's) not found; install it or set PYTHON", file=sys.stderr)
        raise
    if args.base_only:
        print(base)
        return 0
    if not os.environ.get("COURSE_SIM_INSIDE"):
        # The driver needs nbclient; the runtime has it (and the course venv may not exist).
        env = dict(os.environ, COURSE_SIM_INSIDE="1")
        return subprocess.run([str(base / "bin" / "python"), __file__, *(argv if argv is not None else sys.argv[1:])],
                              env=env, check=False).returncode  # fmt: skip
    results = []
    for number in args.notebooks:
        path = notebook_path(number)
        with tempfile.TemporaryDirectory(prefix="colab-sim-") as tmp:
            cache = Path(tmp) / "pip-cache" if args.measure_downloads else None
            result = run_notebook(base, path, Path(tmp), revision=args.first_cell_from, pip_cache=cache)
        results.append(result)
        state = "ran top to bottom" if result["ok"] else f"FAILED: {result['error']}"
        size = f", downloads {result['download_bytes'] / 1e6:.1f} MB" if result["download_bytes"] is not None else ""
        first = f"{result['first_cell_s']:.1f} s" if result["first_cell_s"] is not None else "?"
        print(f"colab-sim: {path.name}: {state} ({result['seconds']:.0f} s; first cell {first}{size})", flush=True)
        for line in result["first_cell_said"].splitlines():
            print(f"    first cell: {line}")
    failed = [r["notebook"] for r in results if not r["ok"]]
    if args.expect_failure:
        if len(failed) == len(results):
            print(f"colab-sim: control: all {len(results)} failed, as expected")
            return 0
        print(f"colab-sim: control: expected every notebook to fail, these ran: {sorted(set(args.notebooks) - set(failed))}")
        return 1
    print(f"colab-sim: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
