"""Maintainer commands for the course notebooks.

    python tools/nbtools.py sync [--check]      # badges, Colab bootstrap cell, folded solutions, README table
    python tools/nbtools.py slug OWNER/NAME     # move the course to another GitHub repository
    python tools/nbtools.py execute NB.ipynb …  # run in fast mode, keep only checked outputs
    python tools/nbtools.py strip NB.ipynb …    # drop outputs except in checked cells
    python tools/nbtools.py extras              # every notebook's Colab extras, as JSON

The repository slug lives in one place, ``[tool.course]`` in pyproject.toml; ``sync``
derives every badge, every bootstrap cell and the README table from it, and a test
runs ``sync --check`` so they never drift apart.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
PYPROJECT = ROOT / "pyproject.toml"

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
BOOTSTRAP_MARK = "# [course-bootstrap]"
BOOTSTRAP_TITLE = '#@title 준비 셀: 실행만 하세요 (Colab에서는 코스 저장소와 이 노트북에 필요한 패키지를 준비합니다) { display-mode: "form" }'
# Collapsed in JupyterLab (source_hidden), a titled form on Colab (cellView); still runnable.
BOOTSTRAP_METADATA = {"jupyter": {"source_hidden": True}, "cellView": "form"}
BADGE_PREFIX = "[![Open In Colab]"
TABLE_START = "<!-- notebooks:start -->"
TABLE_END = "<!-- notebooks:end -->"
NAME_PATTERN = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
# A notebook's extras: the packages it needs beyond what Colab's runtime ships, declared once in
# its metadata ``"course": {"extras": [names]}``; sync writes them, pinned, into its first cell.
EXTRAS_KEY = "extras"
REQUIREMENTS_FILE = ROOT / "requirements.txt"
NODEPS_FILE = ROOT / "requirements-nodeps.txt"
COLAB_STACK = ROOT / "tools" / "stacks" / "colab.txt"
TOOLS_BLOCK = "# notebooks and tests"  # requirements.txt from here on: test tools, never a notebook's extra


def course_config() -> dict:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["course"]
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", config["repository"]):
        raise SystemExit(f"pyproject.toml [tool.course] repository must be OWNER/NAME, got {config['repository']!r}")
    return config


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def badge_line(nb_name: str, config: dict) -> str:
    repo, branch = config["repository"], config["branch"]
    colab = f"https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/{nb_name}"
    binder = f"https://mybinder.org/v2/gh/{repo}/{branch}?labpath=notebooks%2F{nb_name}"
    return (
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab}) "
        f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder})"
    )


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path, stop_at: str | None = None) -> dict[str, str]:
    """``{canonical name: "name==version"}`` of a requirements file's pinned lines (up to the
    comment line ``stop_at``, when given)."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if stop_at and line.startswith(stop_at):
            break
        spec = line.split("#")[0].strip()
        if "==" in spec and not spec.startswith("-"):
            pins[canonical(spec.split("==")[0])] = spec
    return pins


def declarable_extras() -> tuple[dict[str, str], dict[str, str]]:
    """The packages a notebook may declare as extras, as ``({name: pin}, {name: pin})`` for the
    normal ones and the data-only ones (installed with --no-deps): what the course pins beyond
    the test tools and beyond Colab's own runtime (tools/stacks/colab.txt)."""
    on_colab = set(read_pins(COLAB_STACK))
    normal = {n: p for n, p in read_pins(REQUIREMENTS_FILE, TOOLS_BLOCK).items() if n not in on_colab}
    no_deps = {n: p for n, p in read_pins(NODEPS_FILE).items() if n not in on_colab}
    return normal, no_deps


def notebook_extras(nb, name: str = "") -> tuple[list[str], list[str]]:
    """The pins of a notebook's declared extras: (normal, data-only)."""
    declared = nb.metadata.get("course", {}).get(EXTRAS_KEY, [])
    normal, no_deps = declarable_extras()
    unknown = [d for d in declared if canonical(d) not in normal and canonical(d) not in no_deps]
    if unknown:
        raise SystemExit(
            f"{name}: metadata course.extras names {unknown}, which requirements.txt/requirements-nodeps.txt "
            "do not pin beyond Colab's runtime (tools/stacks/colab.txt)"
        )
    return ([normal[canonical(d)] for d in declared if canonical(d) in normal],
            [no_deps[canonical(d)] for d in declared if canonical(d) in no_deps])  # fmt: skip


def bootstrap_source(config: dict, extras: list[str] = (), no_deps: list[str] = ()) -> str:
    repo = config["repository"]
    clone_dir = f"/content/{repo.split('/')[1]}"
    listed = lambda pins: "[" + ", ".join(f'"{p}"' for p in pins) + "]"  # noqa: E731
    return f'''{BOOTSTRAP_TITLE}
{BOOTSTRAP_MARK} 코스 코드(utils)를 찾습니다 — Colab에서는 저장소를 받고, 이 노트북에 필요한 패키지 중 없는 것만 설치합니다. (tools/nbtools.py sync가 관리)
import os
import shutil
import subprocess
import sys

EXTRAS = {listed(extras)}  # Colab에 없는, 이 노트북이 쓰는 패키지(노트북 메타데이터 course.extras)
NO_DEPS = {listed(no_deps)}  # 데이터 파일만 읽는 패키지: 의존성 없이 설치

if "google.colab" in sys.modules:
    REPO_DIR = "{clone_dir}"
    if not os.path.isdir(os.path.join(REPO_DIR, ".git")):
        # 임시 폴더에 받은 뒤 이름을 바꿉니다: 중간에 끊기면 다음 실행 때 처음부터 다시 받습니다.
        shutil.rmtree(REPO_DIR + ".partial", ignore_errors=True)
        url = "https://github.com/{repo}.git"
        clone = subprocess.run(["git", "clone", "-q", "--depth", "1", url, REPO_DIR + ".partial"], capture_output=True, text=True)
        if clone.returncode != 0:
            raise RuntimeError("코스 저장소를 받지 못했습니다. 인터넷 연결을 확인하고 이 셀을 다시 실행하세요.\\n" + clone.stderr)
        os.rename(REPO_DIR + ".partial", REPO_DIR)
    sys.path.insert(0, REPO_DIR)
    from utils import colab

    colab.install_extras(EXTRAS, NO_DEPS)  # 런타임에 이미 있는 패키지는 버전을 바꾸지 않습니다
elif os.path.isdir("../utils") and not os.path.isdir("utils"):
    sys.path.insert(0, os.path.abspath(".."))  # notebooks/에서 열었고 pip install -e . 를 하지 않았을 때'''


def all_extras() -> tuple[list[str], list[str]]:
    """Every notebook's extras together (make test-colab installs them the way the first cell does)."""
    normal, no_deps = set(), set()
    for path in notebook_paths():
        extras, data_only = notebook_extras(nbformat.read(path, as_version=4), path.name)
        normal.update(extras)
        no_deps.update(data_only)
    return sorted(normal), sorted(no_deps)


def notebook_bootstrap_source(nb, config: dict, name: str = "") -> str:
    """The first code cell a notebook must have: the bootstrap with its own extras."""
    return bootstrap_source(config, *notebook_extras(nb, name))


def is_bootstrap_cell(cell) -> bool:
    """The bootstrap cell: its mark on the first line, or on the second under a ``#@title``."""
    return cell.cell_type == "code" and any(line.startswith(BOOTSTRAP_MARK) for line in cell.source.split("\n")[:2])


def title_of(nb) -> str:
    first = "".join(nb.cells[0].source).strip().splitlines()[0] if nb.cells else ""
    return first.lstrip("#").strip()


def sync_notebook(path: Path, config: dict) -> bool:
    """Rewrite the badge line and bootstrap cell; return True if the file changed."""
    nb = nbformat.read(path, as_version=4)
    original = nbformat.writes(nb)
    if not nb.cells or nb.cells[0].cell_type != "markdown":
        raise SystemExit(f"{path.name}: the first cell must be the markdown title")
    lines = nb.cells[0].source.split("\n")
    badge = badge_line(path.name, config)
    badge_rows = [i for i, line in enumerate(lines) if line.startswith(BADGE_PREFIX)]
    if badge_rows:
        lines[badge_rows[0]] = badge
    else:
        lines[1:1] = ["", badge]
    nb.cells[0].source = "\n".join(lines)

    boot = [i for i, c in enumerate(nb.cells) if is_bootstrap_cell(c)]
    source = notebook_bootstrap_source(nb, config, path.name)
    if boot:
        nb.cells[boot[0]].source = source
    else:
        first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
        nb.cells.insert(first_code, nbformat.v4.new_code_cell(source))
    cell = nb.cells[boot[0] if boot else first_code]
    cell.outputs = []
    jupyter = dict(cell.metadata.get("jupyter", {}), **BOOTSTRAP_METADATA["jupyter"])
    cell.metadata.update(BOOTSTRAP_METADATA, jupyter=jupyter)

    fold_solution_cells(nb)

    changed = nbformat.writes(nb) != original
    if changed:
        nbformat.write(nb, path)
    return changed


def readme_table(config: dict) -> str:
    rows = ["| # | notebook | 주제 | open |", "|---|---|---|---|"]
    for path in notebook_paths():
        nb = nbformat.read(path, as_version=4)
        number = path.name[:2]
        rows.append(f"| {number} | [`{path.name}`](notebooks/{path.name}) | {title_of(nb)} | {badge_line(path.name, config)} |")
    return "\n".join(rows)


def sync_readme(config: dict) -> bool:
    text = README.read_text(encoding="utf-8")
    if TABLE_START not in text or TABLE_END not in text:
        raise SystemExit(f"README.md needs the markers {TABLE_START} and {TABLE_END}")
    head, rest = text.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    new = f"{head}{TABLE_START}\n{readme_table(config)}\n{TABLE_END}{tail}"
    if new != text:
        README.write_text(new, encoding="utf-8")
        return True
    return False


def cmd_sync(check: bool) -> int:
    config = course_config()
    changed = []
    if check:
        # Compare against what sync would write, without touching the files.
        import shutil
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            for path in notebook_paths():
                copy = Path(tmp) / path.name
                shutil.copy(path, copy)
                if sync_notebook(copy, config):
                    changed.append(path.name)
            text = README.read_text(encoding="utf-8")
            if TABLE_START not in text or f"{TABLE_START}\n{readme_table(config)}\n{TABLE_END}" not in text:
                changed.append("README.md")
    else:
        changed = [p.name for p in notebook_paths() if sync_notebook(p, config)]
        if sync_readme(config):
            changed.append("README.md")
    verb = "out of date" if check else "updated"
    for name in changed:
        print(f"{verb}: {name}")
    if check and changed:
        print("run `python tools/nbtools.py sync` (or `make sync`) and commit the result")
        return 1
    return 0


def cmd_slug(slug: str) -> int:
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", slug):
        print(f"error: expected OWNER/NAME, got {slug!r}", file=sys.stderr)
        return 2
    text = PYPROJECT.read_text(encoding="utf-8")
    new, count = re.subn(r'(?m)^repository = ".*"$', f'repository = "{slug}"', text)
    if count != 1:
        print("error: pyproject.toml has no single `repository = ...` line under [tool.course]", file=sys.stderr)
        return 2
    PYPROJECT.write_text(new, encoding="utf-8")
    print(f"repository set to {slug}")
    return cmd_sync(check=False)


def strip_outputs(nb) -> None:
    """Keep outputs (without stderr) only in checked cells; keep execution counts."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if CHECK_MARK in cell.source:
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
        else:
            cell.outputs = []
        cell.metadata.pop("execution", None)


def cmd_strip(paths: list[str]) -> int:
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        strip_outputs(nb)
        nbformat.write(nb, p)
    return 0


def cmd_execute(paths: list[str], timeout: int) -> int:
    from nbclient import NotebookClient

    os.environ.setdefault("COURSE_MODE", "fast")
    status = 0
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        start = time.perf_counter()
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(Path(p).resolve().parent)}})  # fmt: skip
        try:
            client.execute()
        except Exception as err:  # report, keep the partial notebook for inspection
            print(f"FAILED {p}: {type(err).__name__}: {str(err)[-2000:]}")
            status = 1
            continue
        strip_outputs(nb)
        nbformat.write(nb, p)
        print(f"{p}: {time.perf_counter() - start:.1f} s in {os.environ['COURSE_MODE']} mode")
    return status


# --------------------------------------------------------------------------- folded solutions (issue 22)
# A solution cell (first line "# 풀이", "# 풀이 1: …") is collapsed like the bootstrap cell: hidden in
# JupyterLab, a titled form on Colab. The title is one more comment line, so CI still runs the code.
SOLUTION_MARK = "# 풀이"
SOLUTION_METADATA = {"jupyter": {"source_hidden": True}, "cellView": "form"}


def solution_label(mark_line: str) -> str:
    """``"# 풀이 3: Dense + Dropout"`` → ``"풀이 3"``, ``"# 풀이 1, 2"`` → ``"풀이 1, 2"``, ``"# 풀이"`` → ``"풀이"``."""
    rest = re.split(r"[:(]", mark_line[len(SOLUTION_MARK) :], maxsplit=1)[0].strip()
    return f"풀이 {rest}" if rest else "풀이"


def solution_title(mark_line: str) -> str:
    return f'#@title {solution_label(mark_line)} (펼쳐 보세요) {{ display-mode: "form" }}'


def solution_mark_line(cell) -> int | None:
    """Index of the ``# 풀이`` line of a solution cell (0, or 1 under a ``#@title``), else None."""
    if cell.cell_type != "code":
        return None
    lines = cell.source.split("\n")
    if lines[0].startswith(SOLUTION_MARK):
        return 0
    if lines[0].startswith("#@title") and len(lines) > 1 and lines[1].startswith(SOLUTION_MARK):
        return 1
    return None


def is_folded_solution(cell) -> bool:
    """A solution cell as sync leaves it: its title line first, hidden in JupyterLab, a Colab form."""
    lines = cell.source.split("\n")
    return (
        solution_mark_line(cell) == 1
        and lines[0] == solution_title(lines[1])
        and cell.metadata.get("jupyter", {}).get("source_hidden") is True
        and cell.metadata.get("cellView") == "form"
    )


def fold_solution_cells(nb) -> int:
    """Give every solution cell its Colab title line and the collapsed metadata; the code below
    the title is left as it is. Returns how many solution cells the notebook has."""
    count = 0
    for cell in nb.cells:
        mark = solution_mark_line(cell)
        if mark is None:
            continue
        count += 1
        body = cell.source.split("\n")[mark:]
        cell.source = "\n".join([solution_title(body[0]), *body])
        jupyter = dict(cell.metadata.get("jupyter", {}), **SOLUTION_METADATA["jupyter"])
        cell.metadata.update(SOLUTION_METADATA, jupyter=jupyter)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sync = sub.add_parser("sync", help="rewrite badges, bootstrap cells, folded solution cells and the README table")
    sync.add_argument("--check", action="store_true", help="only report; exit 1 if anything is out of date")
    slug = sub.add_parser("slug", help="set the GitHub repository (OWNER/NAME) and sync")
    slug.add_argument("repository")
    ex = sub.add_parser("execute", help="execute notebooks in fast mode and keep checked outputs")
    ex.add_argument("paths", nargs="+")
    ex.add_argument("--timeout", type=int, default=600)
    st = sub.add_parser("strip", help="strip outputs except checked cells")
    st.add_argument("paths", nargs="+")
    sub.add_parser("extras", help="print every notebook's Colab extras as JSON")
    args = parser.parse_args(argv)
    if args.command == "extras":
        extras, no_deps = all_extras()
        print(json.dumps({"extras": extras, "no_deps": no_deps}))
        return 0
    if args.command == "sync":
        return cmd_sync(args.check)
    if args.command == "slug":
        return cmd_slug(args.repository)
    if args.command == "execute":
        return cmd_execute(args.paths, args.timeout)
    return cmd_strip(args.paths)


if __name__ == "__main__":
    raise SystemExit(main())
