"""Korean in plots with no system font (issue 22): the NanumGothic that koreanize-matplotlib ships.

Every rendering test runs with matplotlib pointed only at fonts that come with Python packages
(its own DejaVu and the bundled NanumGothic), so a system Hangul font (this machine may have
Debian's fonts-nanum) cannot hide a missing glyph. A glyph matplotlib cannot draw is reported
as the warning "Glyph … missing from font(s) …"; the tests fail on it, and first show that
they do see it when the Korean font is not set up.
"""

import logging
import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from utils import plots  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HANGUL_SYLLABLE = 0xAC00  # 가
LAST_RESORT = "LastResortHE-Regular.ttf"  # matplotlib's own: a box for every code point, never a letter


def hangul_fonts() -> set[Path]:
    """The font files matplotlib can see that draw 가."""
    return {Path(f.fname).resolve() for f in font_manager.fontManager.ttflist
            if Path(f.fname).name != LAST_RESORT and HANGUL_SYLLABLE in FT2Font(f.fname).get_charmap()}  # fmt: skip


@pytest.fixture
def bundled_fonts_only():
    """matplotlib sees only package-shipped fonts; its font list and rcParams come back afterwards."""
    fm = font_manager.fontManager
    saved = fm.ttflist
    fm.ttflist = list(saved)
    try:
        with matplotlib.rc_context():
            plots.only_bundled_fonts()
            yield
    finally:
        fm.ttflist = saved
        plots._clear_font_caches()
        plt.close("all")


def render_korean_figure(path: Path, caplog) -> list[str]:
    """Draw a Korean title, axis labels, legend and negative ticks to PNG (Agg); return every
    missing-glyph warning and every "font not found" log line the drawing produced."""
    caplog.clear()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("always")
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.plot([1, 2, 3], [-1.0, -0.5, 0.2], label="훈련(train)")
        ax.plot([1, 2, 3], [-0.8, -0.2, 0.1], label="검증(validation)")
        ax.set_title("손실(loss) 곡선 — 한글 제목")
        ax.set_xlabel("에폭(epoch)")
        ax.set_ylabel("손실 값")
        ax.legend(title="데이터")
        fig.savefig(path, format="png")
        ticks = [t.get_text() for t in ax.get_yticklabels()]
        plt.close(fig)
    assert any(t.startswith(("-", "\N{MINUS SIGN}")) for t in ticks), f"no negative tick drawn: {ticks}"
    problems = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    problems += [r.getMessage() for r in caplog.records if "findfont" in r.getMessage()]
    return problems


def drop_bundled_fonts() -> None:
    """Also forget the bundled NanumGothic (importing utils.plots added it): matplotlib's own fonts only."""
    bundled = plots.bundled_font_dir().resolve()
    fm = font_manager.fontManager
    fm.ttflist = [f for f in fm.ttflist if not Path(f.fname).resolve().is_relative_to(bundled)]
    plots._clear_font_caches()


def test_no_font_matplotlib_sees_has_hangul_except_the_bundled_one(bundled_fonts_only):
    bundled = plots.bundled_font_dir()
    assert bundled is not None, f"{plots.KOREAN_FONT_PACKAGE} is not installed (requirements-nodeps.txt)"
    plots.use_korean_font()
    assert {path.parent for path in hangul_fonts()} == {bundled.resolve()}
    drop_bundled_fonts()
    assert hangul_fonts() == set(), "a font outside the package would mask a failure"
    plots.use_korean_font()  # adds the bundled files again
    assert {path.parent for path in hangul_fonts()} == {bundled.resolve()}


def test_the_check_sees_boxes_without_the_korean_font(bundled_fonts_only, tmp_path, caplog):
    """Proof that the rendering check can fail: matplotlib's defaults (DejaVu Sans) have no Hangul."""
    matplotlib.rcdefaults()
    problems = render_korean_figure(tmp_path / "default.png", caplog)
    assert any(re.search(r"Glyph \d+ .* missing from font\(s\) DejaVu Sans", p) for p in problems), problems
    # ...and the minus: NanumGothic alone has no U+2212, which axes.unicode_minus=True would draw
    plots.use_korean_font()
    matplotlib.rcParams.update({"font.family": [plots.KOREAN_FONT], "axes.unicode_minus": True})
    problems = render_korean_figure(tmp_path / "minus.png", caplog)
    assert any("8722" in p for p in problems), problems


def test_use_korean_font_draws_every_glyph_from_the_bundled_file(bundled_fonts_only, tmp_path, caplog):
    matplotlib.rcdefaults()
    assert plots.use_korean_font() == plots.KOREAN_FONT
    assert render_korean_figure(tmp_path / "korean.png", caplog) == []
    assert (tmp_path / "korean.png").stat().st_size > 5000
    used = Path(font_manager.findfont(font_manager.FontProperties(family=plots.KOREAN_FONT)))
    assert used.resolve().parent == plots.bundled_font_dir().resolve()
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    # calling again adds nothing (each notebook's setup cell may run many times)
    count = len(font_manager.fontManager.ttflist)
    plots.use_korean_font()
    assert len(font_manager.fontManager.ttflist) == count


def test_course_setup_turns_korean_on(bundled_fonts_only, tmp_path, caplog):
    from utils import course

    matplotlib.rcdefaults()
    course.setup(verbose=False)
    assert list(matplotlib.rcParams["font.family"])[0] == plots.KOREAN_FONT
    assert render_korean_figure(tmp_path / "setup.png", caplog) == []


def test_seaborn_themes_reset_the_font_and_plots_set_theme_restores_it(bundled_fonts_only, tmp_path, caplog):
    import seaborn as sns

    plots.use_korean_font()
    sns.set_theme(style="whitegrid")  # what a notebook must not call directly
    assert render_korean_figure(tmp_path / "seaborn.png", caplog) != []
    plots.set_theme(style="whitegrid")
    assert render_korean_figure(tmp_path / "seaborn_korean.png", caplog) == []
    assert matplotlib.rcParams["axes.grid"] is True  # the theme itself is kept


STYLE_CALLS = re.compile(r"\b(?:sns|seaborn)\.(?:set_theme|set_style|set|set_context)\(|\bstyle\.use\(|rcdefaults\(|rcParams\.update\(")


def test_notebooks_and_utils_change_styles_only_through_plots_set_theme():
    import nbformat

    offenders = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "code" and STYLE_CALLS.search(cell.source):
                offenders.append(f"{path.name} cell {i}")
    for path in sorted((ROOT / "utils").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name == "plots.py":
            text = re.sub(r"\ndef set_theme\(.*?\n\n\n", "\n", text, flags=re.S)  # the one allowed place
        if STYLE_CALLS.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"these reset the Korean font; use plots.set_theme(...) instead: {offenders}"


def test_without_the_package_a_system_font_or_one_korean_message(bundled_fonts_only, monkeypatch, capsys):
    drop_bundled_fonts()
    monkeypatch.setattr(plots, "bundled_font_dir", lambda: None)
    monkeypatch.setattr(plots, "_warned_no_font", False)
    matplotlib.rcdefaults()
    assert plots.use_korean_font() is None  # no crash
    assert plots.use_korean_font() is None
    out = capsys.readouterr().out
    assert out.count("한글 글꼴") == 1 and f"{plots.KOREAN_FONT_PACKAGE}=={plots.KOREAN_FONT_PIN}" in out
    assert list(matplotlib.rcParams["font.family"]) == ["sans-serif"]  # defaults left alone
    # a Korean font the system has (Windows' Malgun Gothic here, faked) is used instead
    dejavu = next(f for f in font_manager.fontManager.ttflist if f.name == "DejaVu Sans")
    font_manager.fontManager.ttflist.append(font_manager.FontEntry(fname=dejavu.fname, name="Malgun Gothic"))
    assert plots.use_korean_font() == "Malgun Gothic"
    assert capsys.readouterr().out == ""


def test_course_without_fonts_nanum_hides_system_fonts(monkeypatch):
    fm = font_manager.fontManager
    saved = fm.ttflist
    fm.ttflist = list(saved)
    try:
        monkeypatch.setenv("COURSE_WITHOUT", "graphviz,fonts-nanum")
        with matplotlib.rc_context():
            assert plots.use_korean_font() == plots.KOREAN_FONT
        roots = (Path(matplotlib.get_data_path()).resolve(), plots.bundled_font_dir().resolve())
        assert all(any(Path(f.fname).resolve().is_relative_to(r) for r in roots) for f in fm.ttflist)
    finally:
        fm.ttflist = saved
        plots._clear_font_caches()


def test_the_font_package_is_pinned_where_every_install_path_reads_it():
    """requirements-nodeps.txt: make lab/test, Binder, conda's note and the Colab cell all install it."""
    from importlib import metadata

    nodeps = (ROOT / "requirements-nodeps.txt").read_text(encoding="utf-8")
    assert re.search(rf"^{plots.KOREAN_FONT_PACKAGE}=={re.escape(plots.KOREAN_FONT_PIN)}\s", nodeps, re.M)
    assert metadata.version(plots.KOREAN_FONT_PACKAGE) == plots.KOREAN_FONT_PIN


def _course_pictures():
    import numpy as np

    from utils import diagrams

    history = {"loss": [1.0, 0.5], "accuracy": [0.5, 0.7], "val_loss": [1.1, 0.7], "val_accuracy": [0.4, 0.6]}
    return {
        "plot_history": lambda: plots.plot_history(history, title="손실과 정확도"),
        "plot_confusion_matrix": lambda: plots.plot_confusion_matrix([0, 1, 1], [0, 1, 0], ["고양이", "개"]),
        "plot_predictions": lambda: plots.plot_predictions([-1, 2, 3], [-1.5, 2, 2.5], unit="만 원"),
        "conv_window": lambda: diagrams.conv_window(np.eye(4), np.ones((3, 3)), padding="same"),
        "lenet5": lambda: diagrams.lenet5(32, "valid", pooling="average"),
        "frozen_base_new_head": lambda: diagrams.frozen_base_new_head(unfrozen_top=2),
        "rnn_unrolled": lambda: diagrams.rnn_unrolled(3, outputs="last"),
        "lstm_cell": lambda: diagrams.lstm_cell(notation="slides", highlight="input"),
    }


@pytest.mark.parametrize("name", sorted(_course_pictures()))
def test_every_course_picture_renders_its_korean_labels(bundled_fonts_only, name, tmp_path, caplog):
    """plots' and diagrams' own labels (Korean, with symbols such as ×, →, σ) all have glyphs."""
    plots.use_korean_font()
    fig = _course_pictures()[name]()
    caplog.clear()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("always")
        fig.savefig(tmp_path / f"{name}.png", format="png")
    texts = [t.get_text() for ax in fig.axes for t in [*ax.texts, ax.title, ax.xaxis.label, ax.yaxis.label]]
    texts += [t.get_text() for t in fig.texts] + ([fig._suptitle.get_text()] if fig._suptitle else [])
    assert any(re.search(r"[가-힣]", t) for t in texts), f"{name} draws no Korean label: {texts}"
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []
    assert [r.getMessage() for r in caplog.records if "findfont" in r.getMessage()] == []
