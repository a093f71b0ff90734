import json

import numpy as np
import pytest

from utils import pretrained


class FakeConstructor:
    """Stands in for keras.applications.X: records calls, fails on 'imagenet' if asked."""

    __name__ = "FakeNet"

    def __init__(self, fail=False):
        self.fail = fail
        self.calls = []

    def __call__(self, *, weights, **kwargs):
        self.calls.append((weights, kwargs))
        if weights == "imagenet" and self.fail:
            raise Exception("URL fetch failure: Name or service not known")
        return ("model", weights, kwargs)


def test_fast_mode_builds_weights_none_without_trying_the_download(fast_mode, capsys):
    ctor = FakeConstructor()
    model, real = pretrained.application(ctor, include_top=False)
    assert real is False and model == ("model", None, {"include_top": False})
    assert ctor.calls == [(None, {"include_top": False})]
    assert "weights=None" in capsys.readouterr().out


def test_full_mode_download_failure_falls_back_loudly(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_MODE", "full")
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    ctor = FakeConstructor(fail=True)
    model, real = pretrained.application(ctor, input_shape=(75, 75, 3))
    assert real is False and [w for w, _ in ctor.calls] == ["imagenet", None]
    out = capsys.readouterr().out
    assert "⚠️" in out and "URL fetch failure" in out


def test_full_mode_with_weights_reports_real(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_MODE", "full")
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    model, real = pretrained.application(FakeConstructor())
    assert real is True and model[1] == "imagenet"
    assert "📦" in capsys.readouterr().out


def test_course_offline_skips_download_in_full_mode(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "full")
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    ctor = FakeConstructor(fail=True)
    _, real = pretrained.application(ctor, verbose=False)
    assert real is False and [w for w, _ in ctor.calls] == [None]


def test_explicit_weights_none_is_not_a_fallback(fast_mode, capsys):
    _, real = pretrained.application(FakeConstructor(), weights=None)
    assert real is False and capsys.readouterr().out == ""


def test_decode_offline_uses_placeholders_in_score_order(fast_mode, keras_home, capsys):
    def must_not_run(preds, top):
        raise AssertionError("decode_fn tried the network in fast mode")

    preds = np.array([[0.1, 0.6, 0.3], [0.5, 0.2, 0.3]])
    out = pretrained.decode(preds, must_not_run, top=2)
    assert out == [
        [("?", "imagenet_class_1", 0.6), ("?", "imagenet_class_2", 0.3)],
        [("?", "imagenet_class_0", 0.5), ("?", "imagenet_class_2", 0.3)],
    ]
    assert "⚠️" in capsys.readouterr().out


def test_decode_reads_a_cached_class_index_offline(fast_mode, keras_home, no_network):
    (keras_home / "models").mkdir()
    index = {str(i): [f"n{i:08d}", f"thing_{i}"] for i in range(1000)}
    (keras_home / "models" / "imagenet_class_index.json").write_text(json.dumps(index))
    assert pretrained.models_dir() == keras_home / "models"
    preds = np.zeros((1, 1000))
    preds[0, [4, 2]] = [0.7, 0.2]
    out = pretrained.decode(preds, lambda p, top: None, top=2)
    assert [(w, n) for w, n, _ in out[0]] == [("n00000004", "thing_4"), ("n00000002", "thing_2")]


def test_decode_full_mode_failure_falls_back(mirror, keras_home, capsys):
    mirror.serve("/storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json", kind="404")
    preds = np.zeros((1, 1000))
    preds[0, 1] = 0.8
    out = pretrained.decode(preds, lambda p, top: None, top=1)
    assert out == [[("?", "imagenet_class_1", 0.8)]]
    assert "HTTP 404" in capsys.readouterr().out
    assert not (keras_home / "models" / "imagenet_class_index.json").exists()


@pytest.mark.parametrize("preds, top", [(np.ones(5), 1), (np.ones((1, 3)), 0), (np.ones((1, 3)), 4)])
def test_decode_rejects_bad_input(fast_mode, preds, top):
    with pytest.raises(ValueError):
        pretrained.decode(preds, lambda p, top: None, top=top)
