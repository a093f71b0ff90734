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
