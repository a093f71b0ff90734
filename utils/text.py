"""Small text helpers shared by notebooks 21 (preprocessing, embeddings) and 23 (generation).

    from utils import text
    X, y, max_len = text.ngram_sequences([[4, 2, 66, 8, 67, 68, 69, 70]], max_len=12)
    pairs = text.skipgram_pairs("I love king of Korea".split(), window=2)
    text.cosine_similarity([1, 0], [1, 1])                      # 0.7071…
    next_id = text.sample_with_temperature(probs, temperature=0.8, rng=rng)

Pure NumPy (no TensorFlow import), so the unit tests stay fast.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

__all__ = [
    "cosine_similarity",
    "join_morphemes",
    "ngram_sequences",
    "sample_with_temperature",
    "skipgram_pairs",
    "unigram_baseline",
]


def ngram_sequences(
    token_lists: Sequence[Sequence[int]], *, max_len: int | None = None
) -> tuple[np.ndarray, np.ndarray, int]:
    """The lecture's (001) n-gram input sequences for next-word prediction.

    Every line ``[t0, t1, …, tn]`` gives the prefixes ``[t0, t1]``, ``[t0, t1, t2]``, …, the
    whole line; they are pre-padded with 0 to ``max_len`` (default: the longest prefix) and
    split into predictors ``X`` (all but the last column) and labels ``y`` (the last column).
    A prefix longer than ``max_len`` keeps its last ``max_len`` tokens (pre-truncation), so the
    label is always the real next token. Returns ``(X, y, max_len)``.
    """
    prefixes = [list(tokens[: i + 1]) for tokens in token_lists for i in range(1, len(tokens))]
    if not prefixes:
        raise ValueError("no line has two or more tokens: nothing to predict")
    if max_len is None:
        max_len = max(len(p) for p in prefixes)
    if max_len < 2:
        raise ValueError(f"max_len must be at least 2 (one input and one label), got {max_len}")
    padded = np.zeros((len(prefixes), max_len), dtype="int32")
    for row, prefix in zip(padded, prefixes, strict=True):
        kept = prefix[-max_len:]
        row[max_len - len(kept):] = kept
    return padded[:, :-1], padded[:, -1], max_len


def skipgram_pairs(tokens: Sequence, *, window: int = 2) -> list[tuple]:
    """(centre, context) pairs of skip-gram: each token with every token at most ``window``
    places to its left or right, in sentence order."""
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    pairs = []
    for i, centre in enumerate(tokens):
        for j in range(max(0, i - window), min(len(tokens), i + window + 1)):
            if j != i:
                pairs.append((centre, tokens[j]))
    return pairs


def cosine_similarity(a, b) -> np.ndarray:
    """cos θ = a·b / (|a| |b|) along the last axis (works for one pair or rows of pairs)."""
    a = np.asarray(a, dtype="float64")
    b = np.asarray(b, dtype="float64")
    norms = np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1)
    if np.any(norms == 0):
        raise ValueError("cosine similarity is undefined for a zero vector")
    return np.sum(a * b, axis=-1) / norms


def sample_with_temperature(probs, temperature: float = 1.0, *, rng: np.random.Generator | None = None) -> int:
    """Draw the next token id from a softmax output.

    ``temperature == 0`` is greedy decoding (argmax, what the old ``predict_classes`` did);
    ``temperature < 1`` sharpens the distribution (safer, more repetitive text), ``> 1`` flattens
    it (more surprising text). Uses ``p_i ** (1/T)`` renormalised, the same as dividing the
    logits by T."""
    probs = np.asarray(probs, dtype="float64").ravel()
    if temperature < 0:
        raise ValueError(f"temperature must be ≥ 0, got {temperature}")
    if temperature == 0:
        return int(np.argmax(probs))
    rng = rng if rng is not None else np.random.default_rng()
    logits = np.log(np.clip(probs, 1e-12, None)) / temperature
    logits -= logits.max()
    weights = np.exp(logits)
    return int(rng.choice(len(weights), p=weights / weights.sum()))


def unigram_baseline(train_labels, test_labels, vocab_size: int) -> dict[str, float]:
    """The model that ignores context: it predicts every next token from the training
    frequencies alone (add-one smoothing). Returns its held-out ``accuracy`` (always naming the
    most frequent training token), ``perplexity`` and ``cross_entropy`` (nats per token)."""
    train_labels = np.asarray(train_labels).ravel()
    test_labels = np.asarray(test_labels).ravel()
    counts = np.bincount(train_labels, minlength=vocab_size).astype("float64") + 1.0
    probs = counts / counts.sum()
    cross_entropy = float(-np.mean(np.log(probs[test_labels])))
    return {
        "accuracy": float(np.mean(test_labels == np.argmax(counts))),
        "perplexity": float(np.exp(cross_entropy)),
        "cross_entropy": cross_entropy,
    }


# Kiwi tags that belong to the previous word: particles (J…), endings (E…), suffixes (XS…),
# the copula 이다 (VCP), sentence-final marks and commas (SF, SP).
_ATTACHED_TAGS = ("J", "E", "XS", "VCP", "SF", "SP")


def join_morphemes(tagged) -> str:
    """Turn Korean morphemes back into readable text: a particle, ending or suffix joins the
    previous morpheme without a space, everything else starts a new word, and Unicode NFC
    composes a separated final consonant (``하`` + ``ᆫ`` → ``한``).

    ``tagged`` is a list of ``(form, tag)`` pairs or of ``"form/TAG"`` strings (Kiwi's tags);
    a string without a tag (e.g. ``"<OOV>"``) is a word of its own.
    The rule is approximate: an ending that Kiwi restored to its dictionary form stays so
    (``하`` + ``어`` → ``하어``, where the original text had ``하여``)."""
    pieces: list[str] = []
    for item in tagged:
        if isinstance(item, str):
            form, _, tag = item.rpartition("/") if "/" in item else (item, "", "")
        else:
            form, tag = item
        if pieces and tag.startswith(_ATTACHED_TAGS):
            pieces[-1] += form
        else:
            pieces.append(form)
    return unicodedata.normalize("NFC", " ".join(pieces))
