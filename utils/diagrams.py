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
