import json

import pytest

from utils import results


@pytest.fixture(autouse=True)
def fresh_results():
    results.clear()
    yield
    results.clear()


def test_check_passes_prints_and_records(fast_mode, capsys):
    r = results.check("test accuracy", 0.91, floor=0.5, lecture=0.99)
    out = capsys.readouterr().out
    assert "91.00%" in out and "강의: 99.00%" in out and "fast" in out
    assert r.percent and r.floor == 0.5
    table = results.table()
    assert table.loc[0, "이번 실행"] == "91.00%" and table.loc[0, "강의"] == "99.00%"


def test_check_fails_below_the_floor(fast_mode):
    with pytest.raises(results.LearningFloorError, match="기준선 50.00%에 미치지 못했습니다"):
        results.check("accuracy", 0.11, floor=0.5)
    assert results.table().empty


def test_check_rejects_nan(fast_mode):
    with pytest.raises(results.LearningFloorError, match="NaN"):
        results.check("loss", float("nan"), floor=1.0, higher_is_better=False)


def test_lower_is_better_uses_the_floor_as_a_ceiling(fast_mode):
    results.check("MAE", 2.5, floor=4.0, higher_is_better=False, lecture=1.9)
    with pytest.raises(results.LearningFloorError):
        results.check("MAE", 5.0, floor=4.0, higher_is_better=False)


def test_full_floor_applies_only_in_full_mode(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "fast")
    results.check("acc", 0.6, floor=0.5, full_floor=0.95)
    monkeypatch.setenv("COURSE_MODE", "full")
    with pytest.raises(results.LearningFloorError, match="full 모드의 기준선 95.00%"):
        results.check("acc", 0.6, floor=0.5, full_floor=0.95)
    assert results.check("acc", 0.97, floor=0.5, full_floor=0.95).floor == 0.95


def test_results_file_collects_json_lines(fast_mode, tmp_path, monkeypatch):
    path = tmp_path / "results.jsonl"
    monkeypatch.setenv("COURSE_RESULTS_FILE", str(path))
    results.check("acc", 0.8, floor=0.5, lecture=0.9, note="10 epochs")
    results.check("MAE", 3.0, floor=5.0, higher_is_better=False)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["name"] for r in records] == ["acc", "MAE"]
    assert records[0]["lecture"] == 0.9 and records[0]["note"] == "10 epochs" and records[1]["percent"] is False


def test_reference_is_kept_apart_from_the_lecture(fast_mode, capsys):
    results.check("test accuracy", 0.8, floor=0.5, reference=(0.85, "Keras IMDB 예제"))
    out = capsys.readouterr().out
    assert "강의 수치 없음" in out and "참고(Keras IMDB 예제): 85.00%" in out
    row = results.table().loc[0]
    assert row["강의"] == "—" and row["참고 수치 (출처)"] == "85.00% (Keras IMDB 예제)"


@pytest.mark.parametrize("bad", [0.85, (0.85, ""), (0.85,), ("x", "src", 1)])
def test_reference_needs_a_value_and_a_named_source(fast_mode, bad):
    with pytest.raises((TypeError, ValueError)):
        results.check("acc", 0.9, floor=0.5, reference=bad)


def test_numpy_scalars_are_recorded_as_plain_floats(fast_mode, tmp_path, monkeypatch):
    import numpy as np

    path = tmp_path / "results.jsonl"
    monkeypatch.setenv("COURSE_RESULTS_FILE", str(path))
    results.check("acc", np.float32(0.8), floor=0.5, lecture=np.float32(0.9), reference=(np.float64(0.85), "src"))
    record = json.loads(path.read_text())
    assert record["value"] == pytest.approx(0.8) and record["lecture"] == pytest.approx(0.9)
