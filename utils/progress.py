"""One progress policy for the whole course.

Full mode: every training run longer than a few seconds shows, on one line that updates in
place, the epoch, its metrics and the time left. Fast mode (CI): nothing, so logs stay short.

    model.fit(x, y, epochs=EPOCHS, verbose=0, callbacks=[*course.progress(), early_stop])

    for step in course.progress_iter(range(steps), total=steps, desc="GAN"):
        ...
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator

from .modes import is_fast


def format_seconds(seconds: float) -> str:
    """``75`` → ``"1분 15초"``; ``3725`` → ``"1시간 2분"``; under a minute → ``"42초"``."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}시간 {minutes}분"
    if minutes:
        return f"{minutes}분 {secs}초"
    return f"{secs}초"


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()
    except AttributeError:
        return False
    return ip is not None and ip.__class__.__name__ in ("ZMQInteractiveShell", "Shell")  # Jupyter, Colab


class _Line:
    """A single status line: an updating display in Jupyter/Colab, ``\\r`` in a terminal."""

    def __init__(self):
        self._handle = None
        self._notebook = _in_notebook()

    def show(self, text: str, *, final: bool = False) -> None:
        if self._notebook:
            from IPython.display import display

            if self._handle is None:
                self._handle = display({"text/plain": text}, raw=True, display_id=True)
            else:
                self._handle.update({"text/plain": text}, raw=True)
        else:
            end = "\n" if final else ""
            sys.stdout.write("\r" + text + end)
            sys.stdout.flush()


def progress_line(done: int, total: int | None, elapsed: float, desc: str = "", extra: str = "") -> str:
    """``desc 3/10 · extra · 12초 경과 · 남은 시간 ≈ 28초`` (the time left from the mean pace)."""
    head = f"{desc} " if desc else ""
    count = f"{done}/{total}" if total else f"{done}"
    parts = [f"{head}{count}".strip()]
    if extra:
        parts.append(extra)
    parts.append(f"{format_seconds(elapsed)} 경과")
    if total and done:
        parts.append(f"남은 시간 ≈ {format_seconds(elapsed / done * (total - done))}")
    return " · ".join(parts)


def _format_logs(logs: dict | None) -> str:
    if not logs:
        return ""
    return " ".join(f"{k} {v:.4g}" for k, v in logs.items() if isinstance(v, int | float))


def _make_callback():
    import keras

    class EpochProgress(keras.callbacks.Callback):
        """One updating line per ``fit``: epoch, the last epoch's metrics, time left."""

        def on_train_begin(self, logs=None):
            self._line = _Line()
            self._start = time.perf_counter()
            self._epochs = self.params.get("epochs")
            self._line.show(f"에폭 0/{self._epochs} · 학습을 시작합니다…")

        def on_epoch_end(self, epoch, logs=None):
            elapsed = time.perf_counter() - self._start
            self._last = progress_line(epoch + 1, self._epochs, elapsed, "에폭", _format_logs(logs))
            self._line.show(self._last)

        def on_train_end(self, logs=None):
            elapsed = time.perf_counter() - self._start
            final = getattr(self, "_last", "")
            self._line.show(f"{final} · 끝 ({format_seconds(elapsed)})" if final else "끝", final=True)

    return EpochProgress()


def progress() -> list:
    """Keras callbacks for ``fit``: ``[]`` in fast mode, one live progress line in full mode."""
    return [] if is_fast() else [_make_callback()]


def progress_iter(iterable: Iterable, *, total: int | None = None, desc: str = "", every: float = 1.0) -> Iterator:
    """Wrap a custom training loop's iterable: in full mode one line with the count, elapsed
    time and time left, refreshed at most every ``every`` seconds; in fast mode the iterable as is."""
    if is_fast():
        yield from iterable
        return
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    line = _Line()
    start = last = time.perf_counter()
    done = 0
    for item in iterable:
        yield item
        done += 1
        now = time.perf_counter()
        if now - last >= every or done == total:
            line.show(progress_line(done, total, now - start, desc))
            last = now
    line.show(progress_line(done, total, time.perf_counter() - start, desc) + " · 끝", final=True)
