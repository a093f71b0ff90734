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
