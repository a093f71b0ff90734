"""Issue #23: the executed copies behind the course website and the pages staged from them.

The site itself is built and checked in a browser by site/test_site.py (make site-test)."""

import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import siteoutputs  # noqa: E402

BANNER = (
    "Python 3.11.7 · TensorFlow 2.21.0 · Keras 3.15.1\n"
    "모드(COURSE_MODE): {mode} · 장치: CPU (GPU 없음) · 환경: local · seed: 42\n"
)
NAME = "10_lenet5_mnist.ipynb"


def executed(nb, mode="full", extra_text=""):
    """The notebook as a run would leave it: the banner under the setup cell, an output on every code cell."""
    run = nbformat.reads(nbformat.writes(nb), as_version=4)
    code = [c for c in run.cells if c.cell_type == "code" and not siteoutputs.is_bootstrap(c)]
    for i, cell in enumerate(code):
        text = BANNER.format(mode=mode) + extra_text if i == 0 else f"cell {i}\n"
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
        cell.execution_count = i + 1
    return run


@pytest.fixture
def outputs(tmp_path, monkeypatch):
    monkeypatch.setattr(siteoutputs, "OUTPUTS", tmp_path / "outputs")
    return tmp_path / "outputs"


def current():
    return siteoutputs.current_notebook(NAME)


def test_the_code_hash_follows_the_code_only():
    nb = current()
    base = siteoutputs.code_sha256(nb)
    nb.cells[0].source += "\n\n설명을 더했습니다."  # markdown
    boot = next(c for c in nb.cells if siteoutputs.is_bootstrap(c))
    boot.source = boot.source.replace("REPO_DIR", "CLONE_DIR")  # rewritten by nbtools.py sync
    last = [c for c in nb.cells if c.cell_type == "code"][-1]
    last.source = last.source.replace("\n", "\r\n") + "   \n"
    assert siteoutputs.code_sha256(nb) == base
    last.source += "\nprint('new')"
    assert siteoutputs.code_sha256(nb) != base


def test_the_manifest_reads_the_run_from_the_setup_banner():
    run = executed(current(), "fast", "⚠️ MNIST: GENERATED FIXTURE\n")
    found = siteoutputs.provenance_from_outputs(run)
    assert found == {"python": "3.11.7", "tensorflow": "2.21.0", "keras": "3.15.1", "mode": "fast",
                     "device": "CPU (GPU 없음)", "environment": "local", "fixtures": True}  # fmt: skip
    manifest = siteoutputs.make_manifest(run, NAME, "fast", device=None, source="recorded", seconds=3.0)
    assert manifest["code_sha256"] == siteoutputs.code_sha256(current())
    assert manifest["utils_sha256"] == siteoutputs.utils_sha256()
    assert set(manifest["utils_files"]) == set(siteoutputs.utils_files_used(siteoutputs.notebook_code(run)))
    with pytest.raises(SystemExit, match="ran in fast mode"):
        siteoutputs.make_manifest(run, NAME, "full", device=None, source="x", seconds=None)


def test_import_stores_a_matching_run_and_refuses_changed_code_or_a_run_without_outputs(outputs, tmp_path, capsys):
    run_file = tmp_path / "10_lenet5_mnist (1).ipynb"  # a browser's second download of the same name
    nbformat.write(executed(current(), "full"), run_file)
    assert siteoutputs.main(["import", str(run_file), "--device", "Colab T4"]) == 0
    manifest = json.loads((outputs / "full" / "10_lenet5_mnist.json").read_text())
    assert (manifest["mode"], manifest["device"], manifest["tensorflow"]) == ("full", "Colab T4", "2.21.0")
    assert manifest["source"] == "imported from 10_lenet5_mnist (1).ipynb"

    changed = executed(current(), "full")
    code = [c for c in changed.cells if c.cell_type == "code"]
    code[3].source += "\nEPOCHS = 100"
    nbformat.write(changed, tmp_path / NAME)
    assert siteoutputs.main(["import", str(tmp_path / NAME)]) == 1
    assert "refused: the code of" in capsys.readouterr().err

    nbformat.write(current(), tmp_path / NAME)  # never run
    assert siteoutputs.main(["import", str(tmp_path / NAME)]) == 1
    assert "has no outputs" in capsys.readouterr().err

    nbformat.write(executed(current(), "fast"), tmp_path / NAME)  # a fast run offered as full
    with pytest.raises(SystemExit, match="ran in fast mode"):
        siteoutputs.main(["import", str(tmp_path / NAME)])


def store(nb, mode, **changes):
    manifest = siteoutputs.make_manifest(nb, NAME, mode, device=None, source="recorded", seconds=1.0)
    manifest.update(changes)
    siteoutputs.store(nb, NAME, manifest)


def test_a_current_full_run_is_preferred_then_a_current_fast_one_then_a_stale_one(outputs):
    nb, utils_hash = current(), siteoutputs.utils_sha256()
    assert siteoutputs.choose(NAME, nb, utils_hash, outputs) is None
    store(executed(nb, "fast"), "fast")
    store(executed(nb, "full"), "full", code_sha256="0" * 64)  # full run of older code
    _, manifest, reasons = siteoutputs.choose(NAME, nb, utils_hash, outputs)
    assert (manifest["mode"], reasons) == ("fast", [])
    store(executed(nb, "full"), "full")
    assert siteoutputs.choose(NAME, nb, utils_hash, outputs)[1]["mode"] == "full"
    store(executed(nb, "full"), "full", utils_files={"utils/data/images.py": "1" * 64})  # ran with other MNIST code
    store(executed(nb, "fast"), "fast", code_sha256="0" * 64)
    _, manifest, reasons = siteoutputs.choose(NAME, nb, utils_hash, outputs)
    assert (manifest["mode"], reasons) == ("full", ["utils 패키지 (utils/data/images.py)"])
    old = {k: v for k, v in manifest.items() if k != "utils_files"}  # a manifest from before utils_files
    assert siteoutputs.stale_reasons({**old, "utils_sha256": "1" * 64}, nb, utils_hash) == ["utils 패키지"]
    assert siteoutputs.stale_reasons({**old, "utils_sha256": utils_hash}, nb, utils_hash) == []


def test_a_page_depends_only_on_the_utils_code_its_notebook_reaches(tmp_path):
    """10 uses data.load_mnist: the MNIST loader's module and what it imports, not the stock loader;
    comments and docstrings do not count, code does."""
    used = siteoutputs.utils_files_used(siteoutputs.notebook_code(current()))
    assert {"utils/__init__.py", "utils/course.py", "utils/data/__init__.py", "utils/data/images.py",
            "utils/data/chain.py", "utils/plots.py", "utils/results.py"} <= set(used)  # fmt: skip
    assert not {"utils/data/timeseries.py", "utils/data/text.py", "utils/gan.py"} & set(used)
    assert siteoutputs.utils_files_used("from utils import data\ndata.load_stock_prices()") == [
        "utils/__init__.py", "utils/colab.py", "utils/data/__init__.py", "utils/data/chain.py",
        "utils/data/timeseries.py", "utils/modes.py",  # chain.py imports modes and colab
    ]  # fmt: skip
    assert "utils/data/music.py" in siteoutputs.utils_files_used("from utils import data\ndata.load('melodies')")
    assert len(siteoutputs.utils_files_used("this is not python (")) == len(list((ROOT / "utils").rglob("*.py")))

    code = b'"""Module doc."""\nimport os\n\n\ndef f(x):  # why\n    """Doc."""\n    return x + 1\n'
    same = b'"""Other doc."""\nimport os\n\ndef f(x):\n    """Other."""\n    # a new comment\n    return x + 1   \n'
    assert siteoutputs.code_digest(code) == siteoutputs.code_digest(same)
    assert siteoutputs.code_digest(code) != siteoutputs.code_digest(code.replace(b"x + 1", b"x + 2"))
    one_line = b'def f(x): "Doc."; return x\n'
    assert siteoutputs.code_digest(one_line) != siteoutputs.code_digest(one_line.replace(b"f(x)", b"f(y)"))


def test_a_stale_page_shows_only_the_outputs_of_unchanged_code_under_a_warning(outputs):
    config = siteoutputs.course_config()
    store(executed(current(), "fast"), "fast")
    page, state = siteoutputs.stage_notebook(NAME, config, siteoutputs.utils_sha256(), outputs)
    assert state == "fast"
    assert "course-run-current" in page.cells[1].source and "fast 모드" in page.cells[1].source
    code = [c for c in page.cells if c.cell_type == "code" and not siteoutputs.is_bootstrap(c)]
    assert all(c.outputs for c in code)

    edited = current()
    cells = [c for c in edited.cells if c.cell_type == "code"]
    cells[5].source += "\nprint('changed')"
    merged = nbformat.reads(nbformat.writes(edited), as_version=4)
    missing = siteoutputs.merge_outputs(merged, siteoutputs.load_copy(NAME, "fast", outputs)[0])
    assert missing == 1
    assert not [c for c in merged.cells if c.cell_type == "code"][5].outputs
    assert sum(1 for c in merged.cells if c.cell_type == "code" and c.outputs) == len(code) - 1
    box = siteoutputs.provenance_cell(NAME, (None, json.loads((outputs / "fast" / "10_lenet5_mnist.json").read_text()),
                                             ["노트북의 코드"]), missing, config)  # fmt: skip
    assert siteoutputs.STALE_TEXT in box.source and "course-run-stale" in box.source and "1개 셀" in box.source


def test_a_page_without_a_run_hides_the_setup_cell_and_says_there_are_no_outputs(outputs):
    page, state = siteoutputs.stage_notebook(NAME, siteoutputs.course_config(), siteoutputs.utils_sha256(), outputs)
    assert state == "none"
    boot = next(c for c in page.cells if siteoutputs.is_bootstrap(c))
    assert boot.metadata["tags"] == ["remove-cell"] and not boot.outputs
    assert siteoutputs.BADGE_PREFIX not in page.cells[0].source  # the theme's buttons replace the badges
    assert siteoutputs.NO_OUTPUT_TEXT in page.cells[1].source
    assert not any(c.get("outputs") for c in page.cells if c.cell_type == "code")


def test_the_parts_come_from_the_course_map_in_notebook_00():
    names = [p.name for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    parts = siteoutputs.course_parts(names)
    assert [n for _, group in parts for n in group] == names
    assert [p.split(" — ")[0] for p, _ in parts[1:]] == [f"Part {i}" for i in range(1, 8)]
    assert parts[0][1] == ["00_course_setup.ipynb"]


def test_stored_outputs_match_their_manifests():
    """Every stored copy has a manifest that describes it (the lead records all 32 with make site-outputs)."""
    for mode in siteoutputs.MODES:
        for path in sorted((ROOT / "site" / "outputs" / mode).glob("*.ipynb")):
            manifest = json.loads(path.with_suffix(".json").read_text())
            nb = nbformat.read(path, as_version=4)
            assert manifest["mode"] == mode == siteoutputs.provenance_from_outputs(nb)["mode"]
            assert manifest["notebook"] == path.name and manifest["bytes"] == path.stat().st_size
            assert siteoutputs.code_sha256(nb) == manifest["code_sha256"]


def test_record_executes_a_notebook_and_stores_it_compact_with_its_manifest(outputs, tmp_path, monkeypatch):
    """A two-cell notebook through the real kernel: the setup banner, a plot, a line on stderr."""
    pytest.importorskip("nbclient")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    monkeypatch.setattr(siteoutputs, "NOTEBOOKS", notebooks)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 99. 작은 노트북"),
        nbformat.v4.new_code_cell(f"print({BANNER.format(mode='fast')!r})\nimport sys; print('noise', file=sys.stderr)"),
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\nplt.show()"),
    ]
    nbformat.write(nb, notebooks / "99_tiny.ipynb")
    assert siteoutputs.main(["record", str(notebooks / "99_tiny.ipynb"), "--mode", "fast", "--timeout", "120"]) == 0
    stored = nbformat.read(outputs / "fast" / "99_tiny.ipynb", as_version=4)
    manifest = json.loads((outputs / "fast" / "99_tiny.json").read_text())
    assert manifest["images"] == 1 and manifest["seconds"] > 0 and manifest["source"] == "recorded"
    assert manifest["code_sha256"] == siteoutputs.code_sha256(nb)
    streams = [o for o in stored.cells[1].outputs if o.output_type == "stream"]
    assert [o.name for o in streams] == ["stdout"], "stderr is not stored"
    assert "image/png" in stored.cells[2].outputs[0].data


def test_sound_is_stored_at_8_khz_with_the_same_length_and_pitch():
    import base64
    import io
    import wave

    import numpy as np

    rate, seconds, pitch = 16000, 2.0, 440.0
    t = np.arange(int(rate * seconds)) / rate
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate)
        w.writeframes((np.sin(2 * np.pi * pitch * t) * 20000).astype("<i2").tobytes())
    original = base64.b64encode(buffer.getvalue()).decode()
    html = f'<audio controls><source src="data:audio/wav;base64,{original}" type="audio/wav" /></audio>'
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("Audio(wave, rate=rate)")]
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": "<Audio>"})]
    siteoutputs.compact(nb)
    small = siteoutputs.AUDIO_URI.search(nb.cells[0].outputs[0].data["text/html"]).group(1)
    assert len(small) < len(original) / 3.5
    with wave.open(io.BytesIO(base64.b64decode(small))) as w:
        assert (w.getframerate(), w.getsampwidth(), w.getnframes()) == (8000, 1, 16000)
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.uint8).astype(float) - 128
    spectrum = np.abs(np.fft.rfft(samples))
    assert abs(np.argmax(spectrum) * 8000 / len(samples) - pitch) < 1
