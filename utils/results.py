"""Record a notebook's result next to the lecture's figure, and fail if nothing was learned.

    results.check("test accuracy", acc, floor=0.5, lecture=0.99)
    results.check("test accuracy", acc, floor=0.5, reference=(0.85, "Keras IMDB 예제"))

* ``lecture=`` is only for a figure the lecture notes themselves give. A published anchor
  (a tutorial, a paper, a book's repository) goes in ``reference=(value, "출처")``, so the
  closing table never prints under "강의" a number the lecture never showed.

* In both modes the value must clear ``floor`` (a level well above chance that the
  notebook chooses), else :class:`LearningFloorError`: CI fails when a model stops
  learning. ``full_floor`` adds a stricter level for full mode.
* It prints this run beside the lecture's number; :func:`table` collects every check
  of the notebook for the closing "강의 결과와 비교" cell.
* With ``COURSE_RESULTS_FILE`` set, each check is appended there as a JSON line, so an
  instructor can gather a whole full-mode run.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass

from .modes import current_mode


class LearningFloorError(AssertionError):
    """The model's result did not clear the floor the notebook set."""


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    floor: float
    lecture: float | None
    mode: str
    higher_is_better: bool
    percent: bool
    note: str = ""
    reference: float | None = None
    reference_source: str = ""

    def _fmt(self, x: float | None) -> str:
        if x is None:
            return "—"
        return f"{x:.2%}" if self.percent else f"{x:.4g}"

    def line(self) -> str:
        ours = f"이번 실행({self.mode}): {self._fmt(self.value)}"
        lecture = f"강의: {self._fmt(self.lecture)}" if self.lecture is not None else "강의 수치 없음"
        if self.reference is not None:
            lecture += f" · 참고({self.reference_source}): {self._fmt(self.reference)}"
        bound = "≥" if self.higher_is_better else "≤"
        text = f"{self.name} — {ours} · {lecture} · 기준선 {bound} {self._fmt(self.floor)}"
        return f"{text} · {self.note}" if self.note else text


_RESULTS: list[Result] = []


def check(
    name: str,
    value: float,
    *,
    floor: float,
    lecture: float | None = None,
    full_floor: float | None = None,
    higher_is_better: bool = True,
    percent: bool | None = None,
    note: str = "",
    reference: tuple[float, str] | None = None,
) -> Result:
    """Assert ``value`` clears the floor, print it beside the lecture, and record it.

    ``percent`` (default: guessed from a value and floor between 0 and 1) prints as %.
    For errors such as MAE pass ``higher_is_better=False``: the floor is then a ceiling.
    ``reference=(value, source)`` is a published figure that is not the lecture's; the source
    must be named.
    """
    value = float(value)
    lecture = None if lecture is None else float(lecture)  # numpy scalars would break the JSON results file
    ref_value, ref_source = _parse_reference(reference)
    if math.isnan(value):
        raise LearningFloorError(f"{name} 값이 NaN입니다: 학습이 발산했습니다(diverged). 학습률을 낮춰 보세요.")
    mode = current_mode()
    bound = floor
    if mode == "full" and full_floor is not None:
        bound = max(floor, full_floor) if higher_is_better else min(floor, full_floor)
    if percent is None:
        percent = higher_is_better and 0 <= value <= 1 and 0 <= floor <= 1
    result = Result(name, value, bound, lecture, mode, higher_is_better, percent, note, ref_value, ref_source)
    ok = value >= bound if higher_is_better else value <= bound
    if not ok:
        raise LearningFloorError(
            f"{name} = {result._fmt(value)}: {mode} 모드의 기준선 {result._fmt(bound)}에 미치지 못했습니다 "
            f"(모델이 충분히 배우지 못했습니다). 데이터, 학습률, 에폭 수를 확인하세요."
        )
    print("✅ " + result.line())
    _RESULTS.append(result)
    _append_to_results_file(result)
    return result


def _parse_reference(reference) -> tuple[float | None, str]:
    if reference is None:
        return None, ""
    try:
        ref_value, ref_source = reference
    except (TypeError, ValueError):
        raise TypeError(f"reference는 (값, 출처) 쌍이어야 합니다. 예: (0.85, 'keras.io'); 받은 값 {reference!r}") from None
    if not isinstance(ref_source, str) or not ref_source.strip():
        raise TypeError("reference에는 출처 이름이 필요합니다: reference=(0.85, 'keras.io IMDB 예제')")
    return float(ref_value), ref_source.strip()


def _append_to_results_file(result: Result) -> None:
    path = os.environ.get("COURSE_RESULTS_FILE")
    if not path:
        return
    record = asdict(result) | {"time": time.strftime("%Y-%m-%d %H:%M:%S")}
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")


def table():
    """This notebook's checks as a DataFrame: this run, the lecture's own figure, a published
    reference with its source, the floor and the mode."""
    import pandas as pd

    rows = [
        {
            "결과": r.name,
            "이번 실행": r._fmt(r.value),
            "강의": r._fmt(r.lecture),
            "참고 수치 (출처)": f"{r._fmt(r.reference)} ({r.reference_source})" if r.reference is not None else "—",
            "기준선": r._fmt(r.floor),
            "모드": r.mode,
            "메모": r.note,
        }
        for r in _RESULTS
    ]
    return pd.DataFrame(rows, columns=["결과", "이번 실행", "강의", "참고 수치 (출처)", "기준선", "모드", "메모"])


def clear() -> None:
    """Forget the recorded results (a notebook's first check starts a fresh table)."""
    _RESULTS.clear()
