"""Plots that most notebooks need. Each returns the matplotlib Figure it drew.

Titles, axis labels and legends are Korean, with the English term in parentheses where the
notes use it ("손실(loss)", "에폭(epoch)"). They render on any machine, with no system font:
:func:`use_korean_font` (called by :func:`utils.course.setup`) points matplotlib at the
NanumGothic that the ``koreanize-matplotlib`` package ships (requirements-nodeps.txt).
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

from .colab import note_package_read

# --------------------------------------------------------------------------- Korean text

KOREAN_FONT_PACKAGE = "koreanize-matplotlib"  # pinned in requirements-nodeps.txt
KOREAN_FONT_PIN = "0.1.1"
KOREAN_FONT = "NanumGothic"
# Used only where the package is missing: a Korean font the system may have (Linux, Windows, macOS).
SYSTEM_KOREAN_FONTS = ("NanumGothic", "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "AppleGothic")
# Glyphs the Korean font lacks (U+2212 minus, ✓ …) come from matplotlib's own DejaVu Sans.
FALLBACK_FONT = "DejaVu Sans"
NO_KOREAN_FONT_MESSAGE = (
    "ℹ️ 한글 글꼴을 찾지 못해 그림의 한글이 네모(□)로 보일 수 있습니다(코드는 그대로 실행됩니다). "
    f"`pip install --no-deps {KOREAN_FONT_PACKAGE}=={KOREAN_FONT_PIN}`로 설치한 뒤 커널을 다시 시작하세요."
)
_warned_no_font = False


def bundled_font_dir() -> Path | None:
    """The ``fonts`` folder of the installed ``koreanize_matplotlib`` package, or None.

    Found without importing the package: its import runs ``koreanize()`` at once and needs
    ``distutils``, which Python 3.12+ no longer has; the course only reads its font files."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None:  # installed a moment ago in this session (Colab's setup cell): look again
        importlib.invalidate_caches()
        spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        fonts = Path(location) / "fonts"
        if (fonts / f"{KOREAN_FONT}.ttf").is_file():
            note_package_read(KOREAN_FONT_PACKAGE)  # a Colab extra of every notebook that plots
            return fonts
    return None


def _clear_font_caches() -> None:
    """Forget matplotlib's font look-ups (private caches; skipped where a version lacks one)."""
    for cached in (getattr(font_manager.fontManager, "_findfont_cached", None), getattr(font_manager, "_get_font", None)):
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()


def only_bundled_fonts() -> None:
    """Make matplotlib see only the fonts shipped with Python packages (its own DejaVu and the
    bundled NanumGothic), as on a machine with no font installed. ``COURSE_WITHOUT=fonts-nanum``
    does this in :func:`use_korean_font`; the font test uses it so that a system Hangul font
    (e.g. Debian's fonts-nanum) cannot hide a missing glyph."""
    roots = [Path(matplotlib.get_data_path()).resolve()]
    bundled = bundled_font_dir()
    if bundled is not None:
        roots.append(bundled.resolve())
    fm = font_manager.fontManager
    fm.ttflist = [f for f in fm.ttflist if any(Path(f.fname).resolve().is_relative_to(r) for r in roots)]
    _clear_font_caches()


def use_korean_font(*, quiet: bool = False) -> str | None:
    """Render Korean in every later plot; return the font's name, or None when there is none.

    Adds the NanumGothic files of ``koreanize-matplotlib`` to matplotlib (once) and sets
    ``font.family`` to [NanumGothic, DejaVu Sans] (per-glyph fallback) and
    ``axes.unicode_minus`` off (NanumGothic has no U+2212; the ASCII minus renders). Without
    the package it uses a Korean system font if there is one, else prints one Korean line
    (once per session, unless ``quiet``) and leaves matplotlib's defaults: nothing fails.
    Safe to call again, e.g. after a style change (see :func:`set_theme`)."""
    global _warned_no_font
    from .modes import hidden_system_packages

    if "fonts-nanum" in hidden_system_packages():
        only_bundled_fonts()
    fm = font_manager.fontManager
    name = None
    bundled = bundled_font_dir()
    if bundled is not None:
        known = {Path(f.fname).resolve() for f in fm.ttflist}
        for path in sorted(bundled.glob("*.ttf")):
            if path.resolve() not in known:
                fm.addfont(str(path))
        name = KOREAN_FONT
    else:
        installed = {f.name for f in fm.ttflist}
        name = next((font for font in SYSTEM_KOREAN_FONTS if font in installed), None)
    if name is None:
        if not (quiet or _warned_no_font):
            print(NO_KOREAN_FONT_MESSAGE)
            _warned_no_font = True
        return None
    matplotlib.rcParams["font.family"] = [name, FALLBACK_FONT]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name


def set_theme(**kwargs) -> None:
    """``seaborn.set_theme(**kwargs)``, then Korean again: seaborn's styles reset ``font.family``
    to "sans-serif" and its font list, which has no Hangul. Notebooks call this, never
    ``sns.set_theme``/``sns.set_style``/``plt.style.use`` directly (tests/test_korean_font.py)."""
    import seaborn as sns

    sns.set_theme(**kwargs)
    use_korean_font(quiet=True)


use_korean_font(quiet=True)  # every plot below has Korean labels; course.setup() calls it again, not quietly


# Axis names of the metrics Keras reports, as the notes say them; any other name is shown as it is.
METRIC_NAMES = {
    "loss": "손실(loss)",
    "accuracy": "정확도(accuracy)",
    "acc": "정확도(accuracy)",
    "binary_accuracy": "정확도(accuracy)",
    "sparse_categorical_accuracy": "정확도(accuracy)",
    "categorical_accuracy": "정확도(accuracy)",
    "mae": "평균 절대 오차(MAE)",
    "mse": "평균 제곱 오차(MSE)",
    "rmse": "RMSE",
    "auc": "AUC",
}


def metric_label(name: str) -> str:
    """``"loss"`` → ``"손실(loss)"``; a name the table does not know comes back unchanged."""
    return METRIC_NAMES.get(name, name)


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
    """Training vs validation curves, one panel per metric (loss first), labelled in Korean
    (:func:`metric_label`: "손실(loss)", "정확도(accuracy)" …).

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
        ax.plot(epochs, hist[name], "o-", label="훈련(train)")
        if f"val_{name}" in hist:
            ax.plot(epochs, hist[f"val_{name}"], "s--", label="검증(validation)")
        ax.set_xlabel("에폭(epoch)")
        ax.set_ylabel(metric_label(name))
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
    """A grid of images with optional titles (e.g. ``"정답 7 · 예측 1"``).

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
    ax.set_xlabel("예측 클래스(predicted)")
    ax.set_ylabel("실제 클래스(true)")
    accuracy = np.trace(matrix) / max(matrix.sum(), 1)
    ax.set_title(title or f"혼동 행렬(confusion matrix), 정확도 {accuracy:.1%}")
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
    ax.plot([low, high], [low, high], "r--", label="이상적인 예측: 예측 = 실제")
    suffix = f" [{unit}]" if unit else ""
    ax.set_xlabel(f"실제 값{suffix}")
    ax.set_ylabel(f"예측 값{suffix}")
    mae = np.mean(np.abs(y_true - y_pred))
    ax.set_title(title or f"예측 값과 실제 값 (MAE {mae:.3g})")
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
