"""Teaching pictures drawn by code: architectures and data flow that a learner would rather see.

Every picture is drawn here with matplotlib (nothing copied from elsewhere) and returns the
Figure, so a notebook can show it and a test can inspect it. Labels are English, like every
plot of the course, so they render without a Korean font; the notebook's markdown says the
Korean. A later notebook that needs the same picture calls the same function.

The primitives below (boxes, arrows, grids of numbers) are what each picture is built from;
a new picture should use them rather than draw its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

# One palette for every picture: the same kind of thing has the same colour in every notebook.
COLORS = {
    "input": "#dbe9f6",  # data going in
    "layer": "#fde9c9",  # a layer that learns
    "frozen": "#d9d9d9",  # a layer whose weights stay fixed
    "output": "#d5efd5",  # what comes out
    "state": "#ead7f0",  # memory carried between steps (RNN/LSTM)
    "highlight": "#f4a582",  # the part the text is talking about
    "edge": "#333333",
}


def canvas(width: float, height: float, *, figsize: tuple[float, float] | None = None) -> tuple[plt.Figure, plt.Axes]:
    """An empty drawing area with data coordinates 0…width × 0…height and no axes drawn."""
    if width <= 0 or height <= 0:
        raise ValueError(f"canvas needs a positive width and height, got {width} × {height}")
    fig, ax = plt.subplots(figsize=figsize or (min(width, 14), min(height, 9)))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def box(ax: plt.Axes, x: float, y: float, w: float, h: float, text: str = "", *, kind: str = "layer",
        fontsize: float = 10, rounded: bool = True) -> FancyBboxPatch:
    """A labelled box whose lower-left corner is (x, y); ``kind`` picks its colour from COLORS."""
    if kind not in COLORS:
        raise ValueError(f"unknown box kind {kind!r}; use one of {sorted(COLORS)}")
    style = "round,pad=0.02,rounding_size=0.15" if rounded else "square,pad=0"
    patch = FancyBboxPatch((x, y), w, h, boxstyle=style, facecolor=COLORS[kind], edgecolor=COLORS["edge"], lw=1.2)
    ax.add_patch(patch)
    if text:
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=fontsize)
    return patch


def arrow(ax: plt.Axes, start: tuple[float, float], end: tuple[float, float], *, text: str = "",
          color: str | None = None, style: str = "-|>", lw: float = 1.3, rad: float = 0.0) -> FancyArrowPatch:
    """An arrow from ``start`` to ``end`` (curved when ``rad`` ≠ 0), with an optional label at its middle."""
    patch = FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=12, lw=lw,
                            color=color or COLORS["edge"], connectionstyle=f"arc3,rad={rad}")
    ax.add_patch(patch)
    if text:
        ax.text((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, text, ha="center", va="bottom", fontsize=9)
    return patch


def number_grid(ax: plt.Axes, values, x: float, y: float, *, cell: float = 1.0, highlight: Sequence[tuple[int, int]] = (),
                kind: str = "input", fmt: str = "{:g}", fontsize: float = 10) -> None:
    """A 2-D array drawn as a grid of numbered cells, top-left cell at (x, y + rows·cell).

    ``highlight`` lists (row, column) cells to colour, e.g. the window a kernel covers.
    """
    values = np.asarray(values)
    if values.ndim != 2:
        raise ValueError(f"number_grid draws a 2-D array, got shape {values.shape}")
    if kind not in COLORS:
        raise ValueError(f"unknown cell kind {kind!r}; use one of {sorted(COLORS)}")
    rows, cols = values.shape
    marked = set(map(tuple, highlight))
    for r in range(rows):
        for c in range(cols):
            face = COLORS["highlight"] if (r, c) in marked else COLORS[kind]
            left, bottom = x + c * cell, y + (rows - 1 - r) * cell
            ax.add_patch(Rectangle((left, bottom), cell, cell, facecolor=face, edgecolor=COLORS["edge"], lw=0.8))
            ax.text(left + cell / 2, bottom + cell / 2, fmt.format(values[r, c]), ha="center", va="center", fontsize=fontsize)


# --- pictures for notebooks 18–20 (issue #15) ---

RNN_OUTPUTS = ("all", "last", "none")


def rnn_unrolled(steps: int = 4, *, outputs: str = "all", input_labels: Sequence[str] | None = None,
                 output_labels: Sequence[str] | None = None, cell_label: str = "tanh",
                 title: str | None = None) -> plt.Figure:
    """An RNN unrolled over ``steps`` time steps: x_t → cell → h_t, the hidden state passed on.

    Every cell box carries the same weights (W_x on the input arrow, W_h on the state arrow, and
    the same text in each cell), which is the point of the picture: one cell, reused at every step.
    ``outputs`` chooses what comes out: ``"all"`` (N:N, an o_t above every cell), ``"last"`` (N:1,
    only after the last step) or ``"none"`` (just the states). ``input_labels`` / ``output_labels``
    replace x_1 … / o_1 … (e.g. the characters of "hello"); ``output_labels`` has one label per
    drawn output.
    """
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a positive whole number, got {steps!r}")
    if outputs not in RNN_OUTPUTS:
        raise ValueError(f"outputs must be one of {RNN_OUTPUTS}, got {outputs!r}")
    n_out = {"all": steps, "last": 1, "none": 0}[outputs]
    inputs = list(input_labels) if input_labels is not None else [f"$x_{{{t}}}$" for t in range(1, steps + 1)]
    if len(inputs) != steps:
        raise ValueError(f"input_labels needs {steps} labels (one per step), got {len(inputs)}")
    out_steps = list(range(steps - n_out + 1, steps + 1))
    outs = list(output_labels) if output_labels is not None else [f"$o_{{{t}}}$" for t in out_steps]
    if len(outs) != n_out:
        raise ValueError(f"output_labels needs {n_out} labels for outputs={outputs!r}, got {len(outs)}")

    gap, cell_w, cell_h, left = 2.8, 1.6, 1.0, 2.0
    width = left + steps * gap + 0.6
    fig, ax = canvas(width, 6.4, figsize=(min(1.6 + 2.0 * steps, 14), 4.2))
    cell_y, in_y, out_y = 2.5, 0.5, 4.6

    # 처음 기억 h_0 = 0
    box(ax, 0.2, cell_y + 0.15, 1.2, 0.7, "$h_0 = 0$", kind="state", fontsize=9)
    prev_right = 1.4
    for t in range(1, steps + 1):
        x0 = left + (t - 1) * gap
        center = x0 + cell_w / 2
        box(ax, x0, cell_y, cell_w, cell_h, cell_label, kind="layer")
        box(ax, center - 0.6, in_y, 1.2, 0.7, inputs[t - 1], kind="input")
        arrow(ax, (center, in_y + 0.7), (center, cell_y))
        ax.text(center + 0.1, (in_y + 0.7 + cell_y) / 2, "$W_x$", ha="left", va="center", fontsize=9)
        # 앞 시점의 은닉 상태가 같은 W_h를 거쳐 들어옴
        arrow(ax, (prev_right, cell_y + cell_h / 2), (x0, cell_y + cell_h / 2), color="#7b3294")
        ax.text((prev_right + x0) / 2, cell_y + cell_h / 2 - 0.1, "$W_h$", ha="center", va="top", fontsize=9)
        if t > 1:
            ax.text((prev_right + x0) / 2, cell_y + cell_h / 2 + 0.05, f"$h_{{{t - 1}}}$", ha="center",
                    va="bottom", fontsize=9)
        if t in out_steps:
            box(ax, center - 0.6, out_y, 1.2, 0.7, outs[out_steps.index(t)], kind="output")
            arrow(ax, (center, cell_y + cell_h), (center, out_y))
            ax.text(center + 0.1, (cell_y + cell_h + out_y) / 2, "$W_o$", ha="left", va="center", fontsize=9)
        prev_right = x0 + cell_w
    # 마지막 상태 h_T
    arrow(ax, (prev_right, cell_y + cell_h / 2), (prev_right + 0.35, cell_y + cell_h / 2), color="#7b3294")
    ax.text(prev_right + 0.05, cell_y + cell_h / 2 + 0.05, f"$h_{{{steps}}}$", ha="left", va="bottom", fontsize=9)
    kind = {"all": "N:N", "last": "N:1", "none": "states only"}[outputs]
    ax.set_title(title or f"RNN unrolled over {steps} steps ({kind}): the same $W_x$, $W_h$, $b$ at every step",
                 fontsize=10)
    return fig


LSTM_NOTATIONS = {
    # 002(책) 표기와 001(슬라이드, Andrew Ng) 표기: 19번 노트북의 표와 같은 이름
    "book": {"forget": "$f_t$", "input": "$i_t$", "candidate": r"$\tilde{c}_t$", "output": "$o_t$",
             "c_prev": "$c_{t-1}$", "c": "$c_t$", "h_prev": "$h_{t-1}$", "h": "$h_t$", "x": "$x_t$"},
    "slides": {"forget": r"$\Gamma_f$", "input": r"$\Gamma_u$", "candidate": r"$\tilde{C}^{<t>}$",
               "output": r"$\Gamma_o$", "c_prev": "$C^{<t-1>}$", "c": "$C^{<t>}$", "h_prev": "$a^{<t-1>}$",
               "h": "$a^{<t>}$", "x": "$x^{<t>}$"},
}
LSTM_GATES = ("forget", "input", "candidate", "output")


def lstm_cell(*, notation: str = "book", highlight: str | None = None) -> plt.Figure:
    """One LSTM cell: the cell state c running along the top, four learned layers below it.

    The gates are the σ boxes (forget, input/update, output) and the tanh box (candidate c̃);
    the cell state only meets a × (forget) and a + (add the new candidate), which is why it
    carries information far. ``notation="book"`` labels as 002 (f_t, i_t, c̃_t, o_t, c_t, h_t),
    ``"slides"`` as 001 (Γ_f, Γ_u, C̃, Γ_o, C, a; its input gate is called "update").
    ``highlight`` colours one of "forget", "input", "candidate", "output".
    """
    if notation not in LSTM_NOTATIONS:
        raise ValueError(f"notation must be one of {sorted(LSTM_NOTATIONS)}, got {notation!r}")
    if highlight is not None and highlight not in LSTM_GATES:
        raise ValueError(f"highlight must be None or one of {LSTM_GATES}, got {highlight!r}")
    names = LSTM_NOTATIONS[notation]
    fig, ax = canvas(12.5, 8.2, figsize=(10, 6.4))
    c_y, bus_y, gate_y, gate_h, gate_w = 6.9, 1.7, 2.5, 1.0, 1.2

    def node(x, y, symbol):
        box(ax, x - 0.3, y - 0.3, 0.6, 0.6, symbol, kind="state", fontsize=13)

    # 셀 경계
    ax.add_patch(Rectangle((1.7, 1.2), 8.9, 6.4, fill=False, edgecolor=COLORS["edge"], lw=1, ls="--"))
    # 입력: 앞 시점의 h와 이번 x가 이어 붙어 네 층 모두에 들어감
    box(ax, 0.1, c_y - 0.35, 1.3, 0.7, names["c_prev"], kind="state")
    box(ax, 0.1, bus_y - 0.35, 1.3, 0.7, names["h_prev"], kind="input")
    box(ax, 2.2, 0.05, 1.2, 0.7, names["x"], kind="input")
    arrow(ax, (1.4, bus_y), (8.6, bus_y), style="-")
    arrow(ax, (2.8, 0.75), (2.8, bus_y), style="-")

    gates = {"forget": 3.5, "input": 5.0, "candidate": 6.5, "output": 8.0}
    for gate, x in gates.items():
        symbol = "tanh" if gate == "candidate" else r"$\sigma$"
        word = "update" if (gate == "input" and notation == "slides") else gate  # 001은 input gate를 update gate라 부름
        patch = box(ax, x - gate_w / 2, gate_y, gate_w, gate_h, f"{symbol}\n{word}", kind="layer", fontsize=9)
        if gate == highlight:
            patch.set_facecolor(COLORS["highlight"])
        arrow(ax, (x, bus_y), (x, gate_y))

    # 셀 상태 줄: c_{t-1} → × f → + (i × c̃) → c_t
    node(3.5, c_y, "×")
    node(6.5, c_y, "+")
    node(6.5, 4.9, "×")
    arrow(ax, (1.4, c_y), (3.2, c_y), lw=2.2, color="#7b3294")
    arrow(ax, (3.8, c_y), (6.2, c_y), lw=2.2, color="#7b3294")
    arrow(ax, (6.8, c_y), (11.0, c_y), lw=2.2, color="#7b3294")
    box(ax, 11.0, c_y - 0.35, 1.3, 0.7, names["c"], kind="state")
    arrow(ax, (3.5, gate_y + gate_h), (3.5, c_y - 0.3))
    ax.text(3.6, 5.2, names["forget"], ha="left", va="center", fontsize=11)
    arrow(ax, (5.0, gate_y + gate_h), (6.2, 4.9))
    ax.text(5.3, 4.5, names["input"], ha="right", va="center", fontsize=11)
    arrow(ax, (6.5, gate_y + gate_h), (6.5, 4.6))
    ax.text(6.6, 4.05, names["candidate"], ha="left", va="center", fontsize=11)
    arrow(ax, (6.5, 5.2), (6.5, c_y - 0.3))

    # 출력: h_t = o_t × tanh(c_t)
    box(ax, 8.8, 4.6, 1.1, 0.6, "tanh", kind="state", fontsize=10)
    arrow(ax, (9.35, c_y), (9.35, 5.2))
    node(9.35, 3.1, "×")
    arrow(ax, (9.35, 4.6), (9.35, 3.4))
    arrow(ax, (8.55, 3.1), (9.05, 3.1))
    ax.text(8.6, 3.35, names["output"], ha="left", va="bottom", fontsize=11)
    arrow(ax, (9.35, 2.8), (9.35, 1.0), style="-")
    arrow(ax, (9.35, 1.0), (11.0, 1.0))
    box(ax, 11.0, 0.65, 1.3, 0.7, names["h"], kind="output")
    ax.set_title(r"LSTM cell: $\sigma$ / tanh boxes = learned layers; ×, + and the small tanh = element-wise", fontsize=10)
    return fig
