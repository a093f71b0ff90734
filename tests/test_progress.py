"""course.progress / course.progress_iter: silent in fast mode, a live line in full mode."""

import numpy as np
import pytest

from utils import course, progress


@pytest.fixture
def full(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "full")


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "fast")


def test_format_seconds():
    assert progress.format_seconds(42) == "42초"
    assert progress.format_seconds(75) == "1분 15초"
    assert progress.format_seconds(3725) == "1시간 2분"
    assert progress.format_seconds(-3) == "0초"


def test_progress_line_estimates_time_left_from_the_mean_pace():
    assert progress.progress_line(2, 10, 20, "에폭", "loss 0.5") == "에폭 2/10 · loss 0.5 · 20초 경과 · 남은 시간 ≈ 1분 20초"
    assert progress.progress_line(3, None, 5) == "3 · 5초 경과"
    assert progress.progress_line(10, 10, 50, "에폭") == "에폭 10/10 · 50초 경과"  # nothing left, no estimate
    assert progress._format_logs({"loss": 0.123456, "mse": 12345.678, "name": "x"}) == "loss 0.1235 mse 12346"


def test_fast_mode_is_silent(fast, capsys):
    assert course.progress() == []
    steps = course.progress_iter(range(5), desc="x")
    seen = []
    for i in steps:
        steps.set(loss=i)
        seen.append(i)
    assert seen == [0, 1, 2, 3, 4] and len(steps) == 5 and steps.done == 5
    assert capsys.readouterr().out == ""


def test_full_mode_progress_iter_shows_count_metrics_and_end(full, capsys):
    steps = course.progress_iter(iter(range(4)), total=4, desc="GAN", every=0)
    for i in steps:
        steps.set(loss=np.float32(1.0 / (i + 1)))
    out = capsys.readouterr().out
    assert "GAN 0/4" in out and "GAN 2/4 · loss 0.5000" in out and "남은 시간" in out
    assert out.rstrip().endswith("끝") and out.endswith("\n")


def test_progress_iter_without_length(full, capsys):
    steps = course.progress_iter((i for i in range(3)), desc="step", every=0)
    assert list(steps) == [0, 1, 2]
    with pytest.raises(TypeError):
        len(steps)
    assert "step 3 · " in capsys.readouterr().out


def test_full_mode_fit_shows_every_epoch_with_metrics(full, capsys):
    import keras

    callbacks = course.progress(every=0)
    assert len(callbacks) == 1 and isinstance(callbacks[0], keras.callbacks.Callback)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.zeros((8, 2), dtype="float32")
    model.fit(x, x[:, :1], epochs=3, batch_size=4, validation_split=0.25, verbose=0, callbacks=callbacks)
    out = capsys.readouterr().out
    lines = [line.strip() for line in out.replace("\r", "\n").splitlines() if line.strip()]
    for epoch in (1, 2, 3):
        assert any(line.startswith(f"에폭 {epoch}/3 · loss") and "val_loss" in line for line in lines), out
    assert any("배치 " in line for line in lines)  # the live line inside an epoch
    assert "남은 시간" in out and lines[-1].startswith("끝:")


class FakeHandle:
    def __init__(self, shown):
        self.shown = shown

    def update(self, bundle, raw):
        self.shown.append(bundle["text/plain"])


def test_in_a_notebook_one_display_is_updated(full, monkeypatch):
    import IPython.display

    shown = []

    def fake_display(bundle, raw, display_id):
        assert raw and display_id
        shown.append(bundle["text/plain"])
        return FakeHandle(shown)

    monkeypatch.setattr(progress, "_in_notebook", lambda: True)
    monkeypatch.setattr(IPython.display, "display", fake_display)
    line = progress._Line(keep=2)
    line.show("live 1")
    for i in range(4):
        line.log(f"epoch {i}")
    line.show("live 2")
    assert shown[0] == "live 1"
    assert shown[-1] == "… (앞의 2줄 생략)\nepoch 2\nepoch 3\nlive 2"


def test_outside_ipython_is_not_a_notebook():
    assert progress._in_notebook() is False


def test_time_left_counts_from_initial_epoch(full, capsys, monkeypatch):
    import keras

    clock = iter(range(0, 1000, 10))  # every reading of the clock is 10 s later
    monkeypatch.setattr(progress.time, "perf_counter", lambda: next(clock))
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.zeros((4, 2), dtype="float32")
    model.fit(x, x[:, :1], epochs=6, initial_epoch=4, batch_size=4, verbose=0, callbacks=course.progress())
    out = capsys.readouterr().out
    assert "에폭 5/6 · loss" in out and "에폭 6/6 · loss" in out
    first = next(line for line in out.replace("\r", "\n").splitlines() if line.startswith("에폭 5/6 · loss"))
    # one of the two remaining epochs done: the time left equals the time spent so far
    spent, left = first.split(" 경과 · 남은 시간 ≈ ")
    assert spent.rsplit(" · ", 1)[1] == left.strip()
