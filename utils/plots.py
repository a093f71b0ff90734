"""Plots that most notebooks need. Each returns the matplotlib Figure it drew.

Labels are in English so they render on any machine; :func:`utils.course.setup`
switches to a Korean font when one is installed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np


def _history_dict(history) -> Mapping[str, Sequence[float]]:
    """Accept a Keras ``History``, its ``.history`` dict, or a DataFrame."""
    if hasattr(history, "history"):
        history = history.history
    if hasattr(history, "to_dict") and hasattr(history, "columns"):
        history = {c: list(history[c]) for c in history.columns}
    if not isinstance(history, Mapping) or not history:
        raise ValueError("plot_history needs a Keras History, its .history dict or a DataFrame with columns")
    return history


def plot_history(history, metrics: Sequence[str] | None = None, *, title: str = "") -> plt.Figure:
    """Training vs validation curves, one panel per metric (loss first).

    ``metrics`` defaults to every metric that has no ``val_`` prefix.
    """
    hist = _history_dict(history)
    if metrics is None:
        metrics = [k for k in hist if not k.startswith("val_") and k not in ("learning_rate", "lr")]
        metrics.sort(key=lambda k: k != "loss")
    missing = [m for m in metrics if m not in hist]
    if missing:
        raise KeyError(f"history has no {missing}; it has {sorted(hist)}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5), squeeze=False)
    for ax, name in zip(axes[0], metrics, strict=True):
        epochs = np.arange(1, len(hist[name]) + 1)
        ax.plot(epochs, hist[name], "o-", label=f"학습 {name}")
        if f"val_{name}" in hist:
            ax.plot(epochs, hist[f"val_{name}"], "s--", label=f"검증 {name}")
        ax.set_xlabel("에폭 (epoch)")
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_images(
    images,
    titles: Sequence[str] | None = None,
    *,
    ncols: int = 4,
    cmap: str | None = "gray",
    size: float = 2.0,
    title_colors: Sequence[str] | None = None,
) -> plt.Figure:
    """A grid of images with optional titles (e.g. ``"true=7 pred=1"``).

    Images may be (H, W), (H, W, 1) or (H, W, 3), uint8 or float.
    """
    images = list(images)
    if not images:
        raise ValueError("show_images needs at least one image")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"{len(images)} images but {len(titles)} titles")
    ncols = max(1, min(ncols, len(images)))
    nrows = math.ceil(len(images) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.3 * nrows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= len(images):
            continue
        img = np.asarray(images[i])
        if img.ndim == 3 and img.shape[-1] == 1:
            img = img[..., 0]
        ax.imshow(img, cmap=cmap if img.ndim == 2 else None)
        if titles is not None:
            color = title_colors[i] if title_colors is not None else "black"
            ax.set_title(str(titles[i]), fontsize=9, color=color)
    fig.tight_layout()
    return fig


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts ``[true, predicted]`` for integer class labels."""
    y_true = np.asarray(y_true).astype(int).ravel()
    y_pred = np.asarray(y_pred).astype(int).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} labels but y_pred has {y_pred.size}")
    if n_classes is None:
        n_classes = int(max(y_true.max(initial=0), y_pred.max(initial=0))) + 1
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def plot_confusion_matrix(
    y_true, y_pred, class_names: Sequence[str] | None = None, *, normalize: bool = False, title: str = ""
) -> plt.Figure:
    """A seaborn heatmap of the confusion matrix (rows: true class, columns: predicted)."""
    import seaborn as sns

    n = len(class_names) if class_names is not None else None
    matrix = confusion_matrix(y_true, y_pred, n)
    shown = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1) if normalize else matrix
    labels = list(class_names) if class_names is not None else list(range(len(matrix)))
    size = max(4.0, 0.55 * len(matrix) + 2)
    fig, ax = plt.subplots(figsize=(size + 1, size))
    sns.heatmap(shown, annot=True, fmt=".2f" if normalize else "d", cmap="Blues", cbar=False,
                xticklabels=labels, yticklabels=labels, ax=ax)  # fmt: skip
    ax.set_xlabel("예측 (predicted)")
    ax.set_ylabel("정답 (true)")
    accuracy = np.trace(matrix) / max(matrix.sum(), 1)
    ax.set_title(title or f"혼동 행렬 (정확도 {accuracy:.1%})")
    fig.tight_layout()
    return fig


def plot_predictions(y_true, y_pred, *, title: str = "", unit: str = "") -> plt.Figure:
    """Predicted vs true values for regression, with the ideal ``y = x`` line."""
    y_true = np.asarray(y_true, dtype=float).ravel()
    y_pred = np.asarray(y_pred, dtype=float).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} values but y_pred has {y_pred.size}")
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.scatter(y_true, y_pred, s=14, alpha=0.6)
    low, high = float(min(y_true.min(), y_pred.min())), float(max(y_true.max(), y_pred.max()))
    ax.plot([low, high], [low, high], "r--", label="ideal: predicted = true")
    suffix = f" [{unit}]" if unit else ""
    ax.set_xlabel(f"true{suffix}")
    ax.set_ylabel(f"predicted{suffix}")
    mae = np.mean(np.abs(y_true - y_pred))
    ax.set_title(title or f"predicted vs true (MAE {mae:.3g})")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- model diagrams


def graphviz_available() -> bool:
    """``keras.utils.plot_model`` needs both pydot and Graphviz' ``dot`` program
    (``COURSE_WITHOUT=graphviz`` pretends it is missing, as on a fresh machine)."""
    import importlib.util
    import shutil

    from .modes import hidden_system_packages

    if "graphviz" in hidden_system_packages():
        return False
    return shutil.which("dot") is not None and importlib.util.find_spec("pydot") is not None


def _shape_text(shape) -> str:
    if isinstance(shape, list | tuple) and shape and isinstance(shape[0], list | tuple):
        return ", ".join(_shape_text(s) for s in shape)
    return str(tuple(shape)).replace("None", "N")


def _tensor_shapes(tensors) -> str:
    import keras

    shapes = [tuple(t.shape) for t in keras.tree.flatten(tensors)]
    if not shapes:
        return "?"
    return ", ".join(_shape_text(s) for s in shapes)


def _params(layer) -> int:
    import keras

    if isinstance(layer, keras.layers.InputLayer):
        return 0
    try:
        return layer.count_params()
    except ValueError:  # not built
        return 0


def _kind(layer) -> str:
    import keras

    kind = type(layer).__name__
    if isinstance(layer, keras.Model):
        kind += f", 안에 층 {len(layer.layers)}개"
    return kind


def _graph_lines(model) -> list[str]:
    """One line per layer call, in the order the data flows (a functional graph, also the one
    behind a built Sequential model): a layer called twice gets two lines."""
    graph = model._functional if hasattr(model, "_functional") else model
    by_depth = graph._nodes_by_depth
    order = {id(layer): i for i, layer in enumerate(graph.layers)}

    def label(node) -> str:
        layer = node.operation
        calls = layer._inbound_nodes
        if len(calls) > 1 and node in calls:
            return f"{layer.name}#{calls.index(node) + 1}"
        return layer.name

    lines: list[str] = []
    previous = None
    for depth in sorted(by_depth, reverse=True):
        for node in sorted(by_depth[depth], key=lambda n: order.get(id(n.operation), len(order))):
            layer = node.operation
            parents = [label(p) for p in node.parent_nodes]
            name = label(node)
            line = f"{name} ({_kind(layer)}) → {_tensor_shapes(node.output_tensors)}, 파라미터 {_params(layer):,}"
            if parents and parents != [previous]:
                line += f"   ← 입력: {', '.join(parents)}"
            lines.append(line)
            previous = name
    return lines


def _layer_lines(model) -> list[str]:
    """Fallback for a subclassed model: its layers in the order they were created."""
    lines = []
    for layer in model.layers:
        try:
            shape = _tensor_shapes(layer.output)
        except (AttributeError, ValueError):
            shape = "?"
        lines.append(f"{layer.name} ({_kind(layer)}) → {shape}, 파라미터 {_params(layer):,}")
    return lines


def model_diagram_text(model) -> str:
    """The model as text: one line per layer (per call, for a layer used twice) with its type,
    output shape and parameter count, in the order data flows; ``← 입력: a, b`` names the
    layers a line takes its input from wherever that is not simply the line above (branches,
    merges, skip connections). Works for Sequential, functional, branching and nested models;
    an unbuilt model is reported as such instead of failing."""
    if not model.built:
        return f"모델 '{model.name}' ({type(model).__name__}): 아직 만들어지지 않았습니다(build 전이라 모양을 모릅니다)."
    head = f"모델 '{model.name}' ({type(model).__name__}), 파라미터 {model.count_params():,}개"
    try:
        lines = _graph_lines(model)
    except AttributeError:  # a subclassed model has no graph of nodes
        lines = _layer_lines(model)
    return "\n".join([head, *("  " + line for line in lines)])


class ModelDiagram(str):
    """What :func:`model_diagram` returns: the text diagram (a ``str``), with ``.image`` the
    Graphviz picture or ``None``. It was already shown, so as a cell's last value it shows
    nothing more (no second copy, no quoted string)."""

    image = None

    def _ipython_display_(self) -> None:
        pass


def model_diagram(model, *, to_file: str | None = None, show_shapes: bool = True, dpi: int = 60) -> ModelDiagram:
    """Show a model's structure, wherever the call is in a cell: with ``keras.utils.plot_model``
    when Graphviz is installed, otherwise :func:`model_diagram_text` with a one-line note (a fresh
    machine has no ``dot``; the notebook still runs and still shows every connection).

    Returns a :class:`ModelDiagram`: the text, and ``.image`` the picture when there is one."""
    text = ModelDiagram(model_diagram_text(model))
    if graphviz_available():
        import os
        import tempfile

        import keras
        from IPython.display import Image, display

        path = to_file or os.path.join(tempfile.mkdtemp(prefix="model_"), f"{model.name}.png")
        keras.utils.plot_model(model, to_file=path, show_shapes=show_shapes, dpi=dpi)
        text.image = Image(filename=path)
        display(text.image)
        return text
    print("(Graphviz의 dot 프로그램이 없어 그림 대신 글로 보여 줍니다. 그림을 원하면 Graphviz를 설치하세요.)")
    print(text)
    return text
