"""Pretrained ``keras.applications`` models that degrade loudly when offline.

``weights="imagenet"`` and ``decode_predictions`` download files. Offline (fast mode,
``COURSE_OFFLINE=1``) or when the download fails, these helpers build the *same*
architecture with ``weights=None`` and say so in a ⚠️ line, and decode predictions with
placeholder class names instead of hanging or crashing::

    model, real = pretrained.application(keras.applications.ResNet50)
    pretrained.decode(preds, keras.applications.resnet50.decode_predictions, top=5)

The files come through :func:`utils.data.download` (short timeout per read, the published
MD5 checked, ``COURSE_MIRROR`` honoured, a progress line for the weights in full mode) into
``<keras home>/models/``, where ``keras.applications`` keeps them too. The files this course
uses are listed in :data:`WEIGHT_FILES` and :data:`CLASS_INDEX_URL`; any other
``keras.applications`` model downloads its weights through Keras as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from . import data

DOWNLOAD_TIMEOUT_S = 20
_APPS = "https://storage.googleapis.com/tensorflow/keras-applications/"
# (constructor name, include_top) → (file name, URL, MD5), as keras.applications passes them to get_file
WEIGHT_FILES: dict[tuple[str, bool], tuple[str, str, str]] = {
    ("ResNet50", True): (
        "resnet50_weights_tf_dim_ordering_tf_kernels.h5",
        _APPS + "resnet/resnet50_weights_tf_dim_ordering_tf_kernels.h5",
        "2cb95161c43110f7111970584f804107",
    ),
    ("InceptionV3", False): (
        "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5",
        _APPS + "inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "bcbd6486424b2319ff4ef7d526e38f63",
    ),
}
CLASS_INDEX_FILE = "imagenet_class_index.json"
CLASS_INDEX_URL = "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json"
CLASS_INDEX_MD5 = "c2c37ea517e94d9795004a39431a14cb"


def models_dir() -> Path:
    """``<keras home>/models``: where keras.applications caches weights and the class index."""
    return data.keras_cache_dir().parent / "models"


def _checked_file(name: str, url: str, md5: str, *, big: bool = False) -> tuple[Path, bool]:
    """``(path, fresh)``: the cached file if its MD5 is the published one, else a new download
    (:class:`utils.data.SourceUnavailable` when that fails)."""
    path = models_dir() / name
    if path.exists() and data.file_digest(path, "md5") == md5:
        return path, False
    return data.download(data.mirrored(url), path, file_hash=md5, big=big, label=name), True


def application(constructor: Callable, *, weights: str | None = "imagenet", verbose: bool = True, **kwargs):
    """Build ``constructor(weights=weights, **kwargs)``; return ``(model, real_weights)``.

    In fast mode / offline, or if loading the weights fails (no network, bad cache), the
    model is built with ``weights=None`` (random weights, same layers and parameter count)
    and a ⚠️ line says so. ``real_weights`` tells the notebook which one it got.
    """
    name = getattr(constructor, "__name__", "model")
    if weights is None:
        return constructor(weights=None, **kwargs), False
    known = WEIGHT_FILES.get((name, bool(kwargs.get("include_top", True)))) if weights == "imagenet" else None
    if data.offline():
        reason = "fast 모드 또는 COURSE_OFFLINE=1이라 내려받지 않습니다"
    else:
        try:
            with data._socket_timeout(DOWNLOAD_TIMEOUT_S):
                if known:  # fetched by the course, then loaded from the file
                    path, fresh = _checked_file(*known, big=True)
                    try:
                        model = constructor(weights=str(path), **kwargs)
                    except Exception:
                        if fresh:
                            data.discard(path)  # not loadable: the next run downloads it again
                        raise
                else:
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


def read_class_index(path: Path) -> dict[str, list[str]]:
    """keras.applications' ``imagenet_class_index.json``: ``{"0": ["n01440764", "tench"], …}``."""
    index = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(index, dict) or len(index) != 1000 or any(len(index.get(str(i), ())) != 2 for i in range(1000)):
        raise ValueError("expected 1000 entries '<i>': [wordnet id, name]")
    return index


def decode(preds, decode_fn: Callable, *, top: int = 5, verbose: bool = True):
    """What ``decode_fn(preds, top=top)`` (e.g. ``resnet50.decode_predictions``) gives: per
    image the ``top`` ``(wordnet id, name, score)`` triples, best first. Every keras.applications
    ImageNet model shares one class index; this function fetches it (cache, else download in
    full mode) and decodes exactly as ``keras.applications.imagenet_utils.decode_predictions``
    does. Without the file: the same layout with placeholder names
    ``("?", "imagenet_class_<i>", score)`` and a ⚠️ line."""
    if not callable(decode_fn):
        raise TypeError(f"decode_fn must be a decode_predictions function, got {decode_fn!r}")
    preds = np.asarray(preds)
    if preds.ndim != 2:
        raise ValueError(f"decode expects a batch of predictions of shape (samples, classes), got {preds.shape}")
    if not 1 <= top <= preds.shape[1]:
        raise ValueError(f"top must be between 1 and {preds.shape[1]}, got {top}")
    path = models_dir() / CLASS_INDEX_FILE
    reason = "fast 모드 또는 COURSE_OFFLINE=1이라 레이블 파일을 내려받지 않습니다"
    fresh = False
    if not data.offline():
        try:
            path, fresh = _checked_file(CLASS_INDEX_FILE, CLASS_INDEX_URL, CLASS_INDEX_MD5)
        except data.SourceUnavailable as err:
            reason = f"레이블 파일을 받지 못했습니다 ({str(err)[:200]})"
    if path.exists() and preds.shape[1] == 1000:
        try:
            index = read_class_index(path)
        except Exception as err:
            if fresh:
                data.discard(path)
            reason = f"레이블 파일 {path}을 읽지 못했습니다 ({type(err).__name__}: {str(err)[:120]}) — 지우고 다시 실행하세요 (rm {path})"
        else:
            results = []
            for row in preds:
                best = row.argsort()[-top:][::-1]
                results.append(sorted((tuple(index[str(i)]) + (row[i],) for i in best), key=lambda r: r[2], reverse=True))
            return results
    elif path.exists():
        reason = f"ImageNet 예측은 1000개 클래스인데 {preds.shape[1]}개입니다"
    if verbose:
        print(f"⚠️ decode_predictions: {reason} — 클래스 이름 대신 번호(imagenet_class_<i>)를 씁니다.")
    results = []
    for row in preds:
        best = np.argsort(row)[::-1][:top]
        results.append([("?", f"imagenet_class_{i}", float(row[i])) for i in best])
    return results
