"""Fixtures for the utils unit tests: an empty Keras cache, offline by default."""

from __future__ import annotations

import socket

import pytest

from utils import data


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    """An empty KERAS_HOME, as on a fresh machine."""
    home = tmp_path / "keras_home"
    home.mkdir()
    monkeypatch.setenv("KERAS_HOME", str(home))
    # Keras reads KERAS_HOME only when imported; point its already-imported config there too.
    from keras.src.backend import config

    monkeypatch.setattr(config, "_KERAS_DIR", str(home))
    return home


@pytest.fixture
def no_debian_files(tmp_path, monkeypatch):
    """Pretend the Debian package dataset-fashion-mnist is not installed."""
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST", tmp_path / "no-such-dir")


@pytest.fixture
def fast_mode(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "fast")


@pytest.fixture
def full_mode_offline(monkeypatch):
    """Full mode on a machine whose network is down: every connection attempt fails."""
    monkeypatch.setenv("COURSE_MODE", "full")
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.setattr(data, "network_available", lambda url, timeout=3.0: False)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the loader touched the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(data, "network_available", refuse)


# ------------------------------------------------------------------ a local server for downloads

_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@pytest.fixture
def local_server():
    """An HTTP server on 127.0.0.1 (a free port, a background thread); see tests/local_server.py."""
    from local_server import LocalServer

    server = LocalServer()
    yield server
    server.close()


@pytest.fixture
def mirror(local_server, keras_home, monkeypatch):
    """Full mode with every download pointed at ``local_server`` through ``COURSE_MIRROR``,
    short timeouts, no proxy, and a guard: a connection to any host but 127.0.0.1 fails the test."""
    monkeypatch.setenv("COURSE_MODE", "full")
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.setenv("COURSE_MIRROR", local_server.base)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setattr(data, "NETWORK_TIMEOUT_S", 0.5)
    offenders: list = []
    real_connect = socket.socket.connect

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in _LOCAL_HOSTS:
            offenders.append(address)
            raise OSError(f"test guard: only 127.0.0.1 may be contacted, not {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield local_server
    assert not offenders, f"a loader tried to reach {offenders}"
