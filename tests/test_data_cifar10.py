"""CIFAR-10 loader: Keras cache layouts, corrupted cache, labelled fixture — all offline."""

import pickle
from pathlib import Path

import numpy as np
import pytest

from utils import data


def write_cifar_batches(folder: Path, n_per_batch: int = 4) -> dict[str, np.ndarray]:
    """Batches in the pickle layout of cifar-10-python.tar.gz: bytes keys, rows of
    3,072 bytes (1,024 red, then green, then blue), labels as a list."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    written = {}
    for name in data.CIFAR10_BATCHES:
        rows = rng.integers(0, 256, (n_per_batch, 3072), dtype=np.uint8)
        labels = rng.integers(0, 10, n_per_batch).tolist()
        with open(folder / name, "wb") as f:
            pickle.dump({b"batch_label": name.encode(), b"data": rows, b"labels": labels}, f)
        written[name] = rows
    return written


def test_class_names_are_keras_order():
    assert data.CIFAR10_CLASSES[0] == "airplane" and data.CIFAR10_CLASSES[3] == "cat"
    assert data.CIFAR10_CLASSES[9] == "truck" and len(set(data.CIFAR10_CLASSES)) == 10


def test_fixture_has_cifar10_shapes_and_dtypes(keras_home, fast_mode, no_network, capsys):
    (x_train, y_train), (x_test, y_test) = loaded = data.load_cifar10()
    assert x_train.shape == (2500, 32, 32, 3) and x_test.shape == (500, 32, 32, 3)
    assert y_train.shape == (2500, 1) and y_test.shape == (500, 1)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert set(np.unique(y_train)) == set(range(10))
    assert not loaded.provenance.real and loaded.provenance.source == "generated fixture"
    assert "GENERATED FIXTURE" in capsys.readouterr().out


@pytest.mark.parametrize("layout", ["keras3", "keras2"])
def test_reads_the_extracted_keras_cache(keras_home, fast_mode, no_network, layout):
    cache = keras_home / "datasets"
    folder = cache / "cifar-10-batches-py-target" / "cifar-10-batches-py" if layout == "keras3" else cache / "cifar-10-batches-py"
    written = write_cifar_batches(folder)
    (x_train, y_train), (x_test, y_test) = loaded = data.load_cifar10()
    assert x_train.shape == (20, 32, 32, 3) and x_test.shape == (4, 32, 32, 3)
    assert y_train.shape == (20, 1) and y_test.dtype == np.uint8
    assert loaded.provenance.real and loaded.provenance.source == "Keras cache"
    # Channels first in the file → channels last, like keras.datasets.cifar10.load_data().
    row = written["data_batch_1"][0]
    assert x_train[0, 0, 0].tolist() == [row[0], row[1024], row[2048]]
    assert x_train[0, 0, 1, 2] == row[2048 + 1]
    assert np.array_equal(x_test[1], written["test_batch"][1].reshape(3, 32, 32).transpose(1, 2, 0))


def test_corrupted_cache_gives_a_clear_error(keras_home, fast_mode, no_network):
    folder = keras_home / "datasets" / "cifar-10-batches-py-target" / "cifar-10-batches-py"
    write_cifar_batches(folder)
    (folder / "data_batch_3").write_bytes(b"not a pickle")
    with pytest.raises(data.DataError, match=r"corrupted.*rm -r .*cifar-10-batches-py"):
        data.load_cifar10()


def test_incomplete_cache_gives_a_clear_error(keras_home, fast_mode, no_network):
    folder = keras_home / "datasets" / "cifar-10-batches-py"
    write_cifar_batches(folder)
    (folder / "test_batch").unlink()
    with pytest.raises(data.DataError, match="test_batch"):
        data.load_cifar10()


def test_full_mode_without_network_warns_and_uses_the_fixture(keras_home, full_mode_offline, capsys):
    loaded = data.load_cifar10()
    out = capsys.readouterr().out
    assert "⚠️ full 모드인데 CIFAR-10" in out and "GENERATED FIXTURE" in out
    assert not loaded.provenance.real


def test_registered_by_name(keras_home, fast_mode, no_network):
    (x_train, _), _ = data.load("CIFAR10", verbose=False)
    assert x_train.shape[1:] == (32, 32, 3)
