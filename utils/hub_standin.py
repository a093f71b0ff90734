"""Local stand-ins for the TF Hub MobileNetV2 modules of the transfer-learning lab.

The lecture loads two modules from TensorFlow Hub::

    hub.KerasLayer("https://tfhub.dev/google/tf2-preview/mobilenet_v2/classification/4")
    hub.KerasLayer("https://tfhub.dev/google/tf2-preview/mobilenet_v2/feature_vector/4")

Without internet (fast mode, CI, ``COURSE_OFFLINE=1``) they cannot be downloaded, so
:func:`resolve` turns a module URL into a handle that ``hub.KerasLayer`` / ``hub.load`` can
load, trying the course's sources in order:

1. the TF Hub cache (``$TFHUB_CACHE_DIR/<sha1 of the URL>``, where ``tensorflow_hub`` keeps
   modules it downloaded before): the handle stays the URL and hub loads the cached copy;
2. the real download through ``tensorflow_hub`` (full mode only);
3. a **stand-in**: a small SavedModel built here once and cached on disk
   (``$TFHUB_CACHE_DIR/course-standins/<name>``) with the same input and output signature as
   the real module (224×224×3 float images in [0, 1] → 1001 logits, or → 1280 features).
   The handle is then that local directory, and ``tensorflow_hub`` loads it through the same
   ``hub.KerasLayer(handle)`` / ``hub.load(handle)`` code. It is announced with a ⚠️ banner:
   it is **not** MobileNetV2.

Each module is also accepted under its Kaggle Models handle, the form the TensorFlow docs show
now that tfhub.dev redirects there (``https://www.kaggle.com/models/google/mobilenet-v2/
TensorFlow2/tf2-preview-classification/4``, with or without ``frameworks/ variations/
versions/``); the download then uses the handle as given. ``COURSE_MIRROR`` (see
:mod:`utils.data.chain`) points the download at a mirror.

The stand-in computes something real but simple: a fixed random 3×3 convolution (seeded)
with ReLU on a 4× down-sampled image, average-pooled on a 2×2 grid → 1280 numbers that carry
colour and texture, so a Dense head on top can learn. The classifier adds a fixed random
1280 → 1001 projection: its "ImageNet" predictions are meaningless, by construction.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import data
from .data import Provenance, Source, SourceUnavailable

IMAGE_SIZE = 224
N_LOGITS = 1001  # ImageNet's 1000 classes + "background" at index 0, as the TF Hub classifiers
N_FEATURES = 1280  # MobileNetV2's feature vector length
STANDIN_VERSION = 2  # bump when the stand-in's computation changes: cached copies are rebuilt
STANDIN_DIRNAME = "course-standins"
MARKER = "COURSE_STANDIN.json"
FEATURE_SCALE = 5.0  # brings the features to MobileNetV2's range (mean ≈ 0.5), so a head learns at a usual pace

MOBILENET_V2_CLASSIFICATION = "https://tfhub.dev/google/tf2-preview/mobilenet_v2/classification/4"
MOBILENET_V2_FEATURE_VECTOR = "https://tfhub.dev/google/tf2-preview/mobilenet_v2/feature_vector/4"
KAGGLE_MOBILENET_V2 = "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow2/tf2-preview-{variation}/4"
# the Kaggle Models handle, short or long form: …/mobilenet-v2/[frameworks/]TensorFlow2/[variations/]tf2-preview-X/[versions/]4
_KAGGLE_HANDLE = re.compile(
    r"^https?://(www\.)?kaggle\.com/models/google/mobilenet-v2/(frameworks/)?tensorflow2/"
    r"(variations/)?tf2-preview-(?P<variation>classification|feature-vector)/(versions/)?4$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ModuleSpec:
    name: str
    url: str
    output_dim: int
    kind: str  # "classification" or "feature_vector"


MODULES: dict[str, ModuleSpec] = {
    spec.url: spec
    for spec in (
        ModuleSpec("mobilenet_v2_classification", MOBILENET_V2_CLASSIFICATION, N_LOGITS, "classification"),
        ModuleSpec("mobilenet_v2_feature_vector", MOBILENET_V2_FEATURE_VECTOR, N_FEATURES, "feature_vector"),
    )
}


class HubHandle(str):
    """A module handle (a URL or a local directory) for ``hub.KerasLayer`` / ``hub.load``,
    carrying ``.provenance`` and ``.is_standin``."""

    provenance: Provenance

    def __new__(cls, handle: str, provenance: Provenance):
        obj = super().__new__(cls, handle)
        obj.provenance = provenance
        return obj

    @property
    def is_standin(self) -> bool:
        return not self.provenance.real


# --------------------------------------------------------------------------- where things live


def spec_for(url: str) -> ModuleSpec:
    """The stand-in specification for a module URL (tfhub.dev or Kaggle form); unknown URLs
    get a clear error."""
    key = str(url).strip().rstrip("/")
    kaggle = _KAGGLE_HANDLE.match(key)
    if kaggle:
        kind = kaggle.group("variation").lower().replace("-", "_")
        return next(spec for spec in MODULES.values() if spec.kind == kind)
    for spec in MODULES.values():
        # tfhub.dev handles are case-insensitive in practice (the lecture writes mobilenet_V2)
        if spec.url.lower() == key.lower():
            return spec
    known = "\n  ".join([*MODULES, KAGGLE_MOBILENET_V2.format(variation="classification"),
                          KAGGLE_MOBILENET_V2.format(variation="feature-vector")])  # fmt: skip
    raise ValueError(f"No local stand-in for the TF Hub module {url!r}. Known modules:\n  {known}")


def cache_dir() -> Path:
    """The TF Hub cache: ``$TFHUB_CACHE_DIR`` if set, else the folder tensorflow_hub uses."""
    from tensorflow_hub import resolver

    return Path(resolver.tfhub_cache_dir(use_temp=True))


def hub_cache_path(url: str) -> Path:
    """Where ``tensorflow_hub`` caches a downloaded module: ``<cache>/<sha1 of the handle>``."""
    return cache_dir() / hashlib.sha1(str(url).encode("utf8")).hexdigest()


def standin_path(url: str) -> Path:
    return cache_dir() / STANDIN_DIRNAME / spec_for(url).name


# --------------------------------------------------------------------------- building


def _make_module(spec: ModuleSpec, seed: int = 2024):
    import tensorflow as tf

    rng = np.random.default_rng(seed)
    n_filters = N_FEATURES // 4  # pooled on a 2×2 grid → 4 × 320 = 1280 features
    kernel = tf.Variable(
        rng.normal(0.0, 1.0 / np.sqrt(27.0), (3, 3, 3, n_filters)).astype(np.float32), name="standin/conv/kernel"
    )
    bias = tf.Variable(rng.normal(0.0, 0.05, (n_filters,)).astype(np.float32), name="standin/conv/bias")
    variables = [kernel, bias]

    def features(images):
        x = tf.nn.avg_pool2d(images - 0.5, ksize=4, strides=4, padding="VALID")  # 56×56×3
        x = tf.nn.relu(tf.nn.conv2d(x, kernel, strides=2, padding="SAME") + bias)  # 28×28×320
        x = tf.nn.avg_pool2d(x, ksize=14, strides=14, padding="VALID")  # 2×2×320
        return FEATURE_SCALE * tf.reshape(x, [-1, N_FEATURES])

    obj = tf.__internal__.tracking.AutoTrackable()
    signature = [tf.TensorSpec([None, IMAGE_SIZE, IMAGE_SIZE, 3], tf.float32, name="images")]
    if spec.kind == "classification":
        dense = tf.Variable(
            rng.normal(0.0, 1.0 / np.sqrt(N_FEATURES), (N_FEATURES, N_LOGITS)).astype(np.float32) * 4.0,
            name="standin/logits/kernel",
        )
        variables.append(dense)

        @tf.function(input_signature=signature)
        def call(images):
            return tf.matmul(features(images), dense)

    else:

        @tf.function(input_signature=signature)
        def call(images):
            return features(images)

    obj.__call__ = call
    obj.variables = list(variables)
    obj.trainable_variables = list(variables)
    obj.regularization_losses = []
    return obj


def _marker_ok(path: Path, spec: ModuleSpec) -> bool:
    try:
        info = json.loads((path / MARKER).read_text())
    except (OSError, ValueError):
        return False
    return (
        info.get("version") == STANDIN_VERSION
        and info.get("url") == spec.url
        and (path / "saved_model.pb").exists()
    )


def build_standin(url: str, *, force: bool = False) -> Path:
    """Build the stand-in SavedModel for ``url`` once and return its directory.

    A cached copy is reused when its marker file matches this version; otherwise (or with
    ``force=True``) it is rebuilt in a temporary folder and moved into place.
    """
    spec = spec_for(url)
    path = standin_path(url)
    if not force and _marker_ok(path, spec):
        return path
    import tensorflow as tf

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{spec.name}.", dir=path.parent))
    try:
        tf.saved_model.save(_make_module(spec), str(tmp))
        (tmp / MARKER).write_text(
            json.dumps(
                {
                    "what": "LOCAL STAND-IN, not the real TF Hub module (built by utils/hub_standin.py)",
                    "url": spec.url,
                    "version": STANDIN_VERSION,
                    "input": [None, IMAGE_SIZE, IMAGE_SIZE, 3],
                    "output": [None, spec.output_dim],
                },
                indent=2,
            )
        )
        if path.exists():
            shutil.rmtree(path)
        tmp.rename(path)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return path


# --------------------------------------------------------------------------- resolving


def _from_hub_cache(spec: ModuleSpec, handle: str):
    def load():
        for candidate in dict.fromkeys((data.mirrored(handle), handle, spec.url)):
            path = hub_cache_path(candidate)
            if (path / "saved_model.pb").exists():
                return candidate, Provenance(spec.name, "TF Hub cache", str(path), True, "tensorflow_hub이 전에 내려받은 모듈")
        raise SourceUnavailable(f"{hub_cache_path(handle)} holds no downloaded module")

    return load


def _download(spec: ModuleSpec, handle: str):
    def load():
        import tensorflow_hub as hub

        source = data.mirrored(handle)
        try:
            path = hub.resolve(source)  # downloads into the TF Hub cache
        except Exception as err:  # hub wraps HTTP and file errors in many types
            with contextlib.suppress(Exception):
                data.discard(hub_cache_path(source))  # whatever a broken download left
            raise SourceUnavailable(f"download failed: {type(err).__name__}: {str(err)[:200]}") from err
        if not (Path(path) / "saved_model.pb").exists():
            data.discard(Path(path))
            raise SourceUnavailable(f"the download holds no saved_model.pb; deleted {path} so the next run downloads again")
        return source, Provenance(spec.name, "download (TF Hub)", path, True, handle)

    return load


def _standin(spec: ModuleSpec):
    def load():
        path = build_standin(spec.url)
        return str(path), Provenance(
            spec.name,
            "local stand-in SavedModel",
            str(path),
            False,
            f"입력 [None, {IMAGE_SIZE}, {IMAGE_SIZE}, 3] → 출력 [None, {spec.output_dim}], 고정된 무작위 합성곱",
        )

    return load


def resolve(url: str, *, verbose: bool = True) -> HubHandle:
    """The handle to give ``hub.KerasLayer`` / ``hub.load`` for a TF Hub module URL.

    Sources: TF Hub cache → download (full mode) → local stand-in (announced with ⚠️).
    """
    spec = spec_for(url)
    given = str(url).strip().rstrip("/")
    handle, prov = data.load_first(
        spec.name,
        [
            Source("TF Hub cache", _from_hub_cache(spec, given)),
            Source("download", _download(spec, given), uses_network=True, url=data.mirrored(given)),
            Source("local stand-in", _standin(spec), real=False),
        ],
        verbose=verbose,
    )
    if verbose and not prov.real:
        print(
            f"⚠️ STAND-IN: {spec.url} 대신 이 컴퓨터에서 만든 작은 SavedModel을 씁니다. "
            f"MobileNetV2가 아닙니다 — 입력·출력 모양만 같습니다. 같은 hub.KerasLayer/hub.load 코드로 불러옵니다."
        )
    return HubHandle(handle, prov)
