import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import diagrams  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_canvas_has_requested_limits_and_no_axes():
    fig, ax = diagrams.canvas(8, 3)
    assert ax.get_xlim() == (0, 8) and ax.get_ylim() == (0, 3)
    assert not ax.axison
    with pytest.raises(ValueError, match="positive"):
        diagrams.canvas(0, 3)


def test_box_and_arrow_are_drawn_with_labels():
    fig, ax = diagrams.canvas(6, 2)
    diagrams.box(ax, 0.5, 0.5, 2, 1, "Dense", kind="frozen")
    diagrams.arrow(ax, (2.5, 1), (4, 1), text="x")
    assert len(ax.patches) == 2
    assert {t.get_text() for t in ax.texts} == {"Dense", "x"}
    assert ax.patches[0].get_facecolor()[:3] == pytest.approx(matplotlib.colors.to_rgb(diagrams.COLORS["frozen"]))
    with pytest.raises(ValueError, match="unknown box kind"):
        diagrams.box(ax, 0, 0, 1, 1, kind="purple")


def test_number_grid_draws_every_cell_and_highlights_the_window():
    fig, ax = diagrams.canvas(5, 5)
    values = np.arange(9).reshape(3, 3)
    diagrams.number_grid(ax, values, 0, 0, highlight=[(0, 0), (1, 1)])
    assert len(ax.patches) == 9
    assert [t.get_text() for t in ax.texts] == [str(v) for v in range(9)]
    highlighted = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx(matplotlib.colors.to_rgb(diagrams.COLORS["highlight"]))]
    assert len(highlighted) == 2
    # row 0 is drawn at the top: the cell holding 0 sits above the cell holding 6
    assert ax.patches[0].get_y() > ax.patches[6].get_y()
    with pytest.raises(ValueError, match="2-D"):
        diagrams.number_grid(ax, np.arange(3), 0, 0)
