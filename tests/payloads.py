"""Small files in the real formats of the course's remote sources, made by the tests.

Each function returns ``bytes`` as the real server would send them (or a dict of URL → bytes
for sources of several files). Sizes are tiny; the layouts are the real ones: the npz keys,
the idx.gz headers, the CIFAR pickles inside ``cifar-10-batches-py/``, ``flower_photos/`` with
``LICENSE.txt``, the UCI whitespace layout with ``?``, the admission header with trailing
spaces, heart.csv's ``thal`` values "1"/"2", Gutenberg's BOM + CRLF + START/END lines, the
``glove.6B.<d>d.txt`` lines inside ``glove.6B.zip``, a SavedModel in TF Hub's compressed
(tar.gz) protocol, a legacy Keras ``.h5`` weight file and ``imagenet_class_index.json``.
"""

from __future__ import annotations

import gzip
import io
import json
import pickle
import tarfile
import zipfile

import numpy as np
import pandas as pd

from utils import data


def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _targz(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def mnist_npz() -> bytes:
    rng = np.random.default_rng(0)
    return _npz(
        x_train=rng.integers(0, 256, (12, 28, 28), dtype=np.uint8), y_train=np.arange(12, dtype=np.uint8) % 10,
        x_test=rng.integers(0, 256, (5, 28, 28), dtype=np.uint8), y_test=np.arange(5, dtype=np.uint8),
    )  # fmt: skip


def fashion_files() -> dict[str, bytes]:
    rng = np.random.default_rng(1)
    files = {}
    for prefix, n in (("train", 6), ("t10k", 4)):
        files[f"{prefix}-labels-idx1-ubyte.gz"] = gzip.compress(b"\0" * 8 + rng.integers(0, 10, n, dtype=np.uint8).tobytes())
        files[f"{prefix}-images-idx3-ubyte.gz"] = gzip.compress(
            b"\0" * 16 + rng.integers(0, 256, (n, 28, 28), dtype=np.uint8).tobytes()
        )
    return {data.FASHION_MNIST_BASE + name: files[name] for name in data.FASHION_MNIST_FILES}


def cifar10_targz(n_per_batch: int = 3) -> bytes:
    rng = np.random.default_rng(2)
    files = {}
    for name in data.CIFAR10_BATCHES:
        batch = {b"batch_label": name.encode(), b"data": rng.integers(0, 256, (n_per_batch, 3072), dtype=np.uint8),
                 b"labels": rng.integers(0, 10, n_per_batch).tolist()}  # fmt: skip
        files[f"cifar-10-batches-py/{name}"] = pickle.dumps(batch)
    files["cifar-10-batches-py/batches.meta"] = pickle.dumps({b"label_names": [c.encode() for c in data.CIFAR10_CLASSES]})
    return _targz(files)


def imdb_files() -> dict[str, bytes]:
    rng = np.random.default_rng(3)

    def reviews(n):
        out = np.empty(n, dtype=object)
        out[:] = [list(map(int, rng.integers(1, 12, rng.integers(2, 9)))) for _ in range(n)]
        return out

    npz = _npz(x_train=reviews(20), y_train=np.arange(20) % 2, x_test=reviews(10), y_test=np.arange(10) % 2)
    index = json.dumps({f"w{i}": i for i in range(1, 12)}).encode()
    return {data.IMDB_URL: npz, data.IMDB_WORD_INDEX_URL: index}


def flowers_tgz(per_class: int = 2) -> bytes:
    from PIL import Image

    files = {"flower_photos/LICENSE.txt": b"All images in this archive are licensed under CC-BY.\n"}
    for k, name in enumerate(data.FLOWERS_CLASSES):
        for i in range(per_class):
            buffer = io.BytesIO()
            Image.new("RGB", (24, 16), (40 * k, 30 * i, 90)).save(buffer, format="JPEG")
            files[f"flower_photos/{name}/{i}.jpg"] = buffer.getvalue()
    return _targz(files)


def imagenet_labels() -> bytes:
    return ("\n".join(["background"] + [f"label {i}" for i in range(1, 1001)]) + "\n").encode()


def auto_mpg(rows: int = 320) -> bytes:
    rng = np.random.default_rng(4)
    lines = []
    for i in range(rows):
        hp = "?" if i in (32, 126) else f"{rng.integers(46, 231)}.0"  # the real file has 6 '?'
        lines.append(
            f"{rng.uniform(9, 46):.1f}   {rng.choice([4, 6, 8])}   {rng.uniform(68, 455):.1f}      {hp}      "
            f"{rng.integers(1613, 5140)}.      {rng.uniform(8, 25):.1f}   {rng.integers(70, 83)}  {rng.integers(1, 4)}"
            f'\t"car {i}"'
        )
    return ("\n".join(lines) + "\n").encode()


def admission_csv(rows: int = 40) -> bytes:
    df = data.graduate_admission_fixture(rows, seed=7)
    header = "Serial No.,GRE Score,TOEFL Score,University Rating,SOP,LOR ,CGPA,Research,Chance of Admit "
    body = "\n".join(",".join(f"{v:g}" for v in row) for row in df.to_numpy())
    return (header + "\n" + body + "\n").encode()


def heart_csv(rows: int = 80) -> bytes:
    df = data.heart_fixture(rows, seed=3)
    df.loc[df.index[:2], "thal"] = ["1", "2"]  # the odd values the real file has
    return df.to_csv(index=False).encode()


def alice_txt() -> bytes:
    book = "CHAPTER I.\r\nAlice was beginning to get very tired of sitting by her sister on the bank.\r\n" * 700
    text = (
        "The Project Gutenberg eBook of Alice's Adventures in Wonderland\r\n"
        "*** START OF THE PROJECT GUTENBERG EBOOK ALICE'S ADVENTURES IN WONDERLAND ***\r\n"
        + book + "*** END OF THE PROJECT GUTENBERG EBOOK ALICE'S ADVENTURES IN WONDERLAND ***\r\nlicence\r\n"
    )  # fmt: skip
    return "\ufeff".encode() + text.encode()


def glove_zip(dim: int = 100, words: int = 40) -> bytes:
    rng = np.random.default_rng(5)
    lines = [f"w{i} " + " ".join(f"{x:.5f}" for x in rng.normal(size=dim)) for i in range(words)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"glove.6B.{dim}d.txt", "\n".join(lines) + "\n")
    return buffer.getvalue()


def hub_module_targz(tmp_path, width: int = 1280) -> bytes:
    """A SavedModel (images → ``width`` numbers) tarred as TF Hub's compressed format serves it."""
    import tensorflow as tf

    module = tf.Module()
    module.scale = tf.Variable(2.0)
    module.__call__ = tf.function(
        lambda images: tf.tile(tf.reduce_mean(images, axis=[1, 2]), [1, width // 3 + 1])[:, :width] * module.scale,
        input_signature=[tf.TensorSpec([None, 224, 224, 3], tf.float32)],
    )
    folder = tmp_path / "saved_module"
    tf.saved_model.save(module, str(folder))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.add(str(folder), arcname=".")  # directories included, as the hub archives have them
    return buffer.getvalue()


def legacy_h5_weights(model, path) -> bytes:
    """``model``'s weights in the legacy HDF5 layout of the keras.applications files."""
    import h5py
    from keras.src.legacy.saving import legacy_h5_format

    with h5py.File(path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)
    return path.read_bytes()


def class_index_json() -> bytes:
    return json.dumps({str(i): [f"n{i:08d}", f"thing_{i}"] for i in range(1000)}).encode()


def yahoo_chart(symbol: str, period1: int, period2: int) -> bytes:
    """Yahoo Finance's v8 chart answer for daily bars of ``symbol`` between two Unix times, in
    its real layout: ``chart.result[0]`` with ``meta`` (the exchange's time zone, price hint,
    trading periods), ``timestamp`` at 9:30 New York time of each weekday, ``indicators.quote``
    (open/high/low/close/volume) and ``indicators.adjclose``. The prices are a seeded random walk;
    :func:`yahoo_closes` gives the same closes by date."""
    days = _yahoo_days(period1, period2)
    closes = yahoo_closes(symbol, period1, period2).to_numpy()
    rng = np.random.default_rng(len(days))
    opens = closes * (1 + rng.normal(0, 0.004, len(days)))
    open_times = [int((day + pd.Timedelta(hours=9, minutes=30)).tz_localize("America/New_York").timestamp()) for day in days]
    period = {"timezone": "EST", "gmtoffset": -18000}
    meta = {
        "currency": "USD", "symbol": symbol, "exchangeName": "NMS", "fullExchangeName": "NasdaqGS",
        "instrumentType": "EQUITY", "firstTradeDate": 345479400, "regularMarketTime": open_times[-1] + 23400,
        "hasPrePostMarketData": True, "gmtoffset": -18000, "timezone": "EST",
        "exchangeTimezoneName": "America/New_York", "regularMarketPrice": round(float(closes[-1]), 2),
        "chartPreviousClose": round(float(opens[0]), 2), "priceHint": 2,
        "currentTradingPeriod": {
            "pre": {**period, "start": open_times[-1] - 19800, "end": open_times[-1]},
            "regular": {**period, "start": open_times[-1], "end": open_times[-1] + 23400},
            "post": {**period, "start": open_times[-1] + 23400, "end": open_times[-1] + 37800},
        },
        "dataGranularity": "1d", "range": "",
        "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
    }  # fmt: skip
    result = {
        "meta": meta,
        "timestamp": open_times,
        "indicators": {
            "quote": [{
                "open": np.round(opens, 4).tolist(),
                "high": np.round(np.maximum(opens, closes) * 1.006, 4).tolist(),
                "low": np.round(np.minimum(opens, closes) * 0.994, 4).tolist(),
                "close": np.round(closes, 4).tolist(),
                "volume": rng.integers(20_000_000, 90_000_000, len(days)).tolist(),
            }],
            "adjclose": [{"adjclose": np.round(closes * 0.92, 4).tolist()}],
        },
    }  # fmt: skip
    return json.dumps({"chart": {"result": [result], "error": None}}).encode()


def yahoo_not_found(symbol: str) -> bytes:
    """Yahoo's chart answer (with status 404) for a symbol it does not know."""
    error = {"code": "Not Found", "description": f"No data found, symbol may be delisted ({symbol})"}
    return json.dumps({"chart": {"result": None, "error": error}}).encode()


def yahoo_closes(symbol: str, period1: int, period2: int) -> pd.Series:
    days = _yahoo_days(period1, period2)
    rng = np.random.default_rng(sum(map(ord, symbol)))
    return pd.Series(np.round(100 * np.exp(np.cumsum(rng.normal(0, 0.015, len(days)))), 4), index=days)


def _yahoo_days(period1: int, period2: int) -> pd.DatetimeIndex:
    """The weekdays (New York dates) from period1 up to, not including, period2."""
    first = pd.Timestamp(period1, unit="s", tz="UTC").tz_convert("America/New_York").normalize().tz_localize(None)
    last = pd.Timestamp(period2, unit="s", tz="UTC").tz_convert("America/New_York").tz_localize(None)
    return pd.bdate_range(first, last, inclusive="left") if last > first else pd.bdate_range(first, periods=1)
