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
    """A status display: finished lines (one per epoch) that stay, plus one live line that
    updates in place. Jupyter/Colab: one display that is updated (the last ``keep`` finished
    lines are shown, so a 200-epoch run stays short); a terminal: ``\\r`` for the live line."""

    def __init__(self, keep: int = 12):
        self._handle = None
        self._notebook = _in_notebook()
        self._done: list[str] = []
        self._keep = keep
        self._width = 0

    def _render(self, live: str) -> str:
        shown = self._done[-self._keep :]
        hidden = len(self._done) - len(shown)
        rows = ([f"… (앞의 {hidden}줄 생략)"] if hidden else []) + shown + ([live] if live else [])
        return "\n".join(rows)

    def _write_terminal(self, text: str, end: str) -> None:
        pad = max(0, self._width - len(text))
        sys.stdout.write("\r" + text + " " * pad + end)
        sys.stdout.flush()
        self._width = 0 if end else len(text)

    def _update_notebook(self, live: str) -> None:
        from IPython.display import display

        bundle = {"text/plain": self._render(live)}
        if self._handle is None:
            self._handle = display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)

    def show(self, text: str, *, final: bool = False) -> None:
        """Replace the live line; ``final=True`` makes it a finished line."""
        if final:
            self.log(text)
        elif self._notebook:
            self._update_notebook(text)
        else:
            self._write_terminal(text, "")

    def log(self, text: str) -> None:
        """A finished line that stays on screen."""
        self._done.append(text)
        if self._notebook:
            self._update_notebook("")
        else:
            self._write_terminal(text, "\n")


def progress_line(done: int, total: int | None, elapsed: float, desc: str = "", extra: str = "") -> str:
    """``desc 3/10 · extra · 12초 경과 · 남은 시간 ≈ 28초`` (the time left from the mean pace)."""
    head = f"{desc} " if desc else ""
    count = f"{done}/{total}" if total else f"{done}"
    parts = [f"{head}{count}".strip()]
    if extra:
        parts.append(extra)
    parts.append(f"{format_seconds(elapsed)} 경과")
    if total and 0 < done < total:
        parts.append(f"남은 시간 ≈ {format_seconds(elapsed / done * (total - done))}")
    return " · ".join(parts)


def _format_logs(logs: dict | None) -> str:
    if not logs:
        return ""
    return " ".join(f"{k} {_number(v)}" for k, v in logs.items() if isinstance(v, int | float))


def _number(value: float) -> str:
    """Four decimals for losses and accuracies, fewer digits for big values (MSE of prices)."""
    return f"{value:.4f}" if abs(value) < 100 else f"{value:.5g}"


def _make_callback(every: float = 1.0):
    import keras

    class EpochProgress(keras.callbacks.Callback):
        """Full-mode progress for ``fit``: a line per finished epoch with its metrics, and a
        live line (epoch, batch, time left) refreshed at most every ``every`` seconds, so even
        an epoch that takes minutes on a CPU shows a sign of life."""

        def on_train_begin(self, logs=None):
            self._line = _Line()
            self._start = self._last_shown = time.perf_counter()
            self._epochs = self.params.get("epochs") or 1
            self._steps = self.params.get("steps")
            self._epoch = self._first = None
            self._line.show(f"에폭 …/{self._epochs} · 학습을 시작합니다…")

        def on_epoch_begin(self, epoch, logs=None):
            if self._first is None:
                self._first = epoch  # fit(initial_epoch=...) starts later than 0
            self._epoch = epoch

        def _left(self, elapsed: float, epochs_done: float) -> str:
            todo = self._epochs - (self._first or 0)
            if epochs_done <= 0 or todo - epochs_done <= 1e-9:
                return ""
            return f" · 남은 시간 ≈ {format_seconds(elapsed / epochs_done * max(0.0, todo - epochs_done))}"

        def on_train_batch_end(self, batch, logs=None):
            now = time.perf_counter()
            if now - self._last_shown < every:
                return
            self._last_shown = now
            elapsed = now - self._start
            if self._epoch is None:
                return
            if self._steps:
                left = self._left(elapsed, self._epoch - self._first + (batch + 1) / self._steps)
                where = f"배치 {batch + 1}/{self._steps}"
            else:
                left, where = "", f"배치 {batch + 1}"
            metrics = _format_logs(logs)
            self._line.show(
                f"에폭 {self._epoch + 1}/{self._epochs} · {where}"
                + (f" · {metrics}" if metrics else "")
                + f" · {format_seconds(elapsed)} 경과{left}"
            )

        def on_epoch_end(self, epoch, logs=None):
            elapsed = time.perf_counter() - self._start
            metrics = _format_logs(logs)
            self._line.log(
                f"에폭 {epoch + 1}/{self._epochs}"
                + (f" · {metrics}" if metrics else "")
                + f" · {format_seconds(elapsed)} 경과"
                + self._left(elapsed, epoch + 1 - (self._first or 0))
            )
            self._last_shown = time.perf_counter()

        def on_train_end(self, logs=None):
            elapsed = time.perf_counter() - self._start
            self._line.log(f"끝: {format_seconds(elapsed)}")

    return EpochProgress()


def progress(*, every: float = 1.0) -> list:
    """Keras callbacks for ``fit``: ``[]`` in fast mode; in full mode one line per finished
    epoch (metrics, time left) and a live line refreshed at most every ``every`` seconds."""
    return [] if is_fast() else [_make_callback(every)]


class ProgressIter:
    """What :func:`progress_iter` returns: iterate over it like the wrapped iterable, and call
    :meth:`set` inside the loop to show metrics (``steps.set(loss=0.31)``)."""

    def __init__(self, iterable: Iterable, total: int | None, desc: str, every: float, silent: bool):
        if total is None:
            try:
                total = len(iterable)  # type: ignore[arg-type]
            except TypeError:
                total = None
        self.iterable, self.total, self.desc, self.every, self.silent = iterable, total, desc, every, silent
        self.metrics: dict[str, float] = {}
        self.done = 0

    def set(self, **metrics: float) -> None:
        """Metrics to show on the line from now on (floats; tensors are converted)."""
        self.metrics.update({k: float(v) for k, v in metrics.items()})

    def __len__(self) -> int:
        if self.total is None:
            raise TypeError("progress_iter over an iterable without a length")
        return self.total

    def _text(self, elapsed: float) -> str:
        return progress_line(self.done, self.total, elapsed, self.desc, _format_logs(self.metrics))

    def __iter__(self) -> Iterator:
        if self.silent:
            for item in self.iterable:
                self.done += 1
                yield item
            return
        line = _Line()
        start = last = time.perf_counter()
        line.show(progress_line(0, self.total, 0.0, self.desc) + " · 시작합니다…")
        for item in self.iterable:
            yield item
            self.done += 1
            now = time.perf_counter()
            if now - last >= self.every:
                line.show(self._text(now - start))
                last = now
        line.show(self._text(time.perf_counter() - start) + " · 끝", final=True)


def progress_iter(iterable: Iterable, *, total: int | None = None, desc: str = "", every: float = 1.0) -> ProgressIter:
    """Wrap a custom training loop's iterable: in full mode one live line with the count, the
    metrics given to ``.set(...)``, the elapsed time and the time left, refreshed at most every
    ``every`` seconds, and a final line; in fast mode nothing is shown.

        epochs = course.progress_iter(range(EPOCHS), desc="에폭")
        for epoch in epochs:
            loss = train_one_epoch()
            epochs.set(loss=loss)
    """
    return ProgressIter(iterable, total, desc, every, silent=is_fast())
