"""Generated stand-ins for data sets that have no local copy.

A fixture has the real data set's shapes, dtypes and schema, and it is *learnable*
(every class has its own pattern), so a notebook's code paths and its "did the model
learn?" assertions still mean something. It is never presented as real data: every
loader that returns one prints a ⚠️ GENERATED FIXTURE banner.
"""

from __future__ import annotations

import numpy as np


def image_classes(
    n: int,
    shape: tuple[int, ...],
    n_classes: int,
    *,
    seed: int = 0,
    noise: float = 0.35,
    dtype: str = "uint8",
) -> tuple[np.ndarray, np.ndarray]:
    """Images whose class decides a smooth random template, plus per-image noise.

    Returns ``(x, y)`` with ``x.shape == (n, *shape)``; ``uint8`` images use 0–255,
    ``float32`` images 0–1. Labels are ``uint8`` class ids, balanced across classes.
    """
    if n <= 0 or n_classes <= 1:
        raise ValueError(f"need n > 0 and n_classes > 1, got n={n}, n_classes={n_classes}")
    if dtype not in ("uint8", "float32"):
        raise ValueError(f"dtype must be 'uint8' or 'float32', got {dtype!r}")
    # Templates depend only on (shape, n_classes), so train and test splits made with
    # different seeds share them: a model trained on one generalises to the other.
    templates = _class_templates(shape, n_classes)
    rng = np.random.default_rng(seed)
    y = np.arange(n) % n_classes
    rng.shuffle(y)
    x = templates[y] + noise * rng.standard_normal((n, *shape))
    x = np.clip(x, 0.0, 1.0)
    if dtype == "uint8":
        return (x * 255).round().astype(np.uint8), y.astype(np.uint8)
    return x.astype(np.float32), y.astype(np.uint8)


def _class_templates(shape: tuple[int, ...], n_classes: int) -> np.ndarray:
    rng = np.random.default_rng(1234 + n_classes)
    coarse_shape = tuple(max(2, s // 4) for s in shape[:2]) + tuple(shape[2:])
    coarse = rng.random((n_classes, *coarse_shape))
    # Nearest-neighbour upsampling to full size keeps the templates blocky and distinct.
    rows = np.minimum(np.arange(shape[0]) * coarse_shape[0] // shape[0], coarse_shape[0] - 1)
    templates = coarse[:, rows]
    if len(shape) > 1:
        cols = np.minimum(np.arange(shape[1]) * coarse_shape[1] // shape[1], coarse_shape[1] - 1)
        templates = templates[:, :, cols]
    if len(shape) > 1:
        # Left-right symmetric, like clothes and most objects, so that the horizontal flips
        # of augmentation keep an image in its class.
        templates = np.maximum(templates, templates[:, :, ::-1])
    # Bright shapes on a dark background, like digits and clothes: a class is a silhouette,
    # which even a deep, dropout-heavy CNN picks up within one short epoch.
    return (templates > 0.75).astype(float)


def split_train_test(
    x: np.ndarray, y: np.ndarray, test_size: int, *, seed: int = 0
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Shuffle once with a fixed seed and cut ``test_size`` examples off for testing,
    returned in Keras' ``(x_train, y_train), (x_test, y_test)`` layout."""
    if not 0 < test_size < len(x):
        raise ValueError(f"test_size must be between 1 and {len(x) - 1}, got {test_size}")
    order = np.random.default_rng(seed).permutation(len(x))
    test, train = order[:test_size], order[test_size:]
    return (x[train], y[train]), (x[test], y[test])
