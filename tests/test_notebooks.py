"""Structure of the committed notebooks: the rules every notebook of the course follows."""

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import nbtools  # noqa: E402

NOTEBOOKS = nbtools.notebook_paths()
CONFIG = nbtools.course_config()


def read(path):
    return nbformat.read(path, as_version=4)


def test_there_are_notebooks_numbered_without_gaps():
    assert NOTEBOOKS, "notebooks/ is empty"
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(len(numbers))), f"numbers must run 00, 01, … without gaps: {numbers}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
class TestNotebook:
    def test_file_name(self, path):
        assert nbtools.NAME_PATTERN.match(path.name), "name must be NN_snake_case.ipynb"

    def test_title_cell_is_korean_markdown_with_own_badges(self, path):
        first = read(path).cells[0]
        assert first.cell_type == "markdown" and first.source.startswith("# ")
        title = first.source.splitlines()[0]
        assert title.startswith(f"# {path.name[:2]}."), "title starts with '# NN.'"
        assert re.search(r"[가-힣]", title), "the title is in Korean"
        assert nbtools.badge_line(path.name, CONFIG) in first.source

    def test_learning_goals_are_stated(self, path):
        first = read(path).cells[0].source
        assert "배울 내용" in first or "학습 목표" in first

    def test_bootstrap_then_setup_cell(self, path):
        nb = read(path)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code[0].source == nbtools.notebook_bootstrap_source(nb, CONFIG, path.name)
        assert code[0].metadata.get("jupyter", {}).get("source_hidden") is True, "collapsed in JupyterLab"
        assert code[0].metadata.get("cellView") == "form" and code[0].source.startswith("#@title "), "a Colab form"
        assert "course.setup(" in code[1].source, "the second code cell calls course.setup()"

    def test_no_stored_errors_and_outputs_only_in_checked_cells(self, path):
        for i, cell in enumerate(read(path).cells):
            if cell.cell_type != "code":
                continue
            assert not any(o.output_type == "error" for o in cell.outputs), f"cell {i} stores an error"
            if nbtools.CHECK_MARK not in cell.source:
                assert not cell.outputs, f"cell {i} keeps outputs but is not a checked cell"

    def test_checked_cells_use_the_exact_marker(self, path):
        for cell in read(path).cells:
            if "NBVAL_CHECK_OUTPUT" in cell.source:
                assert nbtools.CHECK_MARK + "\n" in cell.source or cell.source.endswith(nbtools.CHECK_MARK)
                assert cell.outputs, "a checked cell must store the output it is compared against"

    def test_exercises_with_solutions(self, path):
        text = "\n".join(c.source for c in read(path).cells)
        assert "연습문제" in text and ("정답" in text or "풀이" in text)

    def test_training_notebooks_check_learning_and_compare_with_the_lecture(self, path):
        cells = read(path).cells
        code = "\n".join(c.source for c in cells if c.cell_type == "code")
        if any(step in code for step in (".fit(", "apply_gradients(", ".assign_sub(", "train_on_batch(")):
            assert "results.check(" in code, "a notebook that trains asserts a floor with results.check"
        if "results.check(" in code:
            headings = [c.source.splitlines()[0] for c in cells if c.cell_type == "markdown" and c.source]
            assert any("강의 결과와 비교" in h for h in headings), "closing '강의 결과와 비교' section"
            assert "results.table()" in code

    def test_every_fit_is_silent_in_fast_mode_and_shows_progress_in_full_mode(self, path):
        """Issue #14: verbose=0 and callbacks=[*course.progress(), …] on every Keras fit, unless
        the call's line says why not (``# 짧은 학습…: 진행 표시 없음``)."""
        for i, cell in enumerate(read(path).cells):
            if cell.cell_type != "code" or ".fit(" not in cell.source:
                continue
            for call, text, lines in keras_fit_calls(cell.source):
                where = f"cell {i}: {text.splitlines()[0]}"
                keywords = {k.arg: k.value for k in call.keywords}
                verbose = keywords.get("verbose")
                assert isinstance(verbose, ast.Constant) and verbose.value == 0, f"{where}: verbose=0"
                if "진행 표시 없음" in lines:
                    continue
                callbacks = keywords.get("callbacks")
                assert callbacks is not None and "*course.progress()" in ast.unparse(callbacks), (
                    f"{where}: callbacks=[*course.progress(), …]"
                )

    def test_model_diagrams_go_through_utils(self, path):
        code = "\n".join(c.source for c in read(path).cells if c.cell_type == "code")
        assert "plot_model(" not in code, "use plots.model_diagram(model): it also works without Graphviz"

    def test_mode_read_only_through_utils(self, path):
        text = "\n".join(c.source for c in read(path).cells if c.cell_type == "code")
        assert "os.environ[\"COURSE_MODE\"]" not in text and "getenv(\"COURSE_MODE\"" not in text


KERAS_FIT_KEYWORDS = {"epochs", "verbose", "callbacks", "batch_size", "validation_data", "validation_split"}


def mask_magic(line):
    """``%time x`` → ``_   = x`` (same columns); a cell magic or shell line → a comment."""
    stripped = line.lstrip()
    if stripped.startswith(("%%", "!")):
        return "#" + line[1:]
    if stripped.startswith("%"):
        magic = re.match(r"\s*%\S+", line).group(0)
        indent = len(magic) - len(magic.lstrip())
        return magic[:indent] + "_" + " " * (len(magic) - indent - 2) + "=" + line[len(magic) :]
    return line


def keras_fit_calls(source):
    """(call node, call text, the call's source lines) for each ``x.fit(...)`` that looks like
    Keras (scikit-learn's ``fit`` takes none of these keywords)."""
    lines = source.split("\n")
    masked = "\n".join(mask_magic(line) for line in lines)
    for node in ast.walk(ast.parse(masked)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "fit"
            and KERAS_FIT_KEYWORDS & {k.arg for k in node.keywords}
        ):
            yield node, ast.get_source_segment(masked, node), "\n".join(lines[node.lineno - 1 : node.end_lineno])


def test_keras_fit_calls_finds_keras_fits_only():
    src = "s = StandardScaler().fit(X)\nh = m.fit(x, y, epochs=2,\n    verbose=0)  # 짧은\n%time n.fit(x, epochs=1)"
    found = [(text, lines) for _, text, lines in keras_fit_calls(src)]
    assert [t for t, _ in found] == ["m.fit(x, y, epochs=2,\n    verbose=0)", "n.fit(x, epochs=1)"]
    assert found[0][1].endswith("# 짧은")


def test_readme_table_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"(notebooks/{path.name})" in readme, f"README does not list {path.name}"


def test_badges_bootstrap_and_readme_agree_with_the_slug():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "nbtools.py"), "sync", "--check"],
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_binder_and_environment_install_the_pinned_requirements():
    assert "-r ../requirements.txt" in (ROOT / "binder" / "requirements.txt").read_text()
    env = (ROOT / "environment.yml").read_text()
    assert "python=3.11" in env and "-r requirements.txt" in env
    pins = (ROOT / "requirements.txt").read_text()
    for package in ("tensorflow==2.21", "tf-keras==2.21", "tensorflow-hub==", "nbval==", "jupyterlab=="):
        assert package in pins


def test_notebook_json_is_nbformat_4():
    for path in NOTEBOOKS:
        assert json.loads(path.read_text(encoding="utf-8"))["nbformat"] == 4


LECTURE_FIGURES = ROOT / "tests" / "lecture_figures.toml"


def lecture_arguments(source):
    """(line number, ``lecture=`` argument node, its source text) of each ``results.check`` call."""
    masked = "\n".join(mask_magic(line) for line in source.split("\n"))
    for node in ast.walk(ast.parse(masked)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "check"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "results"
        ):
            for keyword in node.keywords:
                if keyword.arg == "lecture":
                    yield node.lineno, keyword.value, ast.unparse(keyword.value)


def test_lecture_figures_come_from_the_lecture_notes():
    """``lecture=`` is printed under "강의": only a figure the lecture notes give may go there.

    Covers every notebook: a lecture= value must be listed in tests/lecture_figures.toml with
    the seed file and line it comes from."""
    import math
    import tomllib

    entries = tomllib.loads(LECTURE_FIGURES.read_text(encoding="utf-8"))["figure"]
    for entry in entries:
        assert {"notebook", "seed", "line", "quote"} <= entry.keys(), f"incomplete entry: {entry}"
        assert ("value" in entry) != ("expr" in entry), f"give exactly one of value/expr: {entry}"
    used = set()
    problems = []
    for path in NOTEBOOKS:
        number = path.name[:2]
        allowed = [e for e in entries if e["notebook"] == number]
        for index, cell in enumerate(read(path).cells):
            if cell.cell_type != "code" or "results.check" not in cell.source:
                continue
            for lineno, node, text in lecture_arguments(cell.source):
                if isinstance(node, ast.Constant) and node.value is None:
                    continue
                if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
                    match = [e for e in allowed if "value" in e and math.isclose(e["value"], node.value, abs_tol=1e-12)]
                else:
                    match = [e for e in allowed if e.get("expr") == text]
                used.update(id(e) for e in match)
                if not match:
                    problems.append(
                        f"{path.name} cell {index} line {lineno}: lecture={text} is not a figure listed in "
                        f"tests/lecture_figures.toml. If the lecture notes give it, add it there with the seed "
                        f"file and line; if it is a published anchor (tutorial, paper, book repository) or "
                        f"from another experiment, use reference=(value, \"출처\") instead."
                    )
    stale = [f"{e['notebook']}: {e.get('value', e.get('expr'))}" for e in entries if id(e) not in used]
    assert not problems, "\n".join(problems)
    assert not stale, f"entries in tests/lecture_figures.toml that no notebook uses: {stale}"


def test_course_map_in_notebook_00_links_every_notebook():
    """Issue #13: notebook 00 shows the whole course, one link per notebook."""
    map_cells = [c.source for c in read(NOTEBOOKS[0]).cells if c.cell_type == "markdown" and c.source.startswith("## 코스 지도")]
    assert len(map_cells) == 1, "notebook 00 has one '## 코스 지도' cell"
    for path in NOTEBOOKS[1:]:
        assert f"]({path.name})" in map_cells[0], f"the course map in 00 does not link {path.name}"
