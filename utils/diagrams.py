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
    if ax is None:
        fig, ax = canvas(width, height, figsize=(min(0.55 * width, 14), min(0.55 * height, 9)))
    else:
        fig = ax.figure
        ax.set_xlim(0, width)
        ax.set_ylim(0, height)
        ax.set_aspect("equal")
        ax.axis("off")
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
    ring = " + zero padding" if padding == "same" else ""
    ax.text(x_in + wp / 2, base + 0.35, f"input {h}x{w}{ring}", ha="center", va="bottom", fontsize=10)

    # kernel
    start = len(ax.patches)
    k_shown = kernel_values if kernel_values is not None else np.zeros((kh, kw))
    number_grid(ax, k_shown, x_k, base - kh, kind="layer", fmt=blank_fmt(kernel_values), fontsize=9)
    _tag_new_patches(ax, start, "kernel", kw)
    ax.text(x_k + kw / 2, base + 0.35, f"kernel {kh}x{kw}", ha="center", va="bottom", fontsize=10)
    arrow(ax, (x_k + kw + 0.15, base - kh / 2), (x_out - 0.15, base - kh / 2))

    # output: the produced cell highlighted
    start = len(ax.patches)
    o_shown = output if output is not None else np.zeros((oh, ow))
    number_grid(ax, o_shown, x_out, base - oh, highlight=[(row, col)], kind="output", fmt=blank_fmt(output), fontsize=9)
    _tag_new_patches(ax, start, "output", ow)
    ax.text(x_out + ow / 2, base + 0.35, f"output {oh}x{ow}", ha="center", va="bottom", fontsize=10)

    if output is not None:
        terms = " + ".join(f"{a:g}x{b:g}" for a, b in zip(padded[r0:r0 + kh, c0:c0 + kw].ravel(), kernel_values.ravel(), strict=True))
        ax.text(0.3, 0.3, f"output[{row},{col}] = {terms} = {output[row, col]:g}", ha="left", va="bottom", fontsize=8)
    ax.set_title(title if title is not None else
                 f"kernel {kh}x{kw}, stride {stride}, padding='{padding}': output cell ({row}, {col})", fontsize=11)
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
    pool = "max pool" if pooling == "max" else "avg pool"
    flat = stages[5][1][0]
    operations = [
        (f"conv 5x5, 6\n{first_padding}, relu", (5 * 5 * 1 + 1) * 6),
        (f"{pool}\n2x2", 0),
        ("conv 5x5, 16\nvalid, relu", (5 * 5 * 6 + 1) * 16),
        (f"{pool}\n2x2", 0),
        ("flatten", 0),
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
        ax.text(x + w / 2, middle + h / 2 + 0.25, name, ha="center", va="bottom", fontsize=10, fontweight="bold")
        ax.text(x + w / 2, middle - h / 2 - 0.25, "x".join(map(str, shape)), ha="center", va="top", fontsize=9)
        right_edges.append(x + w)
        x += w + gap
    for i, (label, params) in enumerate(operations):
        start, end = right_edges[i] + 0.1, right_edges[i] + gap - 0.1
        arrow(ax, (start, middle), (end, middle))
        ax.text((start + end) / 2, middle + 0.15, label, ha="center", va="bottom", fontsize=8)
        if params:
            ax.text((start + end) / 2, middle - 0.15, f"{params:,} params", ha="center", va="top", fontsize=7.5,
                    color="#555555")
    total = sum(p for _, p in operations)
    ax.set_title(title if title is not None else
                 f"LeNet-5: {input_size}x{input_size}x1 input, C1 padding='{first_padding}', {pooling} pooling "
                 f"- {total:,} parameters", fontsize=11)
    return fig


# --- pictures for notebooks 13–17 (issue #15) ---


def frozen_base_new_head(base: Sequence[str] = ("conv block 1", "conv block 2", "conv block 3", "conv block 4"),
                         head: Sequence[str] = ("Dense\nsoftmax",), *, unfrozen_top: int = 0,
                         input_label: str = "image", output_label: str = "class\nprobabilities",
                         base_name: str = "pre-trained base", title: str | None = None) -> plt.Figure:
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
        base_caption = f"{base_name}: frozen (weights fixed)"
    elif unfrozen_top == len(base):
        base_caption = f"{base_name}: all unfrozen, small learning rate"
    else:
        base_caption = f"{base_name}: bottom frozen, top {unfrozen_top} fine-tuned (small learning rate)"
    groups = ((lefts[1], lefts[len(base)] + box_w, base_caption),
              (lefts[len(base) + 1], lefts[len(base) + len(head)] + box_w, "new head: trained"))
    for start, end, caption in groups:
        top = y + box_h + 0.25
        ax.plot([start, start, end, end], [top - 0.12, top, top, top - 0.12], color=COLORS["edge"], lw=1)
        ax.text((start + end) / 2, top + 0.1, caption, ha="center", va="bottom", fontsize=9)
    ax.text(width / 2, 0.35, "grey = frozen (not trained)   ·   orange = trained", ha="center", va="center", fontsize=8.5)
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
