"""Executed copies of the notebooks for the course website, with their provenance.

    python tools/siteoutputs.py record NB.ipynb … [--mode fast|full]   # execute, store, write the manifest
    python tools/siteoutputs.py import RUN.ipynb [--device "Colab T4"]  # a full-mode run made elsewhere
    python tools/siteoutputs.py status                                 # which copy each page would show
    python tools/siteoutputs.py stage DIR                               # the Sphinx source tree (make site)

The notebooks in ``notebooks/`` are committed without outputs. An executed copy lives in
``site/outputs/<mode>/NN_name.ipynb`` beside ``NN_name.json``, its manifest: mode, device,
environment, Python/TensorFlow/Keras versions (read from the banner ``course.setup()`` prints),
date, seconds, and hashes: ``code_sha256`` (the notebook's code cells except the
``[course-bootstrap]`` cell, which ``nbtools.py sync`` rewrites) and ``utils_files`` (the code,
without comments and docstrings, of each utils file the notebook's code reaches, see
:func:`utils_files_used`; ``utils_sha256``, of every ``utils/**/*.py``, is kept for the record and
decides only for manifests older than ``utils_files``). A copy whose hashes differ from the current
tree is *stale*: the page still
shows it, under a warning, and only for the cells whose code is unchanged. ``stage`` prefers a
current full-mode copy, then a current fast-mode copy, then a stale one (full before fast); a
notebook without any copy is rendered bare under a "출력이 아직 없습니다" banner.

``record`` runs in the course environment (.venv: nbclient and the notebooks' kernel);
``stage`` needs only nbformat and runs in the site environment (.venv-site).
Full mode on Colab: Runtime → Run all, File → Download .ipynb, then ``import`` — refused when
its code differs from the notebook in this checkout (run it from the same commit).
"""

from __future__ import annotations

import argparse
import ast
import base64
import datetime as dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
import tokenize
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
UTILS = ROOT / "utils"
SITE = ROOT / "site"
OUTPUTS = SITE / "outputs"
MODES = ("full", "fast")  # preference order when both are current

BOOTSTRAP_MARK = "# [course-bootstrap]"
BADGE_PREFIX = "[![Open In Colab]"
NAME_PATTERN = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
# course.setup()'s banner: its first two lines (utils/course.py SetupInfo.banner).
BANNER_VERSIONS = re.compile(r"Python (?P<python>\S+) · TensorFlow (?P<tensorflow>\S+) · Keras (?P<keras>\S+)")
BANNER_MODE = re.compile(r"모드\(COURSE_MODE\): (?P<mode>\w+) · 장치: (?P<device>.+?) · 환경: (?P<environment>\S+)")
FIXTURE_MARK = "GENERATED FIXTURE"
NO_OUTPUT_TEXT = "출력이 아직 없습니다"
STALE_TEXT = "이 페이지의 출력은 지금과 다른 코드로 실행한 결과입니다"
DROPPED_MIME = ("application/vnd.jupyter.widget-view+json", "application/vnd.jupyter.widget-state+json")


# ---- hashes -------------------------------------------------------------------------------
def is_bootstrap(cell) -> bool:
    return cell.cell_type == "code" and any(line.startswith(BOOTSTRAP_MARK) for line in cell.source.split("\n")[:2])


def normalized(source: str) -> str:
    """Code as it ran, blind to line endings and trailing blanks (Colab rewrites neither, editors may)."""
    return "\n".join(line.rstrip() for line in source.replace("\r\n", "\n").split("\n")).strip()


def code_sha256(nb) -> str:
    cells = [normalized(c.source) for c in nb.cells if c.cell_type == "code" and not is_bootstrap(c)]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()


def utils_sha256(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for path in sorted((root / "utils").rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# ---- which utils files a page depends on ------------------------------------------------------
# A change in utils/ marks stale only the pages whose code can reach the changed file: the modules
# a notebook imports from utils, with what those import; for a package (utils.data), only the
# submodules that define the names the notebook uses. Without this, fixing the stock loader would
# mark every page stale and hide every full-mode run until all were recorded again.
def _module_file(module: str, root: Path) -> Path | None:
    base = root.joinpath(*module.split("."))
    if (base / "__init__.py").exists():
        return base / "__init__.py"
    return base.with_suffix(".py") if base.with_suffix(".py").exists() else None


def _parse(source: str):
    """The AST of code that may hold IPython lines (%magic, !shell), or None if it does not parse."""
    lines = [line[: len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _defined_names(tree) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _requests(tree, package: str, root: Path) -> list[tuple[str, set[str] | None]]:
    """What ``tree`` (in ``package``) uses from utils: (module, names) pairs, names None = all of it."""
    wanted: list[tuple[str, set[str] | None]] = []
    aliases: dict[str, str] = {}  # a local name bound to a utils package → that package
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "utils" or alias.name.startswith("utils."):
                    wanted.append((alias.name, None))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if not (base == "utils" or base.startswith("utils.")):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if _module_file(sub, root) is None:
                    wanted.append((base, None if alias.name == "*" else {alias.name}))
                elif (root.joinpath(*sub.split(".")) / "__init__.py").exists():
                    aliases[alias.asname or alias.name] = sub
                    wanted.append((sub, set()))
                else:
                    wanted.append((sub, None))
    for node in ast.walk(tree):  # data.load_mnist → (utils.data, {"load_mnist"})
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            wanted.append((aliases[node.value.id], {node.attr}))
    return wanted


def utils_files_used(code: str, root: Path = ROOT) -> list[str]:
    """The utils files (paths relative to ``root``) that ``code`` can reach; all of them when the
    code does not parse."""
    every = sorted(p.relative_to(root).as_posix() for p in (root / "utils").rglob("*.py"))
    tree = _parse(code)
    if tree is None:
        return every
    found: set[str] = set()
    todo = _requests(tree, "", root)
    done: set[tuple[str, frozenset | None]] = set()
    while todo:
        module, names = todo.pop()
        key = (module, None if names is None else frozenset(names))
        path = _module_file(module, root)
        if key in done or path is None:
            continue
        done.add(key)
        found.add(path.relative_to(root).as_posix())
        module_tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        package = module if is_package else module.rpartition(".")[0]
        if not is_package or names is None:
            todo.extend(_requests(module_tree, package, root))
            continue
        own = _defined_names(module_tree)
        for name in names:
            sub = f"{module}.{name}"
            if _module_file(sub, root) is not None:
                todo.append((sub, None))
            elif name in own:  # defined in the package's __init__: it may use any submodule
                todo.extend(_requests(module_tree, package, root))
            else:  # re-exported from a submodule (``from .images import *``)
                for submodule in sorted(root.joinpath(*module.split(".")).glob("*.py")):
                    if submodule.name != "__init__.py" and name in _defined_names(ast.parse(submodule.read_text(encoding="utf-8"))):
                        todo.append((f"{module}.{submodule.stem}", None))
    return sorted(found | {"utils/__init__.py"})


def code_digest(source: bytes) -> str:
    """A Python file's code, blind to comments, docstrings, blank lines and trailing spaces: a page
    is not stale because a comment changed. Text-based, so every Python version gives the same
    digest (the site may be built with another Python than the one the notebooks ran on)."""
    text = source.decode("utf-8")
    lines = text.split("\n")
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(text)):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            on_own_lines = not lines[first.lineno - 1][: first.col_offset].strip()  # not `def f(): "doc"`
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str) and on_own_lines:
                docstrings.update(range(first.lineno - 1, first.end_lineno))
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col]
    kept = [line.rstrip() for i, line in enumerate(lines) if i not in docstrings and line.strip()]
    return hashlib.sha256("\n".join(kept).encode()).hexdigest()


def file_hashes(paths: list[str], root: Path = ROOT) -> dict[str, str]:
    return {p: code_digest((root / p).read_bytes()) if (root / p).exists() else "" for p in paths}


def notebook_code(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code" and not is_bootstrap(c))


# ---- what an executed notebook says about its run -----------------------------------------
def output_texts(nb):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                yield out.get("text", "")
            elif "data" in out:
                yield out["data"].get("text/plain", "")
            elif out.get("output_type") == "error":
                yield "\n".join(out.get("traceback", []))


def provenance_from_outputs(nb) -> dict:
    """Python/TensorFlow/Keras, mode, device and environment from course.setup()'s banner."""
    found: dict = {}
    for text in output_texts(nb):
        if "python" not in found and (m := BANNER_VERSIONS.search(text)):
            found.update(m.groupdict())
        if "mode" not in found and (m := BANNER_MODE.search(text)):
            found.update(m.groupdict())
        if FIXTURE_MARK in text:
            found["fixtures"] = True
    found.setdefault("fixtures", False)
    return found


def has_outputs(nb) -> bool:
    return any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


# ---- storing ------------------------------------------------------------------------------
def _recompress_png(data: str) -> str:
    """A plot as a 256-colour palette PNG (about 60% smaller, no visible change on plots);
    kept as it was when that is not smaller or Pillow cannot read it."""
    try:
        from PIL import Image
    except ImportError:
        return data
    raw = base64.b64decode(data)
    try:
        image = Image.open(io.BytesIO(raw))
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        method = Image.Quantize.FASTOCTREE if image.mode == "RGBA" else Image.Quantize.MEDIANCUT
        buffer = io.BytesIO()
        image.quantize(256, method=method, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
    except Exception:  # an image Pillow cannot read stays as it is
        return data
    small = buffer.getvalue()
    return base64.b64encode(small).decode() if len(small) < len(raw) else data


AUDIO_URI = re.compile(r"data:audio/wav;base64,([A-Za-z0-9+/=\s]+)")
AUDIO_RATE = 8000  # Hz: the course's melodies are sine tones well below 4 kHz


def _shrink_wav(data: str) -> str:
    """A 16-bit WAV (IPython.display.Audio) as 8 kHz 8-bit mono: a quarter of the size or less,
    still the same melody; kept as it was when it is anything else."""
    import wave

    try:
        import numpy as np

        with wave.open(io.BytesIO(base64.b64decode(data))) as w:
            rate, width, channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
            frames = w.readframes(w.getnframes())
    except Exception:
        return data
    if width != 2 or rate < 2 * AUDIO_RATE or rate % AUDIO_RATE:
        return data
    samples = np.frombuffer(frames, dtype="<i2").reshape(-1, channels).mean(axis=1)
    step = rate // AUDIO_RATE
    samples = samples[: len(samples) // step * step].reshape(-1, step).mean(axis=1)  # average: a low-pass
    pcm8 = np.clip(np.round(samples / 256) + 128, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(AUDIO_RATE)
        w.writeframes(pcm8.tobytes())
    return base64.b64encode(buffer.getvalue()).decode()


def compact(nb) -> None:
    """Keep what a reader sees: no stderr, no widget state, no timings; PNGs as palette PNGs, sound at 8 kHz."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.outputs:
            if out.output_type == "stream" and out.name == "stderr":
                continue
            if "data" in out:
                for mime in DROPPED_MIME:
                    out.data.pop(mime, None)
                if "image/png" in out.data:
                    out.data["image/png"] = _recompress_png(out.data["image/png"])
                if "data:audio/wav;base64," in out.data.get("text/html", ""):
                    html = out.data["text/html"]
                    out.data["text/html"] = AUDIO_URI.sub(lambda m: "data:audio/wav;base64," + _shrink_wav(m.group(1)), html)
                if not out.data:
                    continue
            kept.append(out)
        cell.outputs = kept


def current_notebook(name: str):
    path = NOTEBOOKS / name
    if not path.exists():
        raise SystemExit(f"error: notebooks/{name} does not exist")
    return nbformat.read(path, as_version=4)


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def store(nb, name: str, manifest: dict) -> Path:
    folder = OUTPUTS / manifest["mode"]
    folder.mkdir(parents=True, exist_ok=True)
    compact(nb)
    target = folder / name
    nbformat.write(nb, target)
    manifest["bytes"] = target.stat().st_size
    manifest["images"] = sum(1 for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    (folder / name.replace(".ipynb", ".json")).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target


def make_manifest(nb, name: str, mode: str, *, device: str | None, source: str, seconds: float | None) -> dict:
    found = provenance_from_outputs(nb)
    if found.get("mode") and found["mode"] != mode:
        raise SystemExit(f"error: {name} ran in {found['mode']} mode (its setup banner says so), not {mode}")
    if "python" not in found:
        raise SystemExit(f"error: {name} has no course.setup() banner in its outputs: was it executed?")
    return {
        "notebook": name,
        "mode": mode,
        "device": device or found.get("device", "?"),
        "environment": found.get("environment", "?"),
        "python": found["python"],
        "tensorflow": found["tensorflow"],
        "keras": found["keras"],
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "seconds": None if seconds is None else round(seconds, 1),
        "source": source,
        "fixtures": found["fixtures"],
        "code_sha256": code_sha256(nb),
        "utils_sha256": utils_sha256(),
        "utils_files": file_hashes(utils_files_used(notebook_code(nb))),
    }


def cmd_record(paths: list[str], mode: str, timeout: int, device: str | None) -> int:
    from nbclient import NotebookClient

    # The kernel's environment only: the mode, and plots as outputs whatever MPLBACKEND the shell has.
    env = {**os.environ, "COURSE_MODE": mode, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    status = 0
    for p in paths:
        name = Path(p).name
        nb = current_notebook(name)
        start = time.perf_counter()
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}})
        try:
            client.execute(env=env)
        except Exception as err:
            print(f"FAILED {name}: {type(err).__name__}: {str(err)[-1500:]}", file=sys.stderr)
            status = 1
            continue
        seconds = time.perf_counter() - start
        manifest = make_manifest(nb, name, mode, device=device, source="recorded", seconds=seconds)
        target = store(nb, name, manifest)
        print(f"{name}: {seconds:.1f} s in {mode} mode → {shown(target)} ({manifest['bytes'] / 1024:.0f} KiB)")
    return status


def course_name_for(path: Path) -> str:
    """'10_lenet5_mnist (1).ipynb' (a browser's second download) → '10_lenet5_mnist.ipynb'."""
    stem = re.sub(r"\s*\(\d+\)$", "", path.stem)
    name = f"{stem}.ipynb"
    if not NAME_PATTERN.match(name):
        raise SystemExit(f"error: {path.name} is not named like a course notebook (NN_name.ipynb); pass --name")
    return name


def cmd_import(path: str, mode: str, device: str | None, name: str | None) -> int:
    source = Path(path)
    name = name or course_name_for(source)
    nb = nbformat.read(source, as_version=4)
    current = current_notebook(name)
    if code_sha256(nb) != code_sha256(current):
        ours = [normalized(c.source) for c in current.cells if c.cell_type == "code" and not is_bootstrap(c)]
        theirs = [normalized(c.source) for c in nb.cells if c.cell_type == "code" and not is_bootstrap(c)]
        differing = [i + 1 for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b]
        print(
            f"refused: the code of {source.name} differs from notebooks/{name} "
            f"({len(theirs)} code cells vs {len(ours)}; first differing code cells: {differing[:5] or 'count differs'}).\n"
            "Run the notebook of this checkout's commit (Colab: open it from the same branch) and import that file.",
            file=sys.stderr,
        )
        return 1
    if not has_outputs(nb) or "python" not in provenance_from_outputs(nb):
        print(f"refused: {source.name} has no outputs of course.setup() (Runtime → Run all before downloading)", file=sys.stderr)
        return 1
    errors = [c for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    if errors:
        print(f"refused: {source.name} stopped with an error in {len(errors)} cell(s)", file=sys.stderr)
        return 1
    manifest = make_manifest(nb, name, mode, device=device, source=f"imported from {source.name}", seconds=None)
    target = store(nb, name, manifest)
    print(f"imported {source.name} as {shown(target)} ({manifest['bytes'] / 1024:.0f} KiB, {manifest['device']})")
    return 0


# ---- choosing the copy a page shows -------------------------------------------------------
def load_copy(name: str, mode: str, outputs: Path | None = None):
    outputs = outputs or OUTPUTS
    nb_path = outputs / mode / name
    manifest_path = nb_path.with_suffix(".json")
    if not (nb_path.exists() and manifest_path.exists()):
        return None
    return nbformat.read(nb_path, as_version=4), json.loads(manifest_path.read_text(encoding="utf-8"))


def stale_reasons(manifest: dict, current, utils_hash: str) -> list[str]:
    reasons = []
    if manifest.get("code_sha256") != code_sha256(current):
        reasons.append("노트북의 코드")
    if "utils_files" in manifest:  # only the utils files this notebook's code reaches
        changed = [p for p, h in manifest["utils_files"].items() if file_hashes([p]).get(p) != h]
        if changed:
            reasons.append("utils 패키지 (" + ", ".join(changed) + ")")
    elif manifest.get("utils_sha256") != utils_hash:  # an older manifest: any change in utils/
        reasons.append("utils 패키지")
    return reasons


def choose(name: str, current, utils_hash: str, outputs: Path | None = None):
    """(executed notebook, manifest, stale reasons) or None: current full, current fast, stale full, stale fast."""
    outputs = outputs or OUTPUTS
    candidates = []
    for mode in MODES:
        copy = load_copy(name, mode, outputs)
        if copy:
            candidates.append((*copy, stale_reasons(copy[1], current, utils_hash)))
    fresh = [c for c in candidates if not c[2]]
    return (fresh or candidates or [None])[0]


def merge_outputs(current, executed) -> int:
    """Copy outputs onto the current notebook's code cells whose code ran unchanged; return how many
    code cells (besides the bootstrap) found no unchanged counterpart."""
    pool = [c for c in executed.cells if c.cell_type == "code" and not is_bootstrap(c)]
    by_id = {c.get("id"): c for c in pool if c.get("id")}
    used: set[int] = set()
    missing = 0
    cursor = 0
    for cell in current.cells:
        if cell.cell_type != "code" or is_bootstrap(cell):
            continue
        match = by_id.get(cell.get("id"))
        if match is None or normalized(match.source) != normalized(cell.source) or id(match) in used:
            match = next((c for c in pool[cursor:] if id(c) not in used and normalized(c.source) == normalized(cell.source)), None)
        if match is None:
            cell.outputs, cell.execution_count = [], None
            missing += 1
            continue
        used.add(id(match))
        cursor = pool.index(match) + 1
        cell.outputs = match.outputs
        cell.execution_count = match.execution_count
    return missing


# ---- the Sphinx source tree ---------------------------------------------------------------
def course_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["course"]


def title_of(nb) -> str:
    return nb.cells[0].source.strip().splitlines()[0].lstrip("#").strip()


def course_parts(notebook_names: list[str]) -> list[tuple[str, list[str]]]:
    """The parts, from notebook 00's '## 코스 지도' table (the one map of the course)."""
    setup = nbformat.read(NOTEBOOKS / notebook_names[0], as_version=4)
    table = next((c.source for c in setup.cells if c.cell_type == "markdown" and "## 코스 지도" in c.source), None)
    if table is None:
        raise SystemExit(f"error: {notebook_names[0]} has no '## 코스 지도' table to take the parts from")
    parts: list[tuple[str, list[str]]] = []
    for row in table.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        links = re.findall(r"\]\((\d\d_[a-z0-9_]+\.ipynb)\)", row)
        if len(cells) >= 2 and links:
            parts.append((cells[0], links))
    listed = [n for _, names in parts for n in names]
    if listed != notebook_names:
        missing = sorted(set(notebook_names) - set(listed))
        raise SystemExit(f"error: the 코스 지도 table in {notebook_names[0]} must list every notebook once, in order; missing: {missing}")
    return parts


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def provenance_cell(name: str, chosen, missing: int, config: dict):
    repo, branch = config["repository"], config["branch"]
    colab = f"https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/{name}"
    binder = f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/notebooks/{name}"
    download = "이 노트북(.ipynb) 받기" if chosen is None else "출력이 담긴 노트북(.ipynb) 받기"
    links = (
        f"[Colab에서 열기]({colab}) · [Binder에서 열기]({binder}) · "
        f'<a class="course-download" href="../_sources/notebooks/{name}" download>{download}</a>'
    )
    if chosen is None:
        return nbformat.v4.new_markdown_cell(
            f":::{{admonition}} {NO_OUTPUT_TEXT}\n:class: warning course-run course-run-none\n"
            "이 노트북은 아직 실행한 사본이 없어 코드와 설명만 보입니다. 직접 실행해 보세요.\n\n"
            f"{links}\n:::"
        )
    _, manifest, reasons = chosen
    mode_text = {"full": "full 모드(강의와 같은 데이터와 에폭)", "fast": "fast 모드(작은 데이터, 1–2 에폭: 수치는 강의보다 낮습니다)"}[manifest["mode"]]
    run = (
        f"{mode_text} · {manifest['date']} · 장치: {manifest['device']} · 환경: {manifest['environment']} · "
        f"Python {manifest['python']} · TensorFlow {manifest['tensorflow']} · Keras {manifest['keras']}"
    )
    fixture = "\n\n⚠️ 이 실행에서는 일부 데이터가 생성 데이터(fixture)였습니다." if manifest.get("fixtures") else ""
    if reasons:
        hidden = f" 코드가 바뀐 {missing}개 셀은 출력을 보여 주지 않습니다." if missing else ""
        return nbformat.v4.new_markdown_cell(
            f":::{{admonition}} {STALE_TEXT}\n:class: warning course-run course-run-stale course-run-{manifest['mode']}\n"
            f"실행 뒤에 {'와 '.join(reasons)}가 바뀌었습니다.{hidden} 실행: {run}{fixture}\n\n{links}\n:::"
        )
    return nbformat.v4.new_markdown_cell(
        f":::{{admonition}} 이 페이지의 출력\n:class: note course-run course-run-current course-run-{manifest['mode']}\n"
        f"{run}{fixture}\n\n{links}\n:::"
    )


def stage_notebook(name: str, config: dict, utils_hash: str, outputs: Path | None = None):
    """The page's notebook: current text and code, outputs from the chosen copy, a run box."""
    outputs = outputs or OUTPUTS
    nb = current_notebook(name)
    chosen = choose(name, nb, utils_hash, outputs)
    missing = merge_outputs(nb, chosen[0]) if chosen else 0
    if chosen is None:  # the checked cells' stored outputs have no manifest: not shown either
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
    for cell in nb.cells:
        if is_bootstrap(cell):
            tags = cell.metadata.setdefault("tags", [])
            if "remove-cell" not in tags:
                tags.append("remove-cell")
            cell.outputs = []
    title = nb.cells[0]
    title.source = "\n".join(line for line in title.source.split("\n") if not line.startswith(BADGE_PREFIX))
    title.source = re.sub(r"\n{3,}", "\n\n", title.source)
    nb.cells.insert(1, provenance_cell(name, chosen, missing, config))
    nb.cells[1].pop("id", None)
    nb.cells[1]["id"] = "course-run"
    state = "none" if chosen is None else ("stale" if chosen[2] else chosen[1]["mode"])
    return nb, state


def write_if_changed(path: Path, text: str) -> None:
    """Leave unchanged files alone so that Sphinx's incremental build stays incremental."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def index_page(parts, titles: dict[str, str], states: dict[str, str], config: dict) -> str:
    label = {"full": "full 모드 출력", "fast": "fast 모드 출력", "stale": "⚠️ 이전 코드의 출력", "none": "출력 없음"}
    counts = {k: sum(1 for s in states.values() if s == k) for k in label}
    summary = ", ".join(f"{label[k]} {n}개" for k, n in counts.items() if n)
    repo = config["repository"]
    lines = [
        "# 딥러닝 with TensorFlow/Keras — 한국어 코스",
        "",
        "다섯 개의 한국어 강의 노트를 **TensorFlow 2.21 + Keras 3**에서 그대로 실행되는 주피터 노트북으로 옮긴 코스입니다.",
        "각 페이지는 노트북 하나이고, 저장소의 노트북과 같은 코드와 설명에 실행한 출력(그래프, 표, 강의 결과 비교)을 붙여 보여 줍니다.",
        "",
        "- **직접 실행하기**: 페이지 오른쪽 위의 로켓 모양 버튼에서 Colab 또는 Binder로 열거나, 내려받기 버튼으로 출력이 담긴 노트북을 받으세요.",
        f"- **내 컴퓨터에서**: [저장소](https://github.com/{repo})를 받은 뒤 `make lab`.",
        "- **출력의 출처**: 각 페이지 맨 위의 상자가 어떤 실행(모드, 날짜, 장치, 버전)의 출력인지 알려 줍니다. "
        "코드가 그 뒤에 바뀐 페이지는 경고 상자로 표시합니다.",
        f"- 지금 이 사이트: {summary}.",
        "- 처음이라면 [00. 코스 사용법](notebooks/00_course_setup.ipynb)부터 읽으세요.",
        "",
    ]
    for part, names in parts:
        lines += ["```{toctree}", f":caption: {part}", ":maxdepth: 1", ""]
        lines += [f"notebooks/{n[:-len('.ipynb')]}" for n in names]
        lines += ["```", ""]
    return "\n".join(lines)


def cmd_stage(target: str, outputs: Path | None = None) -> int:
    outputs = outputs or OUTPUTS
    out = Path(target).resolve()
    config = course_config()
    names = [p.name for p in sorted(NOTEBOOKS.glob("*.ipynb")) if NAME_PATTERN.match(p.name)]
    parts = course_parts(names)
    utils_hash = utils_sha256()
    titles, states = {}, {}
    for name in names:
        nb, state = stage_notebook(name, config, utils_hash, outputs)
        titles[name], states[name] = title_of(nb), state
        write_if_changed(out / "notebooks" / name, nbformat.writes(nb))
    for stale in (out / "notebooks").glob("*.ipynb"):
        if stale.name not in names:
            stale.unlink()
    for item in ("conf.py", "_ext", "_static"):
        src = SITE / item
        if src.is_dir():
            for f in src.rglob("*"):
                if f.is_file() and "__pycache__" not in f.parts:
                    write_if_changed(out / item / f.relative_to(src), f.read_text(encoding="utf-8"))
        else:
            write_if_changed(out / item, src.read_text(encoding="utf-8"))
    write_if_changed(out / "index.md", index_page(parts, titles, states, config))
    course = {**config, "commit": git_commit(), "parts": [[p, n] for p, n in parts], "states": states}
    write_if_changed(out / "_course.json", json.dumps(course, ensure_ascii=False, indent=1) + "\n")
    print(f"staged {len(names)} notebooks into {out}: " + ", ".join(f"{s} {list(states.values()).count(s)}" for s in ("full", "fast", "stale", "none")))
    return 0


def cmd_status() -> int:
    utils_hash = utils_sha256()
    total = 0
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        rows = []
        for mode in MODES:
            copy = load_copy(path.name, mode)
            if copy:
                reasons = stale_reasons(copy[1], nb, utils_hash)
                total += copy[1].get("bytes", 0)
                rows.append(f"{mode} {copy[1]['date']}" + (f" STALE ({', '.join(reasons)})" if reasons else ""))
        print(f"{path.name}: {'; '.join(rows) or 'no executed copy'}")
    print(f"stored outputs: {total / 1024 / 1024:.1f} MiB")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outputs", type=Path, help="where the executed copies live (default: site/outputs)")
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="execute notebooks and store them with their manifests")
    rec.add_argument("paths", nargs="+")
    rec.add_argument("--mode", choices=MODES, default=os.environ.get("COURSE_MODE", "fast"))
    rec.add_argument("--timeout", type=int, default=3600, help="seconds per cell")
    rec.add_argument("--device", help="override the device the banner reports")
    imp = sub.add_parser("import", help="store a notebook executed elsewhere (Colab: Run all, download)")
    imp.add_argument("path")
    imp.add_argument("--mode", choices=MODES, default="full")
    imp.add_argument("--device", help='e.g. "Colab T4 GPU"; default: what the setup banner says')
    imp.add_argument("--name", help="the course notebook it is, when the file name does not say")
    stage = sub.add_parser("stage", help="write the Sphinx source tree")
    stage.add_argument("target")
    sub.add_parser("status", help="list the stored copies and whether they are current")
    args = parser.parse_args(argv)
    if args.outputs:  # a scratch folder, e.g. to try a run before it replaces the stored one
        global OUTPUTS
        OUTPUTS = args.outputs.resolve()
    if args.command == "record":
        return cmd_record(args.paths, args.mode, args.timeout, args.device)
    if args.command == "import":
        return cmd_import(args.path, args.mode, args.device, args.name)
    if args.command == "stage":
        return cmd_stage(args.target, OUTPUTS)
    return cmd_status()


if __name__ == "__main__":
    raise SystemExit(main())
