"""plots.model_diagram: a Graphviz picture when ``dot`` exists, a correct text diagram otherwise."""

import shutil

import keras
import pytest
from IPython.display import Image

from utils import plots


def sequential():
    return keras.Sequential(
        [keras.Input((8,), name="x"), keras.layers.Dense(4, name="d1"), keras.layers.Dense(2, name="d2")], name="seq"
    )


def branching():
    x = keras.Input((8,), name="inp")
    a = keras.layers.Dense(4, name="a")(x)
    b = keras.layers.Dense(4, name="b")(x)
    merged = keras.layers.Concatenate(name="cat")([a, b])
    return keras.Model(x, keras.layers.Dense(1, name="out")(merged), name="branch")


def residual():
    x = keras.Input((8,), name="inp")
    h = keras.layers.Dense(8, name="h")(x)
    return keras.Model(x, keras.layers.Add(name="add")([x, h]), name="res")


def lines_of(text):
    return [line.strip() for line in text.splitlines()[1:]]


def test_text_sequential_lists_every_layer_in_order_with_shapes_and_params():
    text = plots.model_diagram_text(sequential())
    assert text.splitlines()[0] == "모델 'seq' (Sequential), 파라미터 46개"
    assert lines_of(text) == [
        "x (InputLayer) → (N, 8), 파라미터 0",
        "d1 (Dense) → (N, 4), 파라미터 36",
        "d2 (Dense) → (N, 2), 파라미터 10",
    ]


def test_text_functional_branches_name_their_inputs():
    assert lines_of(plots.model_diagram_text(branching())) == [
        "inp (InputLayer) → (N, 8), 파라미터 0",
        "a (Dense) → (N, 4), 파라미터 36",
        "b (Dense) → (N, 4), 파라미터 36   ← 입력: inp",
        "cat (Concatenate) → (N, 8), 파라미터 0   ← 입력: a, b",
        "out (Dense) → (N, 1), 파라미터 9",
    ]


def test_text_skip_connection_and_multiple_inputs():
    assert lines_of(plots.model_diagram_text(residual()))[-1] == "add (Add) → (N, 8), 파라미터 0   ← 입력: inp, h"
    i1, i2 = keras.Input((3,), name="i1"), keras.Input((4,), name="i2")
    merged = keras.layers.Concatenate(name="cc")([i1, i2])
    model = keras.Model([i1, i2], keras.layers.Dense(1, name="o")(merged), name="multi")
    assert "cc (Concatenate) → (N, 7), 파라미터 0   ← 입력: i1, i2" in lines_of(plots.model_diagram_text(model))


def test_text_nested_models_and_shared_layers():
    x = keras.Input((8,), name="outer")
    inner_seq, inner_branch = sequential(), branching()
    out = keras.layers.Concatenate(name="c2")([inner_seq(x), inner_branch(x)])
    model = keras.Model(x, out, name="nested")
    text = plots.model_diagram_text(model)
    assert text.splitlines()[0] == f"모델 'nested' (Functional), 파라미터 {model.count_params():,}개"
    assert lines_of(text) == [
        "outer (InputLayer) → (N, 8), 파라미터 0",
        "seq (Sequential, 안에 층 2개) → (N, 2), 파라미터 46",
        "branch (Functional, 안에 층 5개) → (N, 1), 파라미터 81   ← 입력: outer",
        "c2 (Concatenate) → (N, 3), 파라미터 0   ← 입력: seq, branch",
    ]
    shared = keras.layers.Dense(3, name="shared")
    x = keras.Input((3,), name="sx")
    twice = keras.Model(x, shared(shared(x)), name="twice")
    assert lines_of(plots.model_diagram_text(twice))[1:] == [
        "shared#1 (Dense) → (N, 3), 파라미터 12",
        "shared#2 (Dense) → (N, 3), 파라미터 12",
    ]


def test_text_unbuilt_and_subclassed_models():
    assert "아직 만들어지지 않았습니다" in plots.model_diagram_text(keras.Sequential([keras.layers.Dense(2)]))

    class Tiny(keras.Model):
        def __init__(self):
            super().__init__(name="tiny")
            self.dense = keras.layers.Dense(2, name="dense")

        def call(self, x):
            return self.dense(x)

    model = Tiny()
    model(keras.ops.ones((1, 3)))
    assert lines_of(plots.model_diagram_text(model)) == ["dense (Dense) → ?, 파라미터 8"]


def test_model_diagram_without_graphviz_prints_text(monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    assert not plots.graphviz_available()

    def no_plot_model(*args, **kwargs):
        raise AssertionError("plot_model must not be called without Graphviz")

    monkeypatch.setattr(keras.utils, "plot_model", no_plot_model)
    model = branching()
    result = plots.model_diagram(model)
    out = capsys.readouterr().out
    assert result == plots.model_diagram_text(model) and result.image is None
    assert "Graphviz" in out and result in out
    assert result._ipython_display_() is None  # as a cell's last value it adds nothing


def test_course_without_graphviz_hides_an_installed_dot(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: "/usr/bin/" + name)
    monkeypatch.delenv("COURSE_WITHOUT", raising=False)
    assert plots.graphviz_available()  # pydot is pinned in requirements.txt
    monkeypatch.setenv("COURSE_WITHOUT", "dataset-fashion-mnist,Graphviz")
    assert not plots.graphviz_available()


def test_model_diagram_with_graphviz_draws_a_picture(monkeypatch, tmp_path):
    calls = []

    def fake_plot_model(model, to_file, show_shapes, dpi):
        calls.append((model.name, show_shapes, dpi))
        # a 1×1 PNG stands in for Graphviz' drawing
        with open(to_file, "wb") as f:
            f.write(bytes.fromhex(
                "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4e90000000049454e44ae426082"
            ))

    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    monkeypatch.setattr(plots, "graphviz_available", lambda: True)
    monkeypatch.setattr(keras.utils, "plot_model", fake_plot_model)
    for build in (sequential, branching, residual):
        model = build()
        diagram = plots.model_diagram(model, to_file=str(tmp_path / "m.png"))
        assert isinstance(diagram.image, Image) and diagram.image.data.startswith(b"\x89PNG")
        assert diagram == plots.model_diagram_text(model) and shown[-1] is diagram.image
    diagram = plots.model_diagram(sequential())  # a temporary file of its own
    assert isinstance(diagram.image, Image) and len(shown) == 4
    assert [c[0] for c in calls] == ["seq", "branch", "res", "seq"] and calls[0][1:] == (True, 60)


@pytest.mark.skipif(not plots.graphviz_available(), reason="Graphviz' dot is not installed here")
def test_model_diagram_with_real_graphviz(tmp_path):
    diagram = plots.model_diagram(branching(), to_file=str(tmp_path / "branch.png"))
    assert isinstance(diagram.image, Image) and (tmp_path / "branch.png").stat().st_size > 0
