import numpy as np
import pytest

from utils import text


def test_ngram_sequences_reproduce_the_lecture_table():
    X, y, max_len = text.ngram_sequences([[4, 2, 66, 8, 67, 68, 69, 70]], max_len=12)
    assert max_len == 12 and X.shape == (7, 11) and y.tolist() == [2, 66, 8, 67, 68, 69, 70]
    assert X[0].tolist() == [0] * 10 + [4]
    assert X[6].tolist() == [0] * 4 + [4, 2, 66, 8, 67, 68, 69]


def test_ngram_sequences_default_length_and_truncation():
    X, y, max_len = text.ngram_sequences([[1, 2, 3], [5, 6]])
    assert max_len == 3 and X.tolist() == [[0, 1], [1, 2], [0, 5]] and y.tolist() == [2, 3, 6]
    X, y, _ = text.ngram_sequences([[1, 2, 3, 4, 5]], max_len=3)
    assert X[-1].tolist() == [3, 4] and y[-1] == 5  # pre-truncated: the label stays the real next token
    with pytest.raises(ValueError, match="two or more"):
        text.ngram_sequences([[1], []])


def test_skipgram_pairs_for_king():
    pairs = text.skipgram_pairs("I love king of Korea".split(), window=2)
    assert [c for k, c in pairs if k == "king"] == ["I", "love", "of", "Korea"]
    assert len(pairs) == 2 + 3 + 4 + 3 + 2
    with pytest.raises(ValueError):
        text.skipgram_pairs(["a"], window=0)


def test_cosine_similarity():
    assert text.cosine_similarity([1, 0], [0, 1]) == pytest.approx(0.0)
    assert text.cosine_similarity([1, 2], [2, 4]) == pytest.approx(1.0)
    rows = text.cosine_similarity([[1, 0], [1, 1]], [[1, 0], [-1, -1]])
    assert rows.tolist() == pytest.approx([1.0, -1.0])
    with pytest.raises(ValueError, match="zero"):
        text.cosine_similarity([0, 0], [1, 0])


def test_sample_with_temperature():
    probs = np.array([0.1, 0.6, 0.3])
    assert text.sample_with_temperature(probs, 0) == 1  # greedy
    rng = np.random.default_rng(0)
    cold = [text.sample_with_temperature(probs, 0.05, rng=rng) for _ in range(200)]
    assert set(cold) == {1}
    hot = [text.sample_with_temperature(probs, 5.0, rng=rng) for _ in range(600)]
    assert np.bincount(hot, minlength=3).min() > 120  # flattened towards uniform
    with pytest.raises(ValueError):
        text.sample_with_temperature(probs, -1)


def test_unigram_baseline():
    base = text.unigram_baseline([1, 1, 1, 2], [1, 2, 1, 1], vocab_size=3)
    assert base["accuracy"] == 0.75
    # add-one probabilities: [1, 4, 2] / 7
    expected = -np.mean(np.log([4 / 7, 2 / 7, 4 / 7, 4 / 7]))
    assert base["cross_entropy"] == pytest.approx(expected)
    assert base["perplexity"] == pytest.approx(np.exp(expected))


def test_join_morphemes():
    tagged = [("모든", "MM"), ("권력", "NNG"), ("은", "JX"), ("국민", "NNG"), ("으로부터", "JKB"),
              ("나오", "VV"), ("ᆫ다", "EF"), (".", "SF")]
    assert text.join_morphemes(tagged) == "모든 권력은 국민으로부터 나온다."
    assert text.join_morphemes(["확보/NNG", "하/XSV", "ᆯ/ETM", "것/NNB", "을/JKO"]) == "확보할 것을"
    assert text.join_morphemes([]) == ""
    assert text.join_morphemes(["국민/NNG", "<OOV>", "은/JX"]) == "국민 <OOV>은"
