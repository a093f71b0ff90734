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


# --- pictures for notebooks 13–17 (issue #15) ---


def _boxes_of(ax, kind):
    rgb = matplotlib.colors.to_rgb(diagrams.COLORS[kind])
    return [p for p in ax.patches if isinstance(p, matplotlib.patches.FancyBboxPatch) and p.get_facecolor()[:3] == pytest.approx(rgb)]


def test_frozen_base_new_head_strategy_1_freezes_the_whole_base():
    fig = diagrams.frozen_base_new_head(base=("b1", "b2", "b3"), head=("GAP", "Dense(5)"))
    ax = fig.axes[0]
    assert len(_boxes_of(ax, "frozen")) == 3
    assert len(_boxes_of(ax, "layer")) == 2  # only the head learns
    assert len(_boxes_of(ax, "input")) == 1 and len(_boxes_of(ax, "output")) == 1
    texts = {t.get_text() for t in ax.texts}
    assert {"b1", "b2", "b3", "GAP", "Dense(5)", "image"} <= texts
    assert any("frozen (weights fixed)" in t for t in texts) and "new head: trained" in texts
    # boxes run left to right: input, base blocks from the bottom up, head, output
    frozen_x = [p.get_x() for p in _boxes_of(ax, "frozen")]
    head_x = [p.get_x() for p in _boxes_of(ax, "layer")]
    assert max(frozen_x) < min(head_x)


def test_frozen_base_new_head_strategy_2_unfreezes_the_top_blocks():
    fig = diagrams.frozen_base_new_head(base=("stem", "mixed0-8", "mixed9", "mixed10"), head=("GAP", "Dense(10)"),
                                        unfrozen_top=2)
    ax = fig.axes[0]
    frozen, trainable = _boxes_of(ax, "frozen"), _boxes_of(ax, "layer")
    assert len(frozen) == 2 and len(trainable) == 4
    # the unfrozen blocks are the top of the base: right of every frozen block
    labels_by_x = sorted((t.get_position()[0], t.get_text()) for t in ax.texts if t.get_text() in {"stem", "mixed0-8", "mixed9", "mixed10"})
    assert [label for _, label in labels_by_x] == ["stem", "mixed0-8", "mixed9", "mixed10"]
    assert max(p.get_x() for p in frozen) < min(p.get_x() for p in trainable)
    assert any("top 2 fine-tuned" in t.get_text() for t in ax.texts)
    all_unfrozen = diagrams.frozen_base_new_head(base=("a", "b"), unfrozen_top=2).axes[0]
    assert not _boxes_of(all_unfrozen, "frozen")
    assert any("all unfrozen" in t.get_text() for t in all_unfrozen.texts)


def test_frozen_base_new_head_rejects_bad_input():
    with pytest.raises(ValueError, match="unfrozen_top"):
        diagrams.frozen_base_new_head(base=("a", "b"), unfrozen_top=3)
    with pytest.raises(ValueError, match="unfrozen_top"):
        diagrams.frozen_base_new_head(base=("a", "b"), unfrozen_top=-1)
    with pytest.raises(ValueError, match="at least one"):
        diagrams.frozen_base_new_head(base=(), head=("Dense",))
    with pytest.raises(ValueError, match="at least one"):
        diagrams.frozen_base_new_head(head=())
