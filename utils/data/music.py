"""Music: melodies from the music21 corpus as note symbols (notebook 24), and back to a score,
MIDI and a playable waveform.

A melody is a list of symbols ``"<pitch>_<quarter notes>"``: ``"C4_1.0"`` is a quarter-note
middle C, ``"B-4_0.5"`` an eighth-note B flat (music21 writes flats as ``-``), ``"R_2.0"`` a
half-note rest.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import re
from pathlib import Path

import numpy as np

from ..modes import is_fast
from .chain import (
    DataError,
    LoadedList,
    Provenance,
    Source,
    SourceUnavailable,
    install_hint,
    keras_cache_dir,
    load_first,
    package_file,
)

MELODY_CORPORA = {
    "bach": "Bach chorales: the soprano line (music21 corpus/bach/bwv*.mxl, MusicXML)",
    "folk": "Essen folk songs (music21 corpus/essenFolksong/*.abc, ABC)",
}
# How many melodies limit=None means: fast mode parses a few seconds' worth, full mode more
# (parsed melodies are kept in the Keras cache, so only the first run pays).
MELODY_DEFAULT_LIMIT = {"fast": 16, "full": 400}
MELODY_CACHE_VERSION = 1
_SYMBOL = re.compile(r"^(R|[A-G](?:#{1,2}|-{1,2})?\d)_(\d+(?:\.\d+)?)$")
_STEPS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def note_symbol(element) -> str | None:
    """The symbol of one music21 note, rest or chord (its top note); None for grace notes."""
    length = round(float(element.quarterLength), 3)
    if length <= 0:
        return None
    if element.isRest:
        return f"R_{length}"
    pitch = element.pitches[-1] if element.isChord else element.pitch
    return f"{pitch.nameWithOctave}_{length}"


def _melody_works(corpus: str) -> list[tuple[str, Path, int | None]]:
    """``(work id, file, tune number)`` in a fixed order, without parsing anything."""
    if corpus == "bach":
        folder = package_file("music21", "corpus/bach")
        return [(p.stem, p, None) for p in sorted(folder.glob("bwv*.mxl"))]
    folder = package_file("music21", "corpus/essenFolksong")
    works = []
    for path in sorted(folder.glob("*.abc")):
        numbers = re.findall(r"^X:\s*(\d+)", path.read_text(encoding="latin-1"), flags=re.M)
        works += [(f"{path.stem}#{n}", path, int(n)) for n in numbers]
    return works


def _parse_melody(corpus: str, path: Path, number: int | None) -> list[str] | None:
    from music21 import converter

    score = converter.parse(path, number=number) if number is not None else converter.parse(path)
    if corpus == "bach":
        parts = [p for p in score.parts if str(p.partName or p.id).lower().startswith("soprano")]
        if not parts:
            return None  # a chorale whose melody part is not named (instrumental parts first)
        line = parts[0]
    else:
        line = score.parts[0] if hasattr(score, "parts") and len(score.parts) else score
    symbols = [note_symbol(e) for e in line.stripTies().flatten().notesAndRests]
    symbols = [s for s in symbols if s]
    while symbols and symbols[0].startswith("R_"):
        symbols.pop(0)  # pickup rests
    return symbols if len(symbols) >= 8 else None


def melody_cache_path(corpus: str) -> Path:
    return keras_cache_dir() / "music21_melodies" / f"{corpus}_v{MELODY_CACHE_VERSION}.json"


def _music21(corpus: str, limit: int):
    def load():
        if importlib.util.find_spec("music21") is None:
            raise SourceUnavailable(f"Python package 'music21' is not installed ({install_hint('music21')})")
        works = _melody_works(corpus)
        cache_path = melody_cache_path(corpus)
        try:
            cache = json.loads(cache_path.read_text(encoding="utf-8"))
        except Exception:  # missing or damaged: parse again
            cache = {}
        melodies, ids, parsed_now = [], [], 0
        for work_id, path, number in works:
            if len(melodies) >= limit:
                break
            if work_id not in cache:
                try:
                    cache[work_id] = _parse_melody(corpus, path, number)
                except Exception as err:  # one unreadable file must not stop the others
                    cache[work_id] = None
                    print(f"⚠️ {path.name} {number or ''}: music21 could not read it ({type(err).__name__}: {err})")
                parsed_now += 1
            if cache[work_id]:
                melodies.append(cache[work_id])
                ids.append(work_id)
        if not melodies:
            raise SourceUnavailable(f"no melody could be read from the music21 {corpus} corpus")
        if parsed_now:
            with contextlib.suppress(OSError):
                cache_path.parent.mkdir(parents=True, exist_ok=True)
                cache_path.write_text(json.dumps(cache), encoding="utf-8")
        lengths = [len(m) for m in melodies]
        detail = (
            f"{len(melodies)}곡 (전체 {len(works)}개 중 앞에서부터) · 음표 {sum(lengths):,}개, 곡당 {min(lengths)}–{max(lengths)} · "
            f"이번에 해석 {parsed_now}곡, 나머지는 캐시 {cache_path}"
        )
        prov = Provenance(f"melodies ({corpus})", "music21 corpus", MELODY_CORPORA[corpus], True, detail)
        return (melodies, ids), prov

    return load


def melody_fixture(n: int = 24, *, seed: int = 0) -> list[list[str]]:
    """Generated melodies: random walks on the C-major scale in 4/4, quarter and eighth notes,
    each ending on C4 with a half note."""
    rng = np.random.default_rng(seed)
    scale = ["C4", "D4", "E4", "F4", "G4", "A4", "B4", "C5", "D5", "E5"]
    melodies = []
    for _ in range(n):
        step, melody = int(rng.integers(0, 5)), []
        for _ in range(int(rng.integers(16, 33))):
            step = int(np.clip(step + rng.choice([-2, -1, -1, 0, 1, 1, 2]), 0, len(scale) - 1))
            melody.append(f"{scale[step]}_{rng.choice([1.0, 0.5, 0.5, 2.0])}")
        melodies.append(melody + ["C4_2.0"])
    return melodies


def _melody_fixture(corpus: str, limit: int):
    def load():
        melodies = melody_fixture(min(limit, 24))
        ids = [f"fixture-{i}" for i in range(len(melodies))]
        return (melodies, ids), Provenance(
            f"melodies ({corpus})", "generated fixture", "utils.data.melody_fixture (scale random walks)", False,
            f"{len(melodies)}곡",
        )  # fmt: skip

    return load


def load_melodies(corpus: str = "bach", *, limit: int | None = None, verbose: bool = True) -> LoadedList:
    """Melodies as lists of note symbols (``"C4_1.0"``, ``"R_0.5"``), in a list with
    ``.provenance`` and ``.ids`` (the work of each melody, e.g. ``"bwv10.7"``).

    ``corpus="bach"``: the soprano lines of Bach's chorales; ``"folk"``: Essen folk songs.
    ``limit`` = how many (the first ones in file order); None = 16 in fast mode (about 3–8 s to parse here, once), 400 in full.
    Ties are merged, chords give their top note, grace notes are dropped, leading rests removed.

    Sources: the music21 corpus inside the music21 package (parsed melodies are kept in
    ``<keras cache>/music21_melodies/``) → generated fixture.
    """
    key = str(corpus).strip().lower()
    if key not in MELODY_CORPORA:
        raise DataError(f"corpus must be one of {', '.join(MELODY_CORPORA)}, got {corpus!r}.")
    if limit is None:
        limit = MELODY_DEFAULT_LIMIT["fast" if is_fast() else "full"]
    if not isinstance(limit, int) or limit < 1:
        raise DataError(f"limit must be a positive integer or None, got {limit!r}.")
    (melodies, ids), prov = load_first(
        f"melodies ({key})",
        [
            Source("music21 corpus", _music21(key, limit)),
            Source("generated fixture", _melody_fixture(key, limit), real=False),
        ],
        verbose=verbose,
    )
    result = LoadedList(melodies, prov)
    result.ids = ids
    return result


# --------------------------------------------------------------------------- back to music


def parse_symbol(symbol: str) -> tuple[str | None, float]:
    """``"C4_1.0"`` → ``("C4", 1.0)``; ``"R_0.5"`` → ``(None, 0.5)``; anything else → DataError."""
    match = _SYMBOL.match(str(symbol))
    if not match or float(match.group(2)) <= 0:
        raise DataError(
            f"{symbol!r} is not a note symbol like 'C4_1.0', 'B-4_0.5' or 'R_2.0' "
            f"(pitch with octave or R, '_', length in quarter notes). Remove special tokens first."
        )
    pitch, length = match.groups()
    return (None if pitch == "R" else pitch), float(length)


def midi_number(pitch: str) -> int:
    """``"A4"`` → 69, ``"C4"`` → 60, ``"B-4"`` → 70, ``"F#3"`` → 54."""
    letter, accidentals, octave = pitch[0], pitch[1:-1], int(pitch[-1])
    return 12 * (octave + 1) + _STEPS[letter] + accidentals.count("#") - accidentals.count("-")


def melody_to_stream(symbols, *, tempo_bpm: float | None = None):
    """A music21 ``Stream`` of the melody (``.show()`` draws it where MuseScore is set up,
    ``.show("text")`` lists it anywhere)."""
    try:
        from music21 import note, stream, tempo
    except ImportError as err:
        raise DataError(f"melody_to_stream needs music21: {install_hint('music21')} ({err})") from err
    melody = stream.Stream()
    if tempo_bpm:
        melody.append(tempo.MetronomeMark(number=tempo_bpm))
    for symbol in symbols:
        pitch, length = parse_symbol(symbol)
        melody.append(note.Rest(quarterLength=length) if pitch is None else note.Note(pitch, quarterLength=length))
    return melody


def melody_to_midi(symbols, path, *, tempo_bpm: float = 100) -> Path:
    """Write the melody as a MIDI file at ``path`` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    melody_to_stream(symbols, tempo_bpm=tempo_bpm).write("midi", fp=str(path))
    return path


def melody_to_audio(symbols, *, rate: int = 16000, tempo_bpm: float = 100) -> tuple[np.ndarray, int]:
    """A waveform of the melody synthesised with numpy (no synthesizer needed): each note a
    sine with two soft overtones and a short attack/decay, rests silent, peak 0.8.
    Returns ``(float32 samples, rate)``; play it with ``IPython.display.Audio(wave, rate=rate)``."""
    if rate < 2000 or tempo_bpm <= 0:
        raise DataError(f"rate must be ≥ 2000 Hz and tempo_bpm positive, got rate={rate}, tempo_bpm={tempo_bpm}.")
    seconds_per_quarter = 60.0 / tempo_bpm
    pieces = []
    for symbol in symbols:
        pitch, length = parse_symbol(symbol)
        n = int(round(length * seconds_per_quarter * rate))
        if pitch is None:
            pieces.append(np.zeros(n, dtype=np.float32))
            continue
        t = np.arange(n) / rate
        f = 440.0 * 2 ** ((midi_number(pitch) - 69) / 12)
        tone = np.sin(2 * np.pi * f * t) + 0.3 * np.sin(4 * np.pi * f * t) + 0.1 * np.sin(6 * np.pi * f * t)
        envelope = np.minimum(1.0, t / 0.01) * np.exp(-3.0 * t) * np.minimum(1.0, (n - np.arange(n)) / (0.01 * rate))
        pieces.append((tone * envelope).astype(np.float32))
    wave = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    peak = float(np.abs(wave).max()) if wave.size else 0.0
    if peak > 0:
        wave = wave * (0.8 / peak)
    return wave.astype(np.float32), rate
