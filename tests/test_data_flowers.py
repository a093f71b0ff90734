"""Offline tests of load_flowers() and load_imagenet_labels()."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from utils import data


def write_flower_tree(root, per_class=2, nested=True):
    """A tiny flower_photos tree laid out like the extracted archive."""
    base = root / "flower_photos"
    classes_root = base / "flower_photos" if nested else base
    for name in data.FLOWERS_CLASSES:
        (classes_root / name).mkdir(parents=True)
        for i in range(per_class):
            Image.new("RGB", (32, 24), (i * 40, 80, 120)).save(classes_root / name / f"{i}.jpg")
    return classes_root


# ------------------------------------------------------------------ flowers


def test_fast_mode_without_a_cache_gives_a_labelled_fixture(keras_home, fast_mode, capsys):
    root = data.load_flowers()
    assert isinstance(root, str) and not root.provenance.real
    assert "GENERATED FIXTURE" in capsys.readouterr().out
    assert sorted(p.name for p in root.path.iterdir() if p.is_dir()) == list(data.FLOWERS_CLASSES)
    for name in data.FLOWERS_CLASSES:
        files = sorted((root.path / name).glob("*.jpg"))
        assert len(files) == data.FLOWERS_FIXTURE_PER_CLASS
        with Image.open(files[0]) as img:
            assert img.mode == "RGB" and img.format == "JPEG"


def test_fixture_classes_differ_and_are_reused(tmp_path):
    root = data.make_flowers_fixture(tmp_path / "fx", per_class=3)
    means = []
    for name in data.FLOWERS_CLASSES:
        pixels = [np.asarray(Image.open(p), np.float32).mean(axis=(0, 1)) for p in sorted((root / name).glob("*.jpg"))]
        means.append(np.mean(pixels, axis=0))
    means = np.array(means)
    distances = np.linalg.norm(means[:, None] - means[None], axis=-1)
    assert distances[~np.eye(5, dtype=bool)].min() > 3  # every class has its own colours
    stamp = (root / "daisy" / "daisy_000.jpg").stat().st_mtime_ns
    data.make_flowers_fixture(tmp_path / "fx", per_class=3)
    assert (root / "daisy" / "daisy_000.jpg").stat().st_mtime_ns == stamp  # not regenerated
    data.make_flowers_fixture(tmp_path / "fx", per_class=2)  # a different size → rebuilt, no leftovers
    assert len(list((root / "daisy").glob("*.jpg"))) == 2


def test_fixture_rejects_a_bad_size(tmp_path):
    with pytest.raises(ValueError, match="per_class"):
        data.make_flowers_fixture(tmp_path / "fx", per_class=0)


@pytest.mark.parametrize("nested", [True, False])
def test_keras_cache_is_used_first_in_either_layout(keras_home, fast_mode, capsys, nested):
    classes_root = write_flower_tree(keras_home / "datasets", nested=nested)
    root = data.load_flowers()
    assert root.path == classes_root and root.provenance.real and root.provenance.source == "Keras cache"
    assert "10 photos" in capsys.readouterr().out


def test_a_broken_cache_names_the_folder_to_delete(keras_home, fast_mode):
    (keras_home / "datasets" / "flower_photos" / "daisy").mkdir(parents=True)
    with pytest.raises(data.DataError, match="rm -r"):
        data.load_flowers()


def test_full_mode_offline_warns_before_the_fixture(keras_home, full_mode_offline, capsys):
    root = data.load_flowers()
    out = capsys.readouterr().out
    assert not root.provenance.real and "full 모드인데" in out


def test_flowers_are_registered_by_name(keras_home, fast_mode):
    assert data.load("flowers", verbose=False).provenance.dataset == "flowers"


# ------------------------------------------------------------------ ImageNet labels


def test_imagenet_labels_offline_are_a_labelled_stand_in(keras_home, fast_mode, capsys):
    labels = data.load_imagenet_labels()
    assert len(labels) == 1001 and labels[0] == "background"
    assert all("stand-in" in name for name in labels[1:])
    assert not labels.provenance.real and "GENERATED FIXTURE" in capsys.readouterr().out


def test_imagenet_labels_from_the_keras_cache(keras_home, fast_mode):
    names = ["background"] + [f"class {i}" for i in range(1, 1001)]
    path = keras_home / "datasets" / "ImageNetLabels.txt"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(names) + "\n")
    labels = data.load_imagenet_labels(verbose=False)
    assert list(labels) == names and labels.provenance.real


def test_a_truncated_label_file_is_reported(keras_home, fast_mode):
    path = keras_home / "datasets" / "ImageNetLabels.txt"
    path.parent.mkdir(parents=True)
    path.write_text("background\ntench\n")
    with pytest.raises(data.DataError, match="ImageNetLabels.txt"):
        data.load_imagenet_labels()
