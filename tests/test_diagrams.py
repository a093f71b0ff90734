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


# --- pictures for notebooks 18–20 (issue #15) ---

def _boxes_18_20(ax, kind):
    """FancyBboxPatch boxes of one palette colour (box() draws them; arrows are FancyArrowPatch)."""
    from matplotlib.patches import FancyBboxPatch

    rgb = matplotlib.colors.to_rgb(diagrams.COLORS[kind])
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch) and p.get_facecolor()[:3] == pytest.approx(rgb)]


def _texts_18_20(ax):
    return [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("steps", [1, 3, 6])
def test_rnn_unrolled_draws_one_shared_cell_per_step(steps):
    ax = diagrams.rnn_unrolled(steps).axes[0]
    texts = _texts_18_20(ax)
    assert texts.count("tanh") == steps  # one cell per step, all labelled the same
    assert len(_boxes_18_20(ax, "layer")) == steps
    assert len(_boxes_18_20(ax, "input")) == steps and len(_boxes_18_20(ax, "output")) == steps  # N:N
    assert len(_boxes_18_20(ax, "state")) == 1 and "$h_0 = 0$" in texts
    assert texts.count("$W_x$") == steps and texts.count("$W_h$") == steps and texts.count("$W_o$") == steps
    assert [f"$x_{{{t}}}$" in texts for t in range(1, steps + 1)] == [True] * steps
    assert [f"$h_{{{t}}}$" in texts for t in range(1, steps + 1)] == [True] * steps  # the state passed on
    assert "same" in ax.get_title()


def test_rnn_unrolled_many_to_one_and_custom_labels():
    ax = diagrams.rnn_unrolled(4, outputs="last", input_labels=list("hell"), output_labels=["o"]).axes[0]
    outs = _boxes_18_20(ax, "output")
    assert len(outs) == 1
    cells = sorted(_boxes_18_20(ax, "layer"), key=lambda p: p.get_x())
    # the only output sits above the last cell
    assert outs[0].get_x() + outs[0].get_width() / 2 == pytest.approx(cells[-1].get_x() + cells[-1].get_width() / 2)
    texts = _texts_18_20(ax)
    assert [texts.count(c) for c in "helo"] == [1, 1, 2, 1] and texts.count("$W_o$") == 1
    assert "N:1" in ax.get_title()
    none = diagrams.rnn_unrolled(2, outputs="none").axes[0]
    assert not _boxes_18_20(none, "output") and "$W_o$" not in _texts_18_20(none)


@pytest.mark.parametrize("kwargs, message", [
    ({"steps": 0}, "positive"),
    ({"steps": 2.5}, "positive"),
    ({"steps": True}, "positive"),
    ({"outputs": "some"}, "outputs must be"),
    ({"steps": 3, "input_labels": ["a", "b"]}, "input_labels needs 3"),
    ({"steps": 3, "outputs": "last", "output_labels": ["a", "b"]}, "output_labels needs 1"),
])
def test_rnn_unrolled_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        diagrams.rnn_unrolled(**kwargs)


@pytest.mark.parametrize("notation", sorted(diagrams.LSTM_NOTATIONS))
def test_lstm_cell_draws_four_layers_the_cell_state_and_the_nodes(notation):
    ax = diagrams.lstm_cell(notation=notation).axes[0]
    texts = _texts_18_20(ax)
    layers = _boxes_18_20(ax, "layer")
    assert len(layers) == 4  # three sigma gates and the tanh candidate
    assert sum(t.startswith(r"$\sigma$") for t in texts) == 3 and sum(t.startswith("tanh\n") for t in texts) == 1
    assert texts.count("×") == 3 and texts.count("+") == 1  # forget ×, input ×, output ×; one +
    assert "tanh" in texts  # the element-wise tanh of the cell state
    names = diagrams.LSTM_NOTATIONS[notation]
    for key in ("forget", "input", "candidate", "output", "c_prev", "c", "h_prev", "h", "x"):
        assert names[key] in texts, key
    # the cell state runs along the top: c_{t-1} and c_t boxes above every gate
    state = {t.get_text(): t.get_position()[1] for t in ax.texts}
    assert state[names["c_prev"]] > max(p.get_y() + p.get_height() for p in layers)
    assert state[names["c"]] == pytest.approx(state[names["c_prev"]])


def test_lstm_cell_slides_notation_calls_the_input_gate_update():
    book, slides = (_texts_18_20(diagrams.lstm_cell(notation=n).axes[0]) for n in ("book", "slides"))
    assert "$\\sigma$\ninput" in book and "$\\sigma$\nupdate" in slides
    assert r"$\Gamma_u$" in slides and "$i_t$" in book


@pytest.mark.parametrize("gate", diagrams.LSTM_GATES)
def test_lstm_cell_highlights_one_gate(gate):
    ax = diagrams.lstm_cell(highlight=gate).axes[0]
    marked = _boxes_18_20(ax, "highlight")
    assert len(marked) == 1 and len(_boxes_18_20(ax, "layer")) == 3
    order = sorted(_boxes_18_20(ax, "layer") + marked, key=lambda p: p.get_x())
    assert order.index(marked[0]) == diagrams.LSTM_GATES.index(gate)  # left to right: f, i, c~, o


def test_lstm_cell_rejects_bad_input():
    with pytest.raises(ValueError, match="notation"):
        diagrams.lstm_cell(notation="andrew")
    with pytest.raises(ValueError, match="highlight"):
        diagrams.lstm_cell(highlight="reset")
