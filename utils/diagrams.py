"""Teaching pictures drawn by code: architectures and data flow that a learner would rather see.

Every picture is drawn here with matplotlib (nothing copied from elsewhere) and returns the
Figure, so a notebook can show it and a test can inspect it. Labels are Korean with the English
term in parentheses where the notes use it, like every plot of the course; they render with the
bundled NanumGothic (:func:`utils.plots.use_korean_font`, which importing this module turns on).
Keras names (Conv2D, Dense, relu) and formulas stay as they are written in code.
A later notebook that needs the same picture calls the same function.

The primitives below (boxes, arrows, grids of numbers) are what each picture is built from;
a new picture should use them rather than draw its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from .plots import use_korean_font

use_korean_font(quiet=True)  # the labels below are Korean; a notebook's course.setup() does the same

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


LINESPACING = 1.45  # for multi-line labels (matplotlib's 1.2 lets two Hangul lines touch)


def canvas(width: float, height: float, *, figsize: tuple[float, float] | None = None,
           ax: plt.Axes | None = None) -> tuple[plt.Figure, plt.Axes]:
    """An empty drawing area with data coordinates 0…width × 0…height and no axes drawn: a new
    figure, or ``ax`` (a panel of a figure the caller made) set up the same way."""
    if width <= 0 or height <= 0:
        raise ValueError(f"canvas needs a positive width and height, got {width} × {height}")
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize or (min(width, 14), min(height, 9)))
    else:
        fig = ax.figure
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
        # Hangul is taller than the Latin "lp" matplotlib spaces lines by: a little more room
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=fontsize, linespacing=LINESPACING)
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


# --- pictures for notebooks 09–12 (issue #15) ---


def _same_padding(n: int, k: int, s: int) -> tuple[int, int]:
    """Zeros Keras' ``padding="same"`` adds before and after one axis (the odd one goes after)."""
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def _as_grid(spec, name: str) -> tuple[np.ndarray | None, tuple[int, int]]:
    """An int n means a blank n×n grid; a 2-D array means those numbers."""
    if isinstance(spec, (int, np.integer)):
        if spec < 1:
            raise ValueError(f"{name} size must be ≥ 1, got {spec}")
        return None, (int(spec), int(spec))
    values = np.asarray(spec, dtype=float)
    if values.ndim != 2 or 0 in values.shape:
        raise ValueError(f"{name} must be a side length or a non-empty 2-D array, got shape {values.shape}")
    return values, values.shape


def _tag_new_patches(ax: plt.Axes, start: int, prefix: str, cols: int) -> list:
    """Give the cells number_grid just drew the gids ``prefix:row,col`` (it draws row by row)."""
    new = list(ax.patches)[start:]
    for i, patch in enumerate(new):
        patch.set_gid(f"{prefix}:{i // cols},{i % cols}")
    return new


def conv_window(image=5, kernel=3, *, stride: int = 1, padding: str = "valid", position: tuple[int, int] = (0, 0),
                show_next: bool = True, ax: plt.Axes | None = None, title: str | None = None) -> plt.Figure:
    """One step of a convolution: the kernel window on the input and the output cell it produces.

    Draws, left to right: the input grid (for ``padding="same"`` with its ring of zeros in grey, placed
    the way Keras places them: an odd zero goes to the bottom/right), the kernel, and the output grid.
    The window the kernel covers for the output cell ``position`` = (row, column) is coloured and
    outlined; with ``show_next`` a dashed outline shows where it lands next, ``stride`` cells to the right.

    ``image`` and ``kernel`` are a side length (blank cells) or a 2-D array of numbers; when both are
    arrays the output numbers are computed (no kernel flip, as in Keras) and the produced cell's sum of
    products is written underneath. ``stride`` and ``padding`` ("valid" or "same") mean what they mean
    in ``keras.layers.Conv2D``. Cells carry gids ``input:r,c`` / ``pad:r,c`` (padded coordinates),
    ``kernel:r,c``, ``output:r,c``; the outlines are ``window`` and ``next-window``. Returns the Figure.
    """
    image_values, (h, w) = _as_grid(image, "image")
    kernel_values, (kh, kw) = _as_grid(kernel, "kernel")
    if not isinstance(stride, (int, np.integer)) or stride < 1:
        raise ValueError(f"stride must be a positive integer, got {stride!r}")
    if padding == "valid":
        (top, bottom), (left, right) = (0, 0), (0, 0)
    elif padding == "same":
        (top, bottom), (left, right) = _same_padding(h, kh, stride), _same_padding(w, kw, stride)
    else:
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
    hp, wp = h + top + bottom, w + left + right
    if kh > hp or kw > wp:
        raise ValueError(f"a {kh}x{kw} kernel does not fit a {h}x{w} input with padding={padding!r}")
    oh, ow = (hp - kh) // stride + 1, (wp - kw) // stride + 1
    row, col = position
    if not (0 <= row < oh and 0 <= col < ow):
        raise ValueError(f"position {position} is outside the {oh}x{ow} output")

    padded = np.zeros((hp, wp))
    if image_values is not None:
        padded[top:top + h, left:left + w] = image_values
    output = None
    if image_values is not None and kernel_values is not None:
        output = np.array([[np.sum(padded[i * stride:i * stride + kh, j * stride:j * stride + kw] * kernel_values)
                            for j in range(ow)] for i in range(oh)])

    gap, head = 1.6, 1.6  # space between the grids; room for the captions above them
    x_in, x_k = 0.3, 0.3 + wp + gap
    x_out = x_k + kw + gap
    width, height = x_out + ow + 0.3, max(hp, kh, oh) + head + (0.9 if output is not None else 0.3)
    fig, ax = canvas(width, height, figsize=(min(0.55 * width, 14), min(0.55 * height, 9)), ax=ax)
    base = height - head  # the top edge of every grid

    def blank_fmt(values):
        return "{:g}" if values is not None else ""

    # input (with the zero ring): padded coordinates; the window covers rows r0…r0+kh−1, columns c0…c0+kw−1
    r0, c0 = row * stride, col * stride
    window = [(r, c) for r in range(r0, r0 + kh) for c in range(c0, c0 + kw)]
    start = len(ax.patches)
    number_grid(ax, padded, x_in, base - hp, highlight=window, kind="input", fmt=blank_fmt(image_values), fontsize=9)
    for i, patch in enumerate(_tag_new_patches(ax, start, "input", wp)):
        r, c = divmod(i, wp)
        if not (top <= r < top + h and left <= c < left + w):
            patch.set_gid(f"pad:{r},{c}")
            if (r, c) not in window:
                patch.set_facecolor(COLORS["frozen"])
            ax.texts[-(hp * wp) + i].set_text("0")
    outline = Rectangle((x_in + c0, base - r0 - kh), kw, kh, fill=False, edgecolor=COLORS["edge"], lw=3, gid="window")
    ax.add_patch(outline)
    if show_next and col + 1 < ow:
        ax.add_patch(Rectangle((x_in + c0 + stride, base - r0 - kh), kw, kh, fill=False, edgecolor=COLORS["edge"],
                               lw=1.5, ls="--", gid="next-window"))
    ring = " + 0 패딩(zero padding)" if padding == "same" else ""
    ax.text(x_in + wp / 2, base + 0.35, f"입력(input) {h}x{w}{ring}", ha="center", va="bottom", fontsize=10)

    # kernel
    start = len(ax.patches)
    k_shown = kernel_values if kernel_values is not None else np.zeros((kh, kw))
    number_grid(ax, k_shown, x_k, base - kh, kind="layer", fmt=blank_fmt(kernel_values), fontsize=9)
    _tag_new_patches(ax, start, "kernel", kw)
    ax.text(x_k + kw / 2, base + 0.35, f"커널(kernel) {kh}x{kw}", ha="center", va="bottom", fontsize=10)
    arrow(ax, (x_k + kw + 0.15, base - kh / 2), (x_out - 0.15, base - kh / 2))

    # output: the produced cell highlighted
    start = len(ax.patches)
    o_shown = output if output is not None else np.zeros((oh, ow))
    number_grid(ax, o_shown, x_out, base - oh, highlight=[(row, col)], kind="output", fmt=blank_fmt(output), fontsize=9)
    _tag_new_patches(ax, start, "output", ow)
    ax.text(x_out + ow / 2, base + 0.35, f"출력(output) {oh}x{ow}", ha="center", va="bottom", fontsize=10)

    if output is not None:
        terms = " + ".join(f"{a:g}x{b:g}" for a, b in zip(padded[r0:r0 + kh, c0:c0 + kw].ravel(), kernel_values.ravel(), strict=True))
        ax.text(0.3, 0.3, f"output[{row},{col}] = {terms} = {output[row, col]:g}", ha="left", va="bottom", fontsize=8)
    ax.set_title(title if title is not None else
                 f"커널 {kh}x{kw}, 스트라이드(stride) {stride}, padding='{padding}': 출력 칸 ({row}, {col})", fontsize=11)
    return fig


def lenet5_shapes(input_size: int = 28, first_padding: str = "same") -> list[tuple[str, tuple[int, ...]]]:
    """LeNet-5's stages as (name, output shape without the batch axis).

    Notebook 10 (and the lecture 000) builds it on 28×28 MNIST with ``padding="same"`` in the first
    convolution; the 1998 paper fed 32×32 images with no padding. Both give 28×28×6 after C1.
    """
    if not isinstance(input_size, (int, np.integer)):
        raise ValueError(f"input_size must be an integer, got {input_size!r}")
    if first_padding not in ("same", "valid"):
        raise ValueError(f"first_padding must be 'same' or 'valid', got {first_padding!r}")
    c1 = input_size if first_padding == "same" else input_size - 4
    s2 = c1 // 2
    c3 = s2 - 4
    if c1 < 1 or c3 < 2:
        raise ValueError(f"a {input_size}x{input_size} input is too small for LeNet-5 (C3 would be {c3}x{c3})")
    s4 = c3 // 2
    return [
        ("input", (input_size, input_size, 1)),
        ("C1", (c1, c1, 6)),
        ("S2", (s2, s2, 6)),
        ("C3", (c3, c3, 16)),
        ("S4", (s4, s4, 16)),
        ("flatten", (s4 * s4 * 16,)),
        ("C5", (120,)),
        ("F6", (84,)),
        ("output", (10,)),
    ]


# lenet5_shapes' stage names as the picture shows them (the C/S/F names are the paper's)
STAGE_NAMES = {"input": "입력", "flatten": "펼치기", "output": "출력"}


def lenet5(input_size: int = 28, first_padding: str = "same", *, pooling: str = "max", title: str | None = None) -> plt.Figure:
    """LeNet-5 as a row of feature maps joined by the operations that make them.

    Each stage of ``lenet5_shapes(input_size, first_padding)`` is drawn with its name above and its
    shape below: images and feature maps as stacks of squares (side ∝ height), vectors as bars
    (height ∝ log of length). Colours: blue = the input, orange = made by a layer with weights
    (conv, dense), grey = no weights (pooling, flatten), green = the 10 class probabilities. The
    arrows name the operation and its parameter count. Stages carry gids ``stage:i``. ``pooling`` is
    "max" (the lecture, notebook 10) or "average" (the 1998 paper's subsampling). Returns the Figure.
    """
    if pooling not in ("max", "average"):
        raise ValueError(f"pooling must be 'max' or 'average', got {pooling!r}")
    stages = lenet5_shapes(input_size, first_padding)
    pool = "최대 풀링" if pooling == "max" else "평균 풀링"
    flat = stages[5][1][0]
    operations = [
        (f"conv 5x5, 6\n{first_padding}, relu", (5 * 5 * 1 + 1) * 6),
        (f"{pool}\n2x2", 0),
        ("conv 5x5, 16\nvalid, relu", (5 * 5 * 6 + 1) * 16),
        (f"{pool}\n2x2", 0),
        ("펼치기\n(flatten)", 0),
        ("dense 120\nrelu", (flat + 1) * 120),
        ("dense 84\nrelu", (120 + 1) * 84),
        ("dense 10\nsoftmax", (84 + 1) * 10),
    ]
    kinds = ["input", "layer", "frozen", "layer", "frozen", "frozen", "layer", "layer", "output"]

    def size(shape):  # (width, height) of a stage's drawing
        if len(shape) == 3:
            side = 0.7 + 2.6 * shape[0] / max(input_size, 1)
            depth = 0.15 * (min(shape[2], 4) - 1)
            return side + depth, side + depth
        return 0.45, 0.9 + 2.4 * np.log(shape[0]) / np.log(max(flat, 10))

    gap, height = 2.7, 5.4
    widths = [size(shape)[0] for _, shape in stages]
    width = sum(widths) + gap * (len(stages) - 1) + 0.6
    fig, ax = canvas(width, height, figsize=(14, 14 * height / width + 0.6))
    middle, x = height / 2, 0.3
    right_edges = []
    for i, ((name, shape), kind) in enumerate(zip(stages, kinds, strict=True)):
        w, h = size(shape)
        if len(shape) == 3:
            layers_drawn = min(shape[2], 4)
            side = w - 0.15 * (layers_drawn - 1)
            for j in range(layers_drawn):  # a few stacked maps stand for all channels
                off = 0.15 * (layers_drawn - 1 - j)
                patch = box(ax, x + off, middle - h / 2 + off, side, side, kind=kind, rounded=False)
                patch.set_gid(f"stage:{i}")
        else:
            box(ax, x, middle - h / 2, w, h, kind=kind, rounded=False).set_gid(f"stage:{i}")
        shown = STAGE_NAMES.get(name, name)
        ax.text(x + w / 2, middle + h / 2 + 0.25, shown, ha="center", va="bottom", fontsize=10, fontweight="bold")
        ax.text(x + w / 2, middle - h / 2 - 0.25, "x".join(map(str, shape)), ha="center", va="top", fontsize=9)
        right_edges.append(x + w)
        x += w + gap
    for i, (label, params) in enumerate(operations):
        start, end = right_edges[i] + 0.1, right_edges[i] + gap - 0.1
        arrow(ax, (start, middle), (end, middle))
        ax.text((start + end) / 2, middle + 0.15, label, ha="center", va="bottom", fontsize=8, linespacing=LINESPACING)
        if params:
            ax.text((start + end) / 2, middle - 0.15, f"파라미터 {params:,}", ha="center", va="top", fontsize=7.5,
                    color="#555555")
    total = sum(p for _, p in operations)
    ax.set_title(title if title is not None else
                 f"LeNet-5: 입력 {input_size}x{input_size}x1, C1 padding='{first_padding}', {pool}({pooling} pooling) "
                 f"- 파라미터 {total:,}개", fontsize=11)
    return fig


# --- pictures for notebooks 13–17 (issue #15) ---


def frozen_base_new_head(base: Sequence[str] = ("합성곱\n블록 1", "합성곱\n블록 2", "합성곱\n블록 3", "합성곱\n블록 4"),
                         head: Sequence[str] = ("Dense\nsoftmax",), *, unfrozen_top: int = 0,
                         input_label: str = "이미지", output_label: str = "클래스별\n확률",
                         base_name: str = "사전 학습된 기반 모델", title: str | None = None) -> plt.Figure:
    """Transfer learning as a picture: a pre-trained base (grey = frozen) under a new head (orange = trained).

    ``base`` lists the base's blocks from the input side up, ``head`` the new layers on top.
    ``unfrozen_top`` = 0 draws strategy 1 (the whole base frozen, only the head learns);
    ``unfrozen_top`` = k > 0 draws strategy 2 (fine-tuning): the top k blocks of the base are
    unfrozen and drawn as trainable layers, the ones below stay frozen.
    Boxes run left (input) to right (output); the colours come from COLORS, like every picture.
    """
    base, head = list(base), list(head)
    if not base or not head:
        raise ValueError("frozen_base_new_head needs at least one base block and one head layer")
    if not 0 <= unfrozen_top <= len(base):
        raise ValueError(f"unfrozen_top must be between 0 and the number of base blocks ({len(base)}), got {unfrozen_top}")
    box_w, box_h, gap = 1.6, 1.3, 0.5
    n_boxes = 1 + len(base) + len(head) + 1
    width = n_boxes * box_w + (n_boxes - 1) * gap + 0.6
    fig, ax = canvas(width, 3.6, figsize=(min(width * 0.85, 14), 3.4))
    y = 0.9
    x = 0.3
    lefts = []
    kinds = (["input"] + ["frozen"] * (len(base) - unfrozen_top) + ["layer"] * unfrozen_top
             + ["layer"] * len(head) + ["output"])
    for label, kind in zip([input_label, *base, *head, output_label], kinds, strict=True):
        box(ax, x, y, box_w, box_h, label, kind=kind, fontsize=9)
        lefts.append(x)
        x += box_w + gap
    for left in lefts[:-1]:
        arrow(ax, (left + box_w, y + box_h / 2), (left + box_w + gap, y + box_h / 2))
    # Brackets with a caption over the base and over the head.
    if unfrozen_top == 0:
        base_caption = f"{base_name}: 동결(frozen, 가중치 고정)"
    elif unfrozen_top == len(base):
        base_caption = f"{base_name}: 모두 동결 해제, 작은 학습률로 학습"
    else:
        base_caption = f"{base_name}: 아래는 동결, 위 {unfrozen_top}개 블록은 미세 조정(작은 학습률)"
    groups = ((lefts[1], lefts[len(base)] + box_w, base_caption),
              (lefts[len(base) + 1], lefts[len(base) + len(head)] + box_w, "새 머리(head): 학습"))
    for start, end, caption in groups:
        top = y + box_h + 0.25
        ax.plot([start, start, end, end], [top - 0.12, top, top, top - 0.12], color=COLORS["edge"], lw=1)
        ax.text((start + end) / 2, top + 0.1, caption, ha="center", va="bottom", fontsize=9)
    ax.text(width / 2, 0.35, "회색 = 동결(학습하지 않음)   ·   주황 = 학습", ha="center", va="center", fontsize=8.5)
    if title:
        ax.set_title(title, fontsize=11)
    return fig


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
    kind = {"all": "N:N", "last": "N:1", "none": "상태만"}[outputs]
    ax.set_title(title or f"시점 {steps}개로 펼친 RNN ({kind}): 모든 시점에서 같은 $W_x$, $W_h$, $b$",
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
# 게이트 상자에 쓰는 이름: 19번 노트북의 망각·입력·출력 게이트, 001 슬라이드의 update
GATE_WORDS = {"forget": "망각\n(forget)", "input": "입력\n(input)", "candidate": "후보\n(candidate)",
              "output": "출력\n(output)", "update": "갱신\n(update)"}


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
        word = GATE_WORDS["update" if (gate == "input" and notation == "slides") else gate]  # 001은 input gate를 update gate라 부름
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
    ax.set_title(r"LSTM 셀(cell): $\sigma$·tanh 상자 = 학습되는 층, ×·+·작은 tanh = 원소별(element-wise) 연산", fontsize=10)
    return fig


# --- pictures for notebooks 21–25 (issue #22, Part 4: 자연어 처리) ---
# Labels here are Korean (issue #22: plots speak Korean; the course's Korean font renders them),
# unlike the English labels of the 09–20 pictures that the module docstring describes.

WORD2VEC_KINDS = ("skipgram", "cbow")


def word2vec_window(words: Sequence[str], centre: int, window: int = 2) -> list[str]:
    """The context words of ``words[centre]``: up to ``window`` words on each side, in sentence order.

    This is the list that skip-gram predicts from the centre word and CBOW predicts the centre
    word from; for 001's "I love king of Korea" with centre 2 ("king") and window 2 it is
    ["I", "love", "of", "Korea"], the same as ``utils.text.skipgram_pairs`` gives for "king".
    """
    words = list(words)
    if not words:
        raise ValueError("words must hold at least one word")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise ValueError(f"window must be a positive whole number, got {window!r}")
    if isinstance(centre, bool) or not isinstance(centre, (int, np.integer)) or not 0 <= centre < len(words):
        raise ValueError(f"centre must be a word position 0…{len(words) - 1}, got {centre!r}")
    if len(words) == 1:
        raise ValueError("a one-word sentence has no context words")
    return words[max(0, centre - window):centre] + words[centre + 1:centre + 1 + window]


def word2vec(kind: str = "skipgram", words: Sequence[str] = ("I", "love", "king", "of", "Korea"), centre: int = 2,
             window: int = 2, *, dim: str = "N", vocab: str = "V", ax: plt.Axes | None = None,
             title: str | None = None) -> plt.Figure:
    """Word2Vec's two architectures (Mikolov et al. 2013): input → projection (the embedding) → output.

    ``kind="skipgram"``: the centre word ``words[centre]`` goes in as a one-hot vector (length
    ``vocab``), is projected by W (``vocab`` × ``dim``, the embedding matrix) to its ``dim``-long
    vector, and one softmax per context word (the same W' for every one) predicts the words
    around it. ``kind="cbow"``: the context words go in, each looked up in the **same** W, their
    vectors are averaged, and one softmax predicts the centre word. The context is
    ``word2vec_window(words, centre, window)``.

    Boxes carry gids ``input:i``, ``projection`` and ``output:i`` (i in sentence order of the
    boxes drawn on that side); inputs are blue, the projection orange (it learns), outputs green.
    Draws into ``ax`` when given (so two kinds can sit side by side). Returns the Figure.
    """
    if kind not in WORD2VEC_KINDS:
        raise ValueError(f"kind must be one of {WORD2VEC_KINDS}, got {kind!r}")
    context = word2vec_window(words, centre, window)
    target = list(words)[centre]
    if kind == "skipgram":
        left, right = [target], context
        projection = f"{target}의 벡터\n({dim}차원)"
        left_w, right_w = "W", "W' (모두 같은 W')"
    else:
        left, right = context, [target]
        projection = f"{len(context)}개 벡터의 평균\n({dim}차원)"
        left_w, right_w = "W (모두 같은 W)", "W'"

    rows = max(len(left), len(right))
    height = 1.2 * rows + 1.8
    width = 11.0
    fig, ax = canvas(width, height, figsize=(8.5, 0.75 * height + 0.6), ax=ax)
    box_w, box_h = 2.0, 0.8
    mid = (height - 0.8) / 2

    def column(labels, x, kind_, prefix):
        gap = 1.2
        top = mid + gap * (len(labels) - 1) / 2
        centres = []
        for i, label in enumerate(labels):
            y = top - i * gap
            patch = box(ax, x, y - box_h / 2, box_w, box_h, label, kind=kind_, fontsize=11)
            patch.set_gid(f"{prefix}:{i}")
            centres.append(y)
        return centres

    x_in, x_proj, proj_w, x_out = 0.3, 4.3, 2.4, 8.7
    in_y = column(left, x_in, "input", "input")
    out_y = column(right, x_out, "output", "output")
    proj = box(ax, x_proj, mid - 0.7, proj_w, 1.4, projection, kind="layer", fontsize=10)
    proj.set_gid("projection")
    for y in in_y:
        arrow(ax, (x_in + box_w, y), (x_proj, mid))
    for y in out_y:
        arrow(ax, (x_proj + proj_w, mid), (x_out, y))
    # 가중치 이름: 입력 쪽 화살표에는 W(임베딩 행렬), 출력 쪽에는 W'
    ax.text((x_in + box_w + x_proj) / 2, mid + 0.15, left_w, ha="center", va="bottom", fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.text((x_proj + proj_w + x_out) / 2, mid + 0.15, right_w, ha="center", va="bottom", fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    label_y = height - 0.45
    ax.text(x_in + box_w / 2, label_y, f"입력\n원-핫 ({vocab}칸)", ha="center", va="center", fontsize=10)
    ax.text(x_proj + proj_w / 2, label_y, "투영 = 임베딩\nW: " + f"{vocab} x {dim}", ha="center", va="center", fontsize=10)
    ax.text(x_out + box_w / 2, label_y, f"출력\nsoftmax ({vocab}칸)", ha="center", va="center", fontsize=10)
    default = ("skip-gram: 가운데 단어로 주변 단어를 예측" if kind == "skipgram" else "CBOW: 주변 단어로 가운데 단어를 예측")
    ax.set_title(title if title is not None else f"{default} (창 크기 {window})", fontsize=12, pad=10)
    return fig


# --- pictures for notebooks 29–30 (issue #22) ---
# 이 절의 그림은 한국어 라벨(영어 용어는 괄호 안)을 씁니다: 코스가 한글 글꼴을 함께 배포합니다(issue #22).

STATE_COLOR = "#7b3294"  # 시점에서 시점으로 넘어가는 은닉 상태의 화살표 (rnn_unrolled와 같은 색)


def encoder_decoder(source: Sequence[str] = ("$x_1$", "$x_2$", "$x_3$", "$x_4$"),
                    target: Sequence[str] = ("$y_1$", "$y_2$", "$y_3$"), *, attention: bool = False,
                    focus: int | None = None, weights: Sequence[float] | None = None,
                    title: str | None = None) -> plt.Figure:
    """Encoder–decoder (seq2seq) RNN, without or with attention.

    Left: the encoder reads ``source`` one token per step, its hidden state passed on (purple).
    Its last hidden state is the **context vector**, the decoder's initial state. Right: the
    decoder gets ``<s>`` and then the previous target token (teacher forcing) and emits ``target``.

    With ``attention=True`` the encoder also hands every step's output h_1 … h_S upward, and for
    the decoder step ``focus`` (default: the last) an attention box mixes them with weights
    α (``weights``, one per source token, summing to 1; default uniform): the line widths show α,
    and the mixed vector c_t goes with the decoder's output into that step's prediction.
    Boxes carry gids ``encoder:i``, ``decoder:t``, ``context``, and with attention
    ``encoder-out:i``, ``attention`` and arrows ``alpha:i``. Returns the Figure.
    """
    source, target = list(source), list(target)
    if not source or not target:
        raise ValueError("encoder_decoder needs at least one source and one target token")
    n_src, n_tgt = len(source), len(target)
    if focus is None:
        focus = n_tgt - 1
    if not isinstance(focus, (int, np.integer)) or not 0 <= focus < n_tgt:
        raise ValueError(f"focus must be a decoder step between 0 and {n_tgt - 1}, got {focus!r}")
    if weights is None:
        alphas = np.full(n_src, 1.0 / n_src)
    else:
        alphas = np.asarray(weights, dtype=float)
        if alphas.shape != (n_src,) or (alphas < 0).any() or not np.isclose(alphas.sum(), 1.0, atol=1e-3):
            raise ValueError(f"weights must be {n_src} non-negative numbers summing to 1 (one per source token)")
    if weights is not None and not attention:
        raise ValueError("weights only make sense with attention=True")

    step, cell_w, cell_h = 1.9, 1.3, 0.9
    enc_x = [0.5 + i * step for i in range(n_src)]
    ctx_x, ctx_w = enc_x[-1] + cell_w + 0.9, 2.6
    dec_x = [ctx_x + ctx_w + 1.4 + t * step for t in range(n_tgt)]
    width = dec_x[-1] + cell_w + 0.5
    in_y, cell_y = 0.3, 1.9
    out_y = 6.4 if attention else 3.9
    height = out_y + 1.6
    fig, ax = canvas(width, height, figsize=(min(0.75 * width, 14), 0.75 * height))

    # 인코더: 입력 토큰 → 셀, 은닉 상태가 오른쪽으로 넘어감
    for i, x in enumerate(enc_x):
        box(ax, x, cell_y, cell_w, cell_h, "LSTM", kind="layer").set_gid(f"encoder:{i}")
        box(ax, x + 0.15, in_y, cell_w - 0.3, 0.7, source[i], kind="input", fontsize=9)
        arrow(ax, (x + cell_w / 2, in_y + 0.7), (x + cell_w / 2, cell_y))
        if i:
            arrow(ax, (enc_x[i - 1] + cell_w, cell_y + cell_h / 2), (x, cell_y + cell_h / 2), color=STATE_COLOR)
    # 문맥 벡터 = 인코더의 마지막 은닉 상태 → 디코더의 초기 상태
    label = "문맥 벡터\n(context vector)\n= 마지막 은닉 상태 $h_S$"
    box(ax, ctx_x, cell_y - 0.35, ctx_w, cell_h + 0.7, label, kind="state", fontsize=9).set_gid("context")
    arrow(ax, (enc_x[-1] + cell_w, cell_y + cell_h / 2), (ctx_x, cell_y + cell_h / 2), color=STATE_COLOR, lw=2)
    arrow(ax, (ctx_x + ctx_w, cell_y + cell_h / 2), (dec_x[0], cell_y + cell_h / 2), color=STATE_COLOR, lw=2)
    ax.text((ctx_x + ctx_w + dec_x[0]) / 2, cell_y + cell_h / 2 - 0.12, "초기\n상태", ha="center", va="top", fontsize=8)

    # 디코더: <s>, y_1, … (교사 강요) → 셀 → 다음 토큰
    dec_inputs = ["<s>", *target[:-1]]
    for t, x in enumerate(dec_x):
        box(ax, x, cell_y, cell_w, cell_h, "LSTM", kind="layer").set_gid(f"decoder:{t}")
        box(ax, x + 0.15, in_y, cell_w - 0.3, 0.7, dec_inputs[t], kind="input", fontsize=9)
        arrow(ax, (x + cell_w / 2, in_y + 0.7), (x + cell_w / 2, cell_y))
        box(ax, x + 0.15, out_y, cell_w - 0.3, 0.7, target[t], kind="output", fontsize=9)
        if t:
            arrow(ax, (dec_x[t - 1] + cell_w, cell_y + cell_h / 2), (x, cell_y + cell_h / 2), color=STATE_COLOR)
        if not (attention and t == focus):
            arrow(ax, (x + cell_w / 2, cell_y + cell_h), (x + cell_w / 2, out_y))
    ax.text((enc_x[0] + enc_x[-1] + cell_w) / 2, height - 0.35, "인코더 (encoder): 압축", ha="center", va="top",
            fontsize=11, fontweight="bold")
    ax.text((dec_x[0] + dec_x[-1] + cell_w) / 2, height - 0.35, "디코더 (decoder): 해석", ha="center", va="top",
            fontsize=11, fontweight="bold")

    if attention:
        # 인코더의 모든 단계 출력 h_1 … h_S
        h_y = 3.7
        for i, x in enumerate(enc_x):
            box(ax, x + 0.2, h_y, cell_w - 0.4, 0.6, f"$h_{{{i + 1}}}$", kind="state", fontsize=9).set_gid(f"encoder-out:{i}")
            arrow(ax, (x + cell_w / 2, cell_y + cell_h), (x + cell_w / 2, h_y))
        # 초점 단계의 어텐션: 가중치 α만큼 굵은 선으로 모아 c_t를 만든다
        fx = dec_x[focus] + cell_w / 2
        att_w, att_y = 2.6, 4.75
        att_x = fx - att_w / 2
        box(ax, att_x, att_y, att_w, 0.9, "어텐션 (attention)\n$c_t = \\sum_s \\alpha_{t,s} h_s$", kind="highlight",
            fontsize=8.5).set_gid("attention")
        for i, x in enumerate(enc_x):
            start = (x + cell_w / 2, h_y + 0.6)
            end = (att_x, att_y + 0.15 + 0.6 * i / max(n_src - 1, 1))
            patch = arrow(ax, start, end, lw=0.6 + 5 * alphas[i], color="#d6604d", rad=-0.08, style="-")
            patch.set_gid(f"alpha:{i}")
            ax.text(x + cell_w / 2, h_y + 0.7, f"α={alphas[i]:.2f}", ha="center", va="bottom", fontsize=7.5, color="#b2182b")
        arrow(ax, (fx, cell_y + cell_h), (fx, att_y))
        ax.text(fx + 0.1, (cell_y + cell_h + att_y) / 2, "query $s_t$", ha="left", va="center", fontsize=8.5)
        arrow(ax, (fx, att_y + 0.9), (fx, out_y))
        ax.text(fx + 0.1, (att_y + 0.9 + out_y) / 2, "[$s_t$; $c_t$]\n이어 붙여 Dense", ha="left", va="center", fontsize=8)
    what = ("어텐션: 출력마다 입력 전체를 다시 보고 새 문맥 $c_t$를 만든다" if attention
            else "고정된 문맥 벡터 하나에 입력 전체를 담는다 (병목, bottleneck)")
    ax.set_title(title if title is not None else f"인코더–디코더 (seq2seq): {what}", fontsize=11)
    return fig


TRANSFORMER_ENCODER = ("멀티 헤드 셀프 어텐션\n(multi-head self-attention)", "더하고 정규화 (add & norm)",
                       "피드포워드 (feed-forward)", "더하고 정규화 (add & norm)")
TRANSFORMER_DECODER = ("마스크된 셀프 어텐션\n(masked self-attention, 인과 마스크)", "더하고 정규화 (add & norm)",
                       "크로스 어텐션 (cross-attention)\nquery = 디코더, key·value = 인코더", "더하고 정규화 (add & norm)",
                       "피드포워드 (feed-forward)", "더하고 정규화 (add & norm)")


def transformer(*, decoder: bool = True, blocks: str = "N", highlight: str | None = None,
                title: str | None = None) -> plt.Figure:
    """A transformer block: encoder column (and, with ``decoder=True``, the decoder column beside it).

    Bottom to top. Encoder: token + positional embedding, then one block of multi-head
    self-attention → add & norm → feed-forward → add & norm, in a dashed frame marked ×``blocks``.
    Decoder: masked (causal) self-attention → add & norm → cross-attention (keys and values from
    the encoder's output) → add & norm → feed-forward → add & norm, then Dense + softmax.
    Each add & norm gets a residual arrow that skips the sublayer under it. ``highlight`` colours
    every sublayer whose label contains that text (e.g. "cross"). Sublayers carry gids
    ``encoder:i`` / ``decoder:i`` (bottom = 0), residuals ``residual:encoder:i`` /
    ``residual:decoder:i``, the encoder → decoder arrow ``cross``. Returns the Figure.
    """
    col_w, box_h, gap = 4.6, 0.75, 0.42
    columns = [("encoder", TRANSFORMER_ENCODER, "입력 토큰", "임베딩 + 위치 임베딩\n(embedding + positional)")]
    if decoder:
        columns.append(("decoder", TRANSFORMER_DECODER, "디코더 입력 (<s> + 앞 글자들)",
                        "임베딩 + 위치 임베딩\n(embedding + positional)"))
    n_rows = len(TRANSFORMER_DECODER if decoder else TRANSFORMER_ENCODER) + 2 + (1 if decoder else 0)
    width = 1.2 + len(columns) * col_w + (len(columns) - 1) * 2.4
    height = 0.9 + n_rows * (box_h + gap) + 0.2
    fig, ax = canvas(width, height, figsize=(min(1.15 * width, 14), min(0.85 * height, 11)))
    tops = {}
    sublayer_boxes = {}
    for c, (name, sublayers, input_label, embed_label) in enumerate(columns):
        x = 1.0 + c * (col_w + 2.4)
        y = 0.3
        box(ax, x + 0.4, y, col_w - 0.8, box_h, input_label, kind="input", fontsize=9)
        y += box_h + gap
        arrow(ax, (x + col_w / 2, y - gap), (x + col_w / 2, y))
        box(ax, x, y, col_w, box_h, embed_label, kind="input", fontsize=8.5)
        frame_bottom = y + box_h + gap / 2
        below = y + box_h  # 직전 상자의 윗변
        for i, label in enumerate(sublayers):
            y += box_h + gap
            arrow(ax, (x + col_w / 2, below), (x + col_w / 2, y))
            is_norm = label.startswith("더하고")
            kind = "state" if is_norm else "layer"
            if highlight is not None and highlight in label:
                kind = "highlight"
            patch = box(ax, x, y, col_w, box_h, label, kind=kind, fontsize=8.5)
            patch.set_gid(f"{name}:{i}")
            sublayer_boxes[(name, i)] = (x, y)
            if is_norm:
                # 잔차 연결(residual): 아래 층에 들어가기 전의 값을 더한다
                start_y = sublayer_boxes[(name, i - 1)][1] - gap / 2
                res = arrow(ax, (x, start_y), (x, y + box_h / 2), rad=-0.55, color="#4d4d4d", lw=1.1)
                res.set_gid(f"residual:{name}:{i}")
            below = y + box_h
        frame_top = y + box_h + gap / 2
        ax.add_patch(Rectangle((x - 0.55, frame_bottom), col_w + 0.85, frame_top - frame_bottom, fill=False,
                               edgecolor=COLORS["edge"], lw=1, ls="--"))
        word = "인코더 블록 (encoder)" if name == "encoder" else "디코더 블록 (decoder)"
        ax.text(x + col_w + 0.45, (frame_bottom + frame_top) / 2, f"{word} ×{blocks}", ha="left", va="center",
                rotation=90, fontsize=11, fontweight="bold")
        tops[name] = (x, below)
    if decoder:
        x_dec, below = tops["decoder"]
        y = below + gap + 0.35
        arrow(ax, (x_dec + col_w / 2, below), (x_dec + col_w / 2, y))
        box(ax, x_dec + 0.4, y, col_w - 0.8, box_h, "Dense + softmax: 다음 토큰의 확률", kind="output", fontsize=9)
    # 인코더의 출력: 자리마다 벡터 하나
    x_enc, enc_top = tops["encoder"]
    out_y = enc_top + gap + 0.7
    arrow(ax, (x_enc + col_w / 2, enc_top), (x_enc + col_w / 2, out_y))
    box(ax, x_enc + 0.4, out_y, col_w - 0.8, box_h, "인코더 출력 (자리마다 벡터 하나)", kind="output", fontsize=9)
    if decoder:
        # 인코더의 출력이 크로스 어텐션의 key·value가 된다
        cross_x, cross_y = sublayer_boxes[("decoder", 2)]
        cross = arrow(ax, (x_enc + col_w - 0.4, out_y + box_h / 2), (cross_x, cross_y + box_h / 2), lw=2,
                      color="#d6604d", rad=0.15)
        cross.set_gid("cross")
        ax.text((x_enc + col_w + cross_x) / 2 + 0.1, (out_y + cross_y + box_h) / 2 + 0.25, "key·value", ha="center",
                va="bottom", fontsize=9, color="#b2182b")
    ax.set_title(title if title is not None else
                 "트랜스포머 (transformer): 주황 = 가중치가 있는 층, 보라 = 더하고 정규화, 굽은 화살표 = 잔차 연결",
                 fontsize=10.5)
    return fig


def data_parallel(replicas: int = 2, global_batch: int = 64, *, title: str | None = None) -> plt.Figure:
    """Synchronous data parallelism: one global batch, ``replicas`` model copies, one all-reduce.

    Top to bottom: the global batch split into one shard per replica (sizes as ``np.array_split``
    gives them); each replica holds a full copy of the model with the same weights W and computes
    its own gradient g_i on its shard; all-reduce adds the gradients (each replica's loss is
    averaged over the *global* batch, so the sum is the gradient of the global mean) and hands the
    result to every replica; every replica applies the same update, so the weights stay equal.
    Gids: ``shard:i``, ``replica:i``, ``grad:i``, ``allreduce``, ``update:i``. Returns the Figure.
    """
    if isinstance(replicas, bool) or not isinstance(replicas, (int, np.integer)) or replicas < 1:
        raise ValueError(f"replicas must be a positive whole number, got {replicas!r}")
    if isinstance(global_batch, bool) or not isinstance(global_batch, (int, np.integer)) or global_batch < replicas:
        raise ValueError(f"global_batch must be a whole number ≥ replicas ({replicas}), got {global_batch!r}")
    sizes = [len(part) for part in np.array_split(np.arange(global_batch), replicas)]
    col_w, col_gap = 3.4, 1.2
    width = 0.6 + replicas * col_w + (replicas - 1) * col_gap + 0.6
    height = 10.2
    fig, ax = canvas(width, height, figsize=(min(1.2 * width + 1, 14), 7.5))
    xs = [0.6 + r * (col_w + col_gap) for r in range(replicas)]
    left, right = xs[0], xs[-1] + col_w
    # 전역 배치: 한 줄로 그리고 조각마다 칸을 나눈다
    bar_y = 8.6
    total_w = right - left
    cursor = left
    edges = []
    for size in sizes:
        w = total_w * size / global_batch
        box(ax, cursor, bar_y, w, 0.6, f"{size}개", kind="input", fontsize=9, rounded=False)
        edges.append((cursor, w))
        cursor += w
    ax.text((left + right) / 2, bar_y + 0.75, f"전역 배치 (global batch) {global_batch}개 = 복제본 {replicas}개에 나눔",
            ha="center", va="bottom", fontsize=10.5, fontweight="bold")
    grad_y, ar_y = 4.0, 2.3
    for r, x in enumerate(xs):
        cx = x + col_w / 2
        ax.add_patch(Rectangle((x - 0.2, grad_y - 0.25), col_w + 0.4, 7.9 - grad_y + 0.25, fill=False,
                               edgecolor=COLORS["edge"], lw=0.8, ls=":"))
        ax.text(x - 0.1, 7.8, f"장치 {r} (GPU/CPU)", ha="left", va="top", fontsize=8, color="#555555")
        bx, bw = edges[r]
        arrow(ax, (bx + bw / 2, bar_y), (cx, 6.95))
        box(ax, x + 0.3, 6.3, col_w - 0.6, 0.65, f"조각 (shard) {r}: {sizes[r]}개", kind="input",
            fontsize=8.5).set_gid(f"shard:{r}")
        arrow(ax, (cx, 6.3), (cx, 5.75))
        box(ax, x, 4.85, col_w, 0.9, f"복제본 (replica) {r}\n모델 전체의 복사본, 가중치 $W$", kind="layer",
            fontsize=8.5).set_gid(f"replica:{r}")
        arrow(ax, (cx, 4.85), (cx, grad_y + 0.6))
        box(ax, x + 0.4, grad_y, col_w - 0.8, 0.6, f"기울기 $g_{{{r}}}$", kind="state", fontsize=9).set_gid(f"grad:{r}")
        arrow(ax, (cx, grad_y), (cx, ar_y + 0.8), color="#d6604d", lw=1.8)
    terms = " + ".join(f"$g_{{{r}}}$" for r in range(replicas))
    box(ax, left, ar_y, total_w, 0.9, f"all-reduce: $g$ = {terms}\n(복제본마다 손실을 전역 배치 크기로 나누므로, 합 = 전체 평균의 기울기)",
        kind="highlight", fontsize=8.5).set_gid("allreduce")
    for r, x in enumerate(xs):
        cx = x + col_w / 2
        arrow(ax, (cx, ar_y), (cx, 1.35), color="#d6604d", lw=1.8)
        box(ax, x + 0.2, 0.7, col_w - 0.4, 0.65, r"$W \leftarrow W - \eta\, g$", kind="output", fontsize=10).set_gid(f"update:{r}")
    ax.text((left + right) / 2, 0.3, "모든 복제본이 같은 $g$로 같은 갱신을 하므로 가중치가 계속 똑같다", ha="center", va="center",
            fontsize=9.5)
    ax.set_title(title if title is not None else "동기식 데이터 병렬화 (data parallelism)와 all-reduce", fontsize=11)
    return fig


# --- pictures for notebooks 26–28 (issue #22): autoencoder, GAN, transposed convolution ---
# Labels here are Korean with the English term in parentheses, like the notebooks' prose (issue #22:
# the course's plots speak Korean; the Hangul font comes from the course's font setup).


def autoencoder_hourglass(widths: Sequence[int] = (784, 128, 64, 32, 64, 128, 784), *,
                          title: str | None = None) -> plt.Figure:
    """An autoencoder as an hourglass: layer widths narrowing to the code, then widening back.

    ``widths`` are the numbers of units from the input to the reconstruction, e.g. 000's 3 → 2 → 3
    or the stacked 784 → 128 → 64 → 32 → 64 → 128 → 784. Each layer is a bar whose height grows with
    the logarithm of its width (the number is written under it); the narrowest layer is the code
    (bottleneck, highlighted). Brackets name the encoder (input → code) and the decoder (code →
    reconstruction). Bars carry gids ``layer:i``; the shaded connections ``link:i``. Returns the Figure.
    """
    widths = list(widths)
    if len(widths) < 3:
        raise ValueError(f"an autoencoder needs at least 3 layers (input, code, output), got {len(widths)}")
    if any(isinstance(w, bool) or not isinstance(w, (int, np.integer)) or w < 1 for w in widths):
        raise ValueError(f"every width must be a positive whole number, got {widths}")
    code = int(np.argmin(widths))
    if not 0 < code < len(widths) - 1 or widths[code] >= min(widths[0], widths[-1]):
        raise ValueError(f"the code (the narrowest layer) must lie strictly inside and be narrower than the input "
                         f"and the output, got {widths}")
    top = max(widths)

    def height(w):  # log scale: 2 and 784 both stay readable
        return 1.0 + 3.2 * np.log(w) / np.log(max(top, 3))

    gap, bar_w, mid = 1.7, 0.55, 3.6
    width = 1.2 + len(widths) * bar_w + (len(widths) - 1) * gap
    fig, ax = canvas(width, 7.0, figsize=(min(1.3 + 1.35 * len(widths), 12), 4.6))
    lefts = [0.6 + i * (bar_w + gap) for i in range(len(widths))]
    for i, (x, w) in enumerate(zip(lefts, widths, strict=True)):
        h = height(w)
        kind = "input" if i == 0 else "output" if i == len(widths) - 1 else "highlight" if i == code else "layer"
        box(ax, x, mid - h / 2, bar_w, h, kind=kind, rounded=False).set_gid(f"layer:{i}")
        ax.text(x + bar_w / 2, mid - h / 2 - 0.15, f"{w:,}", ha="center", va="top", fontsize=9)
        if i + 1 < len(widths):  # 다음 층과 잇는 사다리꼴: 폭이 줄어들거나 늘어나는 모양
            h2, x2 = height(widths[i + 1]), lefts[i + 1]
            ax.fill([x + bar_w, x2, x2, x + bar_w], [mid - h / 2, mid - h2 / 2, mid + h2 / 2, mid + h / 2],
                    color=COLORS["frozen"], alpha=0.45, lw=0, gid=f"link:{i}")
    ax.text(lefts[0] + bar_w / 2, mid + height(widths[0]) / 2 + 0.12, "입력 x", ha="center", va="bottom", fontsize=10)
    ax.text(lefts[code] + bar_w / 2, mid + height(widths[code]) / 2 + 0.12, "코드 z\n(병목, bottleneck)",
            ha="center", va="bottom", fontsize=9.5, fontweight="bold")
    ax.text(lefts[-1] + bar_w / 2, mid + height(widths[-1]) / 2 + 0.12, r"복원 $\hat{x}$", ha="center", va="bottom",
            fontsize=10)
    for start, end, caption in ((lefts[0], lefts[code] + bar_w, "인코더(encoder)"),
                                (lefts[code], lefts[-1] + bar_w, "디코더(decoder)")):
        y = 0.55
        ax.plot([start, start, end, end], [y + 0.15, y, y, y + 0.15], color=COLORS["edge"], lw=1)
        ax.text((start + end) / 2, y - 0.1, caption, ha="center", va="top", fontsize=10)
    arrow(ax, (lefts[-1] + bar_w / 2, 6.55), (lefts[0] + bar_w / 2, 6.55), style="<->", color="#7b3294")
    ax.text((lefts[0] + lefts[-1] + bar_w) / 2, 6.6, r"손실 = $\|x - \hat{x}\|^2$ (정답 = 입력 자신)",
            ha="center", va="bottom", fontsize=9.5, color="#7b3294")
    arrows = r" $\to$ ".join(f"{w:,}" for w in widths)
    ax.set_title(title if title is not None else f"오토인코더(autoencoder): {arrows}", fontsize=11)
    return fig


GAN_STEPS = (None, "D", "G")


def gan_flow(*, step: str | None = None, title: str | None = None) -> plt.Figure:
    """The GAN flow: noise z → generator G → fake images; real images and fakes → discriminator D → P(real).

    ``step`` colours one training step the way 27's table describes it: ``"D"`` (D learns from
    real → 1 and fake → 0; G is frozen, grey), ``"G"`` (G learns from fake → 1 through D; D is
    frozen, grey) or None (both networks as layers that learn). Boxes carry gids ``noise``,
    ``G``, ``fake``, ``real``, ``D``, ``prob``, ``labels``. Returns the Figure.
    """
    if step not in GAN_STEPS:
        raise ValueError(f"step must be one of {GAN_STEPS}, got {step!r}")
    fig, ax = canvas(13.0, 6.0, figsize=(11, 5.1))
    g_kind = "frozen" if step == "D" else "layer"
    d_kind = "frozen" if step == "G" else "layer"
    parts = {  # gid: (x, y, w, h, text, kind)
        "noise": (0.2, 0.9, 2.0, 1.2, "잡음 z\n~ N(0, 1)", "input"),
        "G": (3.0, 0.8, 2.0, 1.4, "생성자 G\n(Generator)", g_kind),
        "fake": (5.9, 0.9, 2.0, 1.2, "가짜 이미지\nG(z)", "output"),
        "real": (5.9, 3.9, 2.0, 1.2, "진짜 이미지 x\n(데이터)", "input"),
        "D": (8.7, 2.3, 2.0, 1.4, "판별자 D\n(Discriminator)", d_kind),
        "prob": (11.2, 2.4, 1.6, 1.2, "진짜일\n확률 D(·)", "output"),
    }
    for gid, (x, y, w, h, text, kind) in parts.items():
        box(ax, x, y, w, h, text, kind=kind, fontsize=9.5).set_gid(gid)
    arrow(ax, (2.2, 1.5), (3.0, 1.5))
    arrow(ax, (5.0, 1.5), (5.9, 1.5))
    arrow(ax, (7.9, 1.5), (8.7, 2.7))
    arrow(ax, (7.9, 4.5), (8.7, 3.3), color="#bbbbbb" if step == "G" else None)  # G 단계에는 진짜 이미지가 쓰이지 않음
    arrow(ax, (10.7, 3.0), (11.2, 3.0))
    if step == "G":
        labels = r"가짜 $\to$ 1 (속이기)\nG만 업데이트, D는 고정"
    elif step == "D":
        labels = r"진짜 $\to$ 1, 가짜 $\to$ 0\nD만 업데이트, G는 고정"
    else:
        labels = r"D: 진짜 $\to$ 1, 가짜 $\to$ 0\nG: 가짜 $\to$ 1 (D를 속이기)"
    box(ax, 9.6, 4.55, 3.3, 1.2, labels, kind="highlight" if step else "state", fontsize=9).set_gid("labels")
    arrow(ax, (12.0, 3.6), (11.6, 4.55), style="-", color="#7b3294")
    # 기울기가 돌아가는 길: D 단계는 D까지, G 단계는 D를 지나 G까지
    back = "#7b3294"
    if step in (None, "D"):
        arrow(ax, (11.6, 2.4), (10.0, 2.3), color=back, rad=-0.4, lw=1.1)
    if step in (None, "G"):
        arrow(ax, (9.5, 2.3), (4.3, 0.8), color=back, rad=-0.25, lw=1.1)
        ax.text(6.9, 0.25, "G의 기울기는 D를 통과해서 옴", ha="center", va="center", fontsize=8.5, color=back)
    names = {None: "GAN의 흐름(GAN flow)", "D": "1단계: 판별자(D) 학습", "G": "2단계: 생성자(G) 학습"}
    ax.set_title(title if title is not None else names[step], fontsize=11)
    return fig


def _normal_pdf(x, mean, std):
    return np.exp(-0.5 * ((x - mean) / std) ** 2) / (std * np.sqrt(2 * np.pi))


def gan_distributions(g_shifts: Sequence[float] = (2.5, 1.5, 0.6, 0.0), *, data_mean: float = 0.0,
                      data_std: float = 1.0, title: str | None = None) -> plt.Figure:
    """Goodfellow et al. (2014), figure 1, drawn from the formulas: p_data, p_g and the best D as G learns.

    One panel per entry of ``g_shifts``: the generator's distribution p_g is a normal curve whose
    mean sits ``shift`` to the left of the data's (and whose spread shrinks with it); the
    discriminator drawn is the best one for that G, D*(x) = p_data(x) / (p_data(x) + p_g(x)).
    Colours as in the paper and 000 L1544–1546: p_data black dotted, D blue dashed, p_g green solid.
    With shift 0 the two distributions are equal and D* = 1/2 everywhere (the dotted grey line).
    Lines carry gids ``p_data:k``, ``p_g:k``, ``D:k`` for panel k. Returns the Figure.
    """
    shifts = [float(s) for s in g_shifts]
    if not shifts:
        raise ValueError("gan_distributions needs at least one generator position")
    if any(s < 0 for s in shifts) or data_std <= 0:
        raise ValueError(f"shifts must be ≥ 0 and data_std > 0, got {shifts} and {data_std}")
    x = np.linspace(data_mean - 4.5 * data_std - max(shifts), data_mean + 4.5 * data_std, 400)
    p_data = _normal_pdf(x, data_mean, data_std)
    fig, axes = plt.subplots(1, len(shifts), figsize=(3.1 * len(shifts), 3.0), sharey=True, squeeze=False)
    for k, (ax, shift) in enumerate(zip(axes[0], shifts, strict=True)):
        g_std = data_std * (1.0 + 0.25 * shift)
        p_g = _normal_pdf(x, data_mean - shift, g_std)
        d_star = p_data / (p_data + p_g)
        ax.plot(x, p_data, "k:", lw=2, label=r"$p_{data}$ (진짜 데이터)", gid=f"p_data:{k}")
        ax.plot(x, p_g, "-", color="green", lw=1.8, label=r"$p_g$ (생성자)", gid=f"p_g:{k}")
        ax.plot(x, d_star, "--", color="blue", lw=1.5, label="D (판별자)", gid=f"D:{k}")
        ax.axhline(0.5, color="gray", lw=0.8, ls=":")
        letter = "abcdefghij"[k] if k < 10 else str(k)
        ax.set_title(f"({letter}) 거리 {shift:g}" + (": D = 1/2" if shift == 0 else ""), fontsize=10)
        ax.set_xlabel("x")
        ax.set_ylim(0, 1.05)
        ax.locator_params(axis="x", nbins=5)
    axes[0][0].set_ylabel("확률 밀도 / D(x)")
    axes[0][0].legend(fontsize=8, loc="upper left")
    fig.suptitle(title if title is not None else
                 "GAN의 목표: 두 분포의 차이를 줄이기 (검은 점선 = 데이터, 녹색 = 생성자, 파란 점선 = 판별자)", fontsize=10.5)
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.17, top=0.8, wspace=0.15)  # tight_layout보다 빠름
    return fig


def transposed_conv_stamps(x, kernel, stride: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Transposed convolution computed as stamping: (output, overlap counts), both (n−1)·s + k square.

    Every input value x[i, j] adds x[i, j] × kernel to the output at rows i·s … i·s+k−1, columns
    j·s … j·s+k−1; where stamps overlap, the values add. ``counts`` says how many stamps reached
    each output cell. This is Keras' ``Conv2DTranspose(padding="valid", use_bias=False)`` for one
    channel when kernel ≥ stride; ``padding="same"`` keeps the n·s × n·s block that starts at
    (k − s) // 2 (checked against Keras in tests/test_diagrams_part6.py).
    """
    x, kernel = np.asarray(x, dtype=float), np.asarray(kernel, dtype=float)
    if x.ndim != 2 or kernel.ndim != 2 or 0 in x.shape or 0 in kernel.shape:
        raise ValueError(f"x and kernel must be non-empty 2-D arrays, got shapes {x.shape} and {kernel.shape}")
    if kernel.shape[0] != kernel.shape[1]:
        raise ValueError(f"the kernel must be square, got {kernel.shape}")
    if isinstance(stride, bool) or not isinstance(stride, (int, np.integer)) or stride < 1:
        raise ValueError(f"stride must be a positive whole number, got {stride!r}")
    k = kernel.shape[0]
    if k < stride:
        raise ValueError(f"kernel {k} < stride {stride}: the stamps would leave gaps (Keras then pads the kernel)")
    rows, cols = x.shape
    out = np.zeros(((rows - 1) * stride + k, (cols - 1) * stride + k))
    counts = np.zeros_like(out, dtype=int)
    for i in range(rows):
        for j in range(cols):
            out[i * stride:i * stride + k, j * stride:j * stride + k] += x[i, j] * kernel
            counts[i * stride:i * stride + k, j * stride:j * stride + k] += 1
    return out, counts


def transposed_conv_same_crop(n: int, kernel: int, stride: int) -> tuple[int, int]:
    """(start, size) of the block Keras' ``padding="same"`` keeps from the full stamping, per axis."""
    return max(kernel - stride, 0) // 2, n * stride


def transposed_conv_stamping(x=((1, 2), (3, 4)), kernel=((1, 1, 1), (1, 1, 1), (1, 1, 1)), stride: int = 2, *,
                             show_same: bool = True, title: str | None = None) -> plt.Figure:
    """Transposed convolution as stamping, drawn from the numbers it computes.

    Left to right: the input, the kernel, one stamp per input value (value × kernel, placed
    ``stride`` cells apart in an output-sized frame; cells a stamp does not reach are grey), and
    the output = the sum of the stamps, each cell coloured by how many stamps overlap there (the
    uneven overlaps are the checkerboard artefact). With ``show_same`` a dashed square marks the
    part Keras' ``padding="same"`` keeps. Cells carry gids ``input:r,c``, ``kernel:r,c``,
    ``stamp<i>,<j>:r,c`` and ``output:r,c``; the square is ``same-crop``. Returns the Figure.
    """
    x, kernel = np.asarray(x, dtype=float), np.asarray(kernel, dtype=float)
    out, counts = transposed_conv_stamps(x, kernel, stride)
    rows, cols = x.shape
    k, size = kernel.shape[0], out.shape[0]
    cell = 0.5 if size <= 7 else 0.35
    frame = size * cell
    gap = 0.9
    x_in, x_k = 0.3, 0.3 + cols * cell + gap
    x_st = x_k + k * cell + gap + 0.4
    stamps_w = cols * frame + (cols - 1) * 0.35
    x_out = x_st + stamps_w + gap + 0.5
    stamps_h = rows * frame + (rows - 1) * 0.55
    height = stamps_h + 1.6
    width = x_out + frame + 0.3
    scale = min(1.2, 14 / width, 9 / height)
    fig, ax = canvas(width, height, figsize=(scale * width, scale * height))
    top = height - 1.0
    fontsize = 8 if cell >= 0.5 else 6.5

    def fmt(v):
        return f"{v:g}"

    start = len(ax.patches)
    number_grid(ax, x, x_in, top - rows * cell, cell=cell, kind="input", fmt="{:g}", fontsize=fontsize)
    _tag_new_patches(ax, start, "input", cols)
    ax.text(x_in + cols * cell / 2, top + 0.15, f"입력 {rows}x{cols}", ha="center", va="bottom", fontsize=9)
    start = len(ax.patches)
    number_grid(ax, kernel, x_k, top - k * cell, cell=cell, kind="layer", fmt="{:g}", fontsize=fontsize)
    _tag_new_patches(ax, start, "kernel", k)
    ax.text(x_k + k * cell / 2, top + 0.15, f"커널 {k}x{k}", ha="center", va="bottom", fontsize=9)
    arrow(ax, (x_st - 0.75, top - stamps_h / 2), (x_st - 0.1, top - stamps_h / 2))

    # 도장: 입력 값 하나 × 커널을 출력 크기의 틀 안 제자리에
    for i in range(rows):
        for j in range(cols):
            fx, fy = x_st + j * (frame + 0.35), top - (i + 1) * frame - i * 0.55
            stamp = np.zeros((size, size))
            stamp[i * stride:i * stride + k, j * stride:j * stride + k] = x[i, j] * kernel
            start = len(ax.patches)
            number_grid(ax, stamp, fx, fy, cell=cell, kind="output", fmt="{:g}", fontsize=fontsize - 1)
            cells = _tag_new_patches(ax, start, f"stamp{i},{j}", size)
            texts = ax.texts[-size * size:]
            for n, (patch, text) in enumerate(zip(cells, texts, strict=True)):
                r, c = divmod(n, size)
                if not (i * stride <= r < i * stride + k and j * stride <= c < j * stride + k):
                    patch.set_facecolor(COLORS["frozen"])
                    text.set_text("")
            ax.text(fx + frame / 2, fy + frame + 0.05, f"{fmt(x[i, j])} × 커널", ha="center", va="bottom", fontsize=8)
    ax.text(x_out - 0.45, top - stamps_h / 2, "=", ha="center", va="center", fontsize=16)

    # 출력: 도장의 합, 색 = 겹친 도장 수
    oy = top - stamps_h / 2 - frame / 2
    start = len(ax.patches)
    number_grid(ax, out, x_out, oy, cell=cell, kind="output", fmt="{:g}", fontsize=fontsize)
    cmap = plt.get_cmap("Oranges")
    most = counts.max()
    for n, patch in enumerate(_tag_new_patches(ax, start, "output", size)):
        r, c = divmod(n, size)
        patch.set_facecolor(cmap(0.15 + 0.6 * (counts[r, c] - 1) / max(most - 1, 1)))
    levels = sorted(set(counts.ravel().tolist()))
    ax.text(x_out + frame / 2, oy + frame + 0.15, f"출력 {size}x{size} (valid)", ha="center", va="bottom", fontsize=9)
    ax.text(x_out + frame / 2, oy - 0.12, "색: 겹친 도장 수 " + "·".join(map(str, levels)), ha="center", va="top",
            fontsize=8)
    if show_same:
        begin, kept = transposed_conv_same_crop(rows, k, stride)
        if kept <= size:
            ax.add_patch(Rectangle((x_out + begin * cell, oy + (size - begin - kept) * cell), kept * cell, kept * cell,
                                   fill=False, edgecolor="#2166ac", lw=2.2, ls="--", gid="same-crop"))
            ax.text(x_out + frame / 2, oy - 0.45, f"파란 점선 = padding='same'이 남기는 {kept}x{kept}", ha="center",
                    va="top", fontsize=8, color="#2166ac")
    ax.set_title(title if title is not None else
                 f"전치 합성곱(Conv2DTranspose): 입력 값마다 커널을 {stride}칸씩 옮겨 찍고, 겹치면 더한다", fontsize=10.5)
    return fig
