"""The maintainer tool that keeps badges, bootstrap cells and the README in step with the slug."""

import shutil
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import nbtools  # noqa: E402


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project's pyproject and README with one minimal notebook."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "README.md").write_text(f"intro\n{nbtools.TABLE_START}\nold\n{nbtools.TABLE_END}\nend\n")
    (tmp_path / "notebooks").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 05. 회귀\n\n배울 내용"),
        nbformat.v4.new_code_cell("from utils import course\ncourse.setup()"),
    ]
    nbformat.write(nb, tmp_path / "notebooks" / "05_regression.ipynb")
    for name, value in (("ROOT", tmp_path), ("NOTEBOOKS", tmp_path / "notebooks"),
                        ("README", tmp_path / "README.md"), ("PYPROJECT", tmp_path / "pyproject.toml")):  # fmt: skip
        monkeypatch.setattr(nbtools, name, value)
    return tmp_path


def test_sync_adds_badges_bootstrap_and_readme_row(project, capsys):
    assert nbtools.cmd_sync(check=True) == 1
    assert nbtools.cmd_sync(check=False) == 0
    nb = nbformat.read(project / "notebooks" / "05_regression.ipynb", as_version=4)
    repo = nbtools.course_config()["repository"]
    assert f"github/{repo}/blob/main/notebooks/05_regression.ipynb" in nb.cells[0].source
    assert "labpath=notebooks%2F05_regression.ipynb" in nb.cells[0].source
    boot = nb.cells[1]
    assert boot.source.startswith("#@title ") and boot.source.split("\n")[1].startswith(nbtools.BOOTSTRAP_MARK)
    assert f"github.com/{repo}.git" in boot.source and nbtools.is_bootstrap_cell(boot)
    assert boot.metadata["jupyter"]["source_hidden"] is True and boot.metadata["cellView"] == "form"
    readme = (project / "README.md").read_text()
    assert "| 05 | [`05_regression.ipynb`](notebooks/05_regression.ipynb) | 05. 회귀 |" in readme
    assert readme.startswith("intro\n") and readme.endswith("end\n")
    assert nbtools.cmd_sync(check=True) == 0  # idempotent


def test_sync_check_catches_an_expanded_bootstrap_cell_and_sync_collapses_it(project):
    nbtools.cmd_sync(check=False)
    path = project / "notebooks" / "05_regression.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].metadata = {"jupyter": {"outputs_hidden": False}}  # someone expanded it in JupyterLab
    nbformat.write(nb, path)
    assert nbtools.cmd_sync(check=True) == 1
    assert nbtools.cmd_sync(check=False) == 0
    boot = nbformat.read(path, as_version=4).cells[1]
    assert boot.metadata == {"jupyter": {"outputs_hidden": False, "source_hidden": True}, "cellView": "form"}


def test_sync_recognises_an_old_bootstrap_cell_without_a_title(project):
    nbtools.cmd_sync(check=False)
    path = project / "notebooks" / "05_regression.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source = nb.cells[1].source.split("\n", 1)[1]  # the mark on the first line, as before #14
    nb.cells[1].metadata = {}
    nbformat.write(nb, path)
    assert nbtools.cmd_sync(check=False) == 0
    cells = nbformat.read(path, as_version=4).cells
    assert len(cells) == 3 and cells[1].source.startswith("#@title ")


def test_slug_rewrites_every_badge_and_bootstrap(project):
    nbtools.cmd_sync(check=False)
    old = nbtools.course_config()["repository"]
    assert nbtools.cmd_slug("someone/another-course") == 0
    assert 'repository = "someone/another-course"' in (project / "pyproject.toml").read_text()
    text = (project / "notebooks" / "05_regression.ipynb").read_text()
    assert "someone/another-course" in text and old not in text
    assert "/content/another-course" in text
    assert "someone/another-course" in (project / "README.md").read_text()


def test_slug_rejects_a_malformed_name(project):
    assert nbtools.cmd_slug("not a slug") == 2


def test_strip_keeps_only_checked_outputs():
    nb = nbformat.v4.new_notebook()
    out = nbformat.v4.new_output("stream", name="stdout", text="42\n")
    err = nbformat.v4.new_output("stream", name="stderr", text="log\n")
    nb.cells = [
        nbformat.v4.new_code_cell("print(42)\n# NBVAL_CHECK_OUTPUT", outputs=[out, err], execution_count=3),
        nbformat.v4.new_code_cell("print(1)", outputs=[out], execution_count=4),
    ]
    nbtools.strip_outputs(nb)
    assert [o.name for o in nb.cells[0].outputs] == ["stdout"]
    assert nb.cells[1].outputs == [] and nb.cells[1].execution_count == 4


# --- folded solution cells (issue 22) ---

SOLUTION_CODE = "# 풀이 3: Dense + Dropout (작은 모델)\nmodel = make(0.3)\nprint(model)"


def _notebook_with_solutions(project):
    path = project / "notebooks" / "05_regression.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells += [
        nbformat.v4.new_markdown_cell("## 연습문제\n\n# 풀이 는 아래에"),
        nbformat.v4.new_code_cell(SOLUTION_CODE),
        nbformat.v4.new_code_cell("# 풀이\nx = 1", metadata={"jupyter": {"outputs_hidden": False}, "tags": ["keep"]}),
        nbformat.v4.new_code_cell("x = 2\n# 풀이 (not the first line: not a solution cell)"),
    ]
    nbformat.write(nb, path)
    return path


def test_sync_folds_solution_cells_and_keeps_their_code(project):
    path = _notebook_with_solutions(project)
    assert nbtools.cmd_sync(check=True) == 1
    assert nbtools.cmd_sync(check=False) == 0
    cells = nbformat.read(path, as_version=4).cells
    first, second, other = cells[-3], cells[-2], cells[-1]
    assert first.source == '#@title 풀이 3 (펼쳐 보세요) { display-mode: "form" }\n' + SOLUTION_CODE
    assert second.source == '#@title 풀이 (펼쳐 보세요) { display-mode: "form" }\n# 풀이\nx = 1'
    assert first.metadata == {"jupyter": {"source_hidden": True}, "cellView": "form"}
    assert second.metadata == {"jupyter": {"outputs_hidden": False, "source_hidden": True}, "cellView": "form", "tags": ["keep"]}
    assert other.source.startswith("x = 2") and other.metadata == {}
    assert cells[-4].source.startswith("## 연습문제")  # markdown is never touched
    assert all(nbtools.is_folded_solution(c) for c in (first, second))
    compile(first.source, "solution", "exec")  # the title is a comment: the cell still runs
    before = path.read_bytes()
    assert nbtools.cmd_sync(check=True) == 0 and nbtools.cmd_sync(check=False) == 0
    assert path.read_bytes() == before  # idempotent


def test_sync_check_catches_an_unfolded_or_renamed_solution(project):
    path = _notebook_with_solutions(project)
    nbtools.cmd_sync(check=False)
    nb = nbformat.read(path, as_version=4)
    nb.cells[-3].metadata = {"jupyter": {"source_hidden": False}}  # a student unfolded it and saved
    nbformat.write(nb, path)
    assert nbtools.cmd_sync(check=True) == 1
    nbtools.cmd_sync(check=False)
    nb = nbformat.read(path, as_version=4)
    nb.cells[-3].source = nb.cells[-3].source.replace("# 풀이 3:", "# 풀이 4:")  # the label under the title changed
    nbformat.write(nb, path)
    assert not nbtools.is_folded_solution(nb.cells[-3])
    assert nbtools.cmd_sync(check=True) == 1
    nbtools.cmd_sync(check=False)
    folded = nbformat.read(path, as_version=4).cells[-3]
    assert folded.source.startswith('#@title 풀이 4 (펼쳐 보세요)') and folded.source.count("#@title") == 1


@pytest.mark.parametrize("line, label", [
    ("# 풀이", "풀이"), ("# 풀이 1", "풀이 1"), ("# 풀이 1, 2, 4", "풀이 1, 2, 4"),
    ("# 풀이 2: 섞은 분할은 미래를 새게 합니다", "풀이 2"), ("# 풀이 1 (교차를 뺀 FeatureSpace; 같은 에폭)", "풀이 1"),
])  # fmt: skip
def test_solution_label(line, label):
    assert nbtools.solution_label(line) == label


def test_every_solution_cell_of_the_course_is_folded():
    found = 0
    for path in nbtools.notebook_paths():
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if nbtools.solution_mark_line(cell) is not None:
                found += 1
                assert nbtools.is_folded_solution(cell), f"{path.name} cell {i}: run `python tools/nbtools.py sync`"
    assert found >= 32  # at least one per notebook
