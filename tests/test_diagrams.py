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


# --- pictures for notebooks 09–12 (issue #15) ---

X_004 = np.array([[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]])
K_004 = np.array([[2, 0, 1], [0, 1, 2], [1, 0, 2]])
HIGHLIGHT = matplotlib.colors.to_rgb(diagrams.COLORS["highlight"])


def _cells(fig, prefix):
    """{(row, col): patch} of the cells whose gid starts with ``prefix:``."""
    ax = fig.axes[0]
    out = {}
    for p in ax.patches:
        gid = p.get_gid() or ""
        if gid.startswith(prefix + ":"):
            r, c = map(int, gid.split(":")[1].split(","))
            out[(r, c)] = p
    return out


def _text_at(fig, patch):
    cx, cy = patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height() / 2
    return next(t.get_text() for t in fig.axes[0].texts if t.get_position() == pytest.approx((cx, cy)))


def _gid(fig, name):
    return [p for p in fig.axes[0].patches if p.get_gid() == name]


def test_conv_window_valid_draws_004_and_highlights_the_window_at_its_position():
    fig = diagrams.conv_window(X_004, K_004, position=(0, 1))
    inputs, pads = _cells(fig, "input"), _cells(fig, "pad")
    kernel, outputs = _cells(fig, "kernel"), _cells(fig, "output")
    assert (len(inputs), len(pads), len(kernel), len(outputs)) == (16, 0, 9, 4)
    assert [_text_at(fig, outputs[(r, c)]) for r in range(2) for c in range(2)] == ["15", "16", "6", "15"]
    marked = {rc for rc, p in inputs.items() if p.get_facecolor()[:3] == pytest.approx(HIGHLIGHT)}
    assert marked == {(r, c) for r in range(3) for c in range(1, 4)}
    assert [rc for rc, p in outputs.items() if p.get_facecolor()[:3] == pytest.approx(HIGHLIGHT)] == [(0, 1)]
    # the thick outline sits exactly on the highlighted cells: left edge = column 1, top edge = row 0
    (window,) = _gid(fig, "window")
    assert window.get_x() == pytest.approx(inputs[(0, 1)].get_x())
    assert window.get_y() == pytest.approx(inputs[(2, 1)].get_y())
    assert (window.get_width(), window.get_height()) == (3, 3)
    assert _gid(fig, "next-window") == []  # (0, 1) is the last column: no next step to the right
    assert any(t.get_text().endswith("= 16") for t in fig.axes[0].texts)
    assert "출력(output) 2x2" in {t.get_text() for t in fig.axes[0].texts}


def test_conv_window_same_draws_the_zero_ring_and_004s_padded_output():
    fig = diagrams.conv_window(X_004, K_004, padding="same", position=(0, 0))
    inputs, pads, outputs = _cells(fig, "input"), _cells(fig, "pad"), _cells(fig, "output")
    assert (len(inputs), len(pads), len(outputs)) == (16, 20, 16)
    assert all(_text_at(fig, p) == "0" for p in pads.values())
    grey = matplotlib.colors.to_rgb(diagrams.COLORS["frozen"])
    assert sum(p.get_facecolor()[:3] == pytest.approx(grey) for p in pads.values()) == 20 - 5  # 5 ring cells lie in the window
    expected = [[7, 12, 10, 2], [4, 15, 16, 10], [10, 6, 15, 6], [8, 10, 4, 3]]
    assert [[_text_at(fig, outputs[(r, c)]) for c in range(4)] for r in range(4)] == [[str(v) for v in row] for row in expected]
    (nxt,) = _gid(fig, "next-window")
    (window,) = _gid(fig, "window")
    assert nxt.get_x() - window.get_x() == pytest.approx(1) and nxt.get_linestyle() == "--"


def test_conv_window_stride_moves_the_window_by_stride_cells_and_shrinks_the_output():
    one = diagrams.conv_window(5, 2, stride=1)
    two = diagrams.conv_window(5, 2, stride=2, position=(0, 0))
    assert len(_cells(one, "output")) == 16 and len(_cells(two, "output")) == 4  # 001: 4x4 and 2x2
    for fig, step in ((one, 1), (two, 2)):
        (window,) = _gid(fig, "window")
        (nxt,) = _gid(fig, "next-window")
        assert nxt.get_x() - window.get_x() == pytest.approx(step)
    # blank cells when no numbers are given
    assert all(_text_at(two, p) == "" for p in _cells(two, "input").values())
    later = diagrams.conv_window(5, 2, stride=2, position=(1, 1))
    (window,) = _gid(later, "window")
    inputs = _cells(later, "input")
    assert window.get_x() == pytest.approx(inputs[(2, 2)].get_x()) and window.get_y() == pytest.approx(inputs[(3, 2)].get_y())


def test_conv_window_same_puts_the_odd_zero_after_like_keras():
    fig = diagrams.conv_window(5, 2, padding="same")
    pads = _cells(fig, "pad")
    assert len(_cells(fig, "output")) == 25 and len(pads) == 36 - 25
    assert {rc for rc in pads} == {(5, c) for c in range(6)} | {(r, 5) for r in range(6)}  # bottom row, right column


def test_conv_window_draws_into_a_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert diagrams.conv_window(4, 3, ax=axes[1]) is fig
    assert len(axes[1].patches) > 0 and len(axes[0].patches) == 0


def test_conv_window_rejects_bad_input():
    with pytest.raises(ValueError, match="padding"):
        diagrams.conv_window(5, 3, padding="full")
    with pytest.raises(ValueError, match="stride"):
        diagrams.conv_window(5, 3, stride=0)
    with pytest.raises(ValueError, match="outside"):
        diagrams.conv_window(4, 3, position=(2, 0))
    with pytest.raises(ValueError, match="does not fit"):
        diagrams.conv_window(2, 3)
    with pytest.raises(ValueError, match="2-D"):
        diagrams.conv_window(np.arange(5), 3)


def test_lenet5_shapes_match_notebook_10_and_the_paper():
    shapes = dict(diagrams.lenet5_shapes(28, "same"))
    assert shapes == {"input": (28, 28, 1), "C1": (28, 28, 6), "S2": (14, 14, 6), "C3": (10, 10, 16),
                      "S4": (5, 5, 16), "flatten": (400,), "C5": (120,), "F6": (84,), "output": (10,)}
    paper = diagrams.lenet5_shapes(32, "valid")
    assert paper[0][1] == (32, 32, 1) and paper[1:] == diagrams.lenet5_shapes(28, "same")[1:]
    with pytest.raises(ValueError, match="too small"):
        diagrams.lenet5_shapes(8)
    with pytest.raises(ValueError, match="first_padding"):
        diagrams.lenet5_shapes(28, "full")


def test_lenet5_draws_every_stage_with_its_shape_and_parameter_count():
    fig = diagrams.lenet5()
    ax = fig.axes[0]
    stages = {int(p.get_gid().split(":")[1]) for p in ax.patches if (p.get_gid() or "").startswith("stage:")}
    assert stages == set(range(9))
    texts = {t.get_text() for t in ax.texts}
    assert {"28x28x1", "28x28x6", "14x14x6", "10x10x16", "5x5x16", "400", "120", "84", "10"} <= texts
    assert {"입력", "C1", "S2", "C3", "S4", "펼치기", "C5", "F6", "출력"} <= texts
    assert {"파라미터 156", "파라미터 2,416", "파라미터 48,120", "파라미터 10,164", "파라미터 850"} <= texts
    assert "61,706" in ax.get_title()  # the total notebook 10 asserts with count_params()
    arrows = [p for p in ax.patches if isinstance(p, matplotlib.patches.FancyArrowPatch)]
    assert len(arrows) == 8
    assert "평균 풀링\n2x2" in {t.get_text() for t in diagrams.lenet5(32, "valid", pooling="average").axes[0].texts}
    with pytest.raises(ValueError, match="pooling"):
        diagrams.lenet5(pooling="min")


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
    assert {"b1", "b2", "b3", "GAP", "Dense(5)", "이미지"} <= texts
    assert any("동결(frozen, 가중치 고정)" in t for t in texts) and "새 머리(head): 학습" in texts
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
    assert any("위 2개 블록은 미세 조정" in t.get_text() for t in ax.texts)
    all_unfrozen = diagrams.frozen_base_new_head(base=("a", "b"), unfrozen_top=2).axes[0]
    assert not _boxes_of(all_unfrozen, "frozen")
    assert any("모두 동결 해제" in t.get_text() for t in all_unfrozen.texts)


def test_frozen_base_new_head_rejects_bad_input():
    with pytest.raises(ValueError, match="unfrozen_top"):
        diagrams.frozen_base_new_head(base=("a", "b"), unfrozen_top=3)
    with pytest.raises(ValueError, match="unfrozen_top"):
        diagrams.frozen_base_new_head(base=("a", "b"), unfrozen_top=-1)
    with pytest.raises(ValueError, match="at least one"):
        diagrams.frozen_base_new_head(base=(), head=("Dense",))
    with pytest.raises(ValueError, match="at least one"):
        diagrams.frozen_base_new_head(head=())


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
    assert "같은" in ax.get_title()


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
    assert "$\\sigma$\n입력\n(input)" in book and "$\\sigma$\n갱신\n(update)" in slides
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
