"""Pretrained ``keras.applications`` models that degrade loudly when offline.

``weights="imagenet"`` and ``decode_predictions`` download files. Offline (fast mode,
``COURSE_OFFLINE=1``) or when the download fails, these helpers build the *same*
architecture with ``weights=None`` and say so in a ⚠️ line, and decode predictions with
placeholder class names instead of hanging or crashing::

    model, real = pretrained.application(keras.applications.ResNet50)
    pretrained.decode(preds, keras.applications.resnet50.decode_predictions, top=5)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import data

DOWNLOAD_TIMEOUT_S = 20


def application(constructor: Callable, *, weights: str | None = "imagenet", verbose: bool = True, **kwargs):
    """Build ``constructor(weights=weights, **kwargs)``; return ``(model, real_weights)``.

    In fast mode / offline, or if loading the weights fails (no network, bad cache), the
    model is built with ``weights=None`` (random weights, same layers and parameter count)
    and a ⚠️ line says so. ``real_weights`` tells the notebook which one it got.
    """
    name = getattr(constructor, "__name__", "model")
    if weights is None:
        return constructor(weights=None, **kwargs), False
    if data.offline():
        reason = "fast 모드 또는 COURSE_OFFLINE=1이라 내려받지 않습니다"
    else:
        try:
            with data._socket_timeout(DOWNLOAD_TIMEOUT_S):
                model = constructor(weights=weights, **kwargs)
        except Exception as err:  # Keras raises plain Exception for URL failures
            reason = f"{weights} 가중치를 받지 못했습니다 ({type(err).__name__}: {str(err)[:160]})"
        else:
            if verbose:
                print(f"📦 {name}: weights={weights!r} (사전 학습된 가중치)")
            return model, True
    if verbose:
        print(
            f"⚠️ {name}: weights=None — {reason}. 구조와 파라미터 수는 같지만 가중치는 무작위라서 "
            f"예측과 정확도는 의미가 없습니다 (full 모드 + 인터넷에서 진짜 가중치를 씁니다)."
        )
    return constructor(weights=None, **kwargs), False


def decode(preds, decode_fn: Callable, *, top: int = 5, verbose: bool = True):
    """``decode_fn(preds, top=top)`` (e.g. ``resnet50.decode_predictions``) when its label
    file can be had; otherwise the same layout with placeholder names
    ``("?", "imagenet_class_<i>", score)`` and a ⚠️ line."""
    preds = np.asarray(preds)
    if preds.ndim != 2:
        raise ValueError(f"decode expects a batch of predictions of shape (samples, classes), got {preds.shape}")
    if not 1 <= top <= preds.shape[1]:
        raise ValueError(f"top must be between 1 and {preds.shape[1]}, got {top}")
    cached = (data.keras_cache_dir().parent / "models" / "imagenet_class_index.json").exists()
    reason = "fast 모드 또는 COURSE_OFFLINE=1이라 레이블 파일을 내려받지 않습니다"
    if cached or not data.offline():
        try:
            with data._socket_timeout(DOWNLOAD_TIMEOUT_S):
                return decode_fn(preds, top=top)
        except Exception as err:
            reason = f"레이블 파일을 받지 못했습니다 ({type(err).__name__}: {str(err)[:160]})"
    if verbose:
        print(f"⚠️ decode_predictions: {reason} — 클래스 이름 대신 번호(imagenet_class_<i>)를 씁니다.")
    results = []
    for row in preds:
        best = np.argsort(row)[::-1][:top]
        results.append([("?", f"imagenet_class_{i}", float(row[i])) for i in best])
    return results
