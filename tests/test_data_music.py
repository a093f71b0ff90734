"""Melodies of notebook 24 and their way back to music: utils/data/music.py."""

import importlib.util

import numpy as np
import pytest

from utils import data

HAVE_MUSIC21 = importlib.util.find_spec("music21") is not None
needs_music21 = pytest.mark.skipif(not HAVE_MUSIC21, reason="music21 not installed")


@needs_music21
def test_bach_chorale_soprano_lines_are_parsed_once_then_cached(keras_home, fast_mode, no_network, capsys):
    melodies = data.load_melodies(limit=3)
    assert melodies.ids == ["bwv1.6", "bwv10.7", "bwv101.7"] and melodies.provenance.real
    # BWV 1.6 is "Wie schön leuchtet der Morgenstern" in F major: F C A F C D D C
    assert melodies[0][:8] == ["F4_1.0", "C5_1.0", "A4_1.0", "F4_1.0", "C5_1.0", "D5_1.0", "D5_1.0", "C5_1.0"]
    assert all(data.parse_symbol(s) for m in melodies for s in m)
    assert "이번에 해석 3곡" in capsys.readouterr().out
    assert data.melody_cache_path("bach").exists()
    again = data.load_melodies(limit=3)
    assert "이번에 해석 0곡" in capsys.readouterr().out and list(again) == list(melodies)
    data.melody_cache_path("bach").write_text("{damaged")
    assert list(data.load_melodies(limit=3, verbose=False)) == list(melodies)


@needs_music21
def test_folk_songs_and_the_fast_default(keras_home, fast_mode, no_network):
    folk = data.load_melodies("folk", limit=2, verbose=False)
    assert folk.ids == ["altdeu10#1", "altdeu10#2"] and folk[0][:3] == ["G4_2.0", "B-4_2.0", "B4_2.0"]
    assert len(data.load_melodies(verbose=False)) == data.MELODY_DEFAULT_LIMIT["fast"]


def test_melodies_fixture_without_music21(keras_home, fast_mode, no_network, monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n.startswith("music21") else real(n, *a))
    melodies = data.load_melodies(limit=5)
    assert "GENERATED FIXTURE" in capsys.readouterr().out and len(melodies) == 5
    assert all(m[-1] == "C4_2.0" and all(data.parse_symbol(s) for s in m) for m in melodies)


def test_melody_to_audio_plays_the_right_pitches_for_the_right_time():
    wave, rate = data.melody_to_audio(["A4_1.0", "R_0.5", "C4_2.0"], rate=8000, tempo_bpm=120)
    assert wave.dtype == np.float32 and rate == 8000
    assert len(wave) == int(3.5 * 0.5 * 8000) and np.abs(wave).max() == pytest.approx(0.8)
    first = wave[:4000]  # one beat of A4 at 120 bpm = 0.5 s
    spectrum = np.abs(np.fft.rfft(first))
    assert np.fft.rfftfreq(len(first), 1 / rate)[spectrum.argmax()] == pytest.approx(440, abs=2)
    assert np.all(wave[4000:6000] == 0)  # the rest is silent
    assert data.melody_to_audio([])[0].size == 0


def test_symbols_bad_input():
    assert data.parse_symbol("B-4_0.5") == ("B-4", 0.5) and data.parse_symbol("R_2.0") == (None, 2.0)
    assert [data.midi_number(p) for p in ("A4", "C4", "B-4", "F#3")] == [69, 60, 70, 54]
    for bad in ("<start>", "C4", "H4_1.0", "C4_0", "C4_-1.0"):
        with pytest.raises(data.DataError, match="not a note symbol"):
            data.parse_symbol(bad)
    with pytest.raises(data.DataError, match="bach, folk"):
        data.load_melodies("jazz")
    with pytest.raises(data.DataError, match="limit"):
        data.load_melodies(limit=0)
    with pytest.raises(data.DataError, match="rate"):
        data.melody_to_audio(["C4_1.0"], rate=100)


@needs_music21
def test_melody_to_stream_and_midi_round_trip(tmp_path):
    symbols = ["C4_1.0", "E4_0.5", "R_0.5", "G4_2.0"]
    stream = data.melody_to_stream(symbols)
    assert [data.note_symbol(e) for e in stream.notesAndRests] == symbols
    path = data.melody_to_midi(symbols, tmp_path / "out" / "melody.mid")
    assert path.exists() and path.read_bytes()[:4] == b"MThd"
    from music21 import converter

    notes = [n.nameWithOctave for n in converter.parse(path).flatten().notes]
    assert notes == ["C4", "E4", "G4"]
