"""Pictures for Part 4 (notebooks 21–25): Word2Vec's skip-gram and CBOW architectures."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from utils import diagrams, text  # noqa: E402

SENTENCE = "I love king of Korea".split()  # 001의 예문


@pytest.fixture(autouse=True)
def _close_figures():
    # 한글 글꼴이 없는 기계에서는 "Glyph missing" 경고가 나지만 그림 구조의 검사와는 무관합니다
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing")
        yield
    plt.close("all")


def _boxes(ax, prefix):
    """Boxes whose gid starts with ``prefix`` in drawing order, with their label text."""
    found = [p for p in ax.patches if isinstance(p, FancyBboxPatch) and (p.get_gid() or "").startswith(prefix)]
    return sorted(found, key=lambda p: int(p.get_gid().split(":")[1]) if ":" in p.get_gid() else 0)


def _label(ax, patch):
    cx, cy = patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height() / 2
    return next(t.get_text() for t in ax.texts if t.get_position() == pytest.approx((cx, cy)))


def _rgb(kind):
    return matplotlib.colors.to_rgb(diagrams.COLORS[kind])


def test_word2vec_window_matches_the_lectures_king_example_and_skipgram_pairs():
    assert diagrams.word2vec_window(SENTENCE, 2, 2) == ["I", "love", "of", "Korea"]
    # 노트북 21의 text.skipgram_pairs와 같은 문맥
    pairs = text.skipgram_pairs(SENTENCE, window=2)
    for centre, word in enumerate(SENTENCE):
        assert diagrams.word2vec_window(SENTENCE, centre, 2) == [c for k, c in pairs if k == word]
    assert diagrams.word2vec_window(SENTENCE, 0, 1) == ["love"]  # 문장 끝에서는 한쪽만
    assert diagrams.word2vec_window(SENTENCE, 4, 3) == ["love", "king", "of"]


@pytest.mark.parametrize("kwargs, message", [
    ({"words": [], "centre": 0}, "at least one"),
    ({"words": ["king"], "centre": 0}, "no context"),
    ({"words": SENTENCE, "centre": 5}, "centre must be"),
    ({"words": SENTENCE, "centre": -1}, "centre must be"),
    ({"words": SENTENCE, "centre": 2, "window": 0}, "window must be"),
    ({"words": SENTENCE, "centre": 2, "window": 1.5}, "window must be"),
    ({"words": SENTENCE, "centre": True}, "centre must be"),
])
def test_word2vec_window_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        diagrams.word2vec_window(**kwargs)


def test_skipgram_has_one_input_the_projection_and_one_output_per_context_word():
    ax = diagrams.word2vec("skipgram").axes[0]
    inputs, outputs, (projection,) = _boxes(ax, "input:"), _boxes(ax, "output:"), _boxes(ax, "projection")
    assert [_label(ax, p) for p in inputs] == ["king"]
    assert [_label(ax, p) for p in outputs] == ["I", "love", "of", "Korea"]
    assert all(p.get_facecolor()[:3] == pytest.approx(_rgb("input")) for p in inputs)
    assert all(p.get_facecolor()[:3] == pytest.approx(_rgb("output")) for p in outputs)
    assert projection.get_facecolor()[:3] == pytest.approx(_rgb("layer"))
    assert "king" in _label(ax, projection)  # 투영 = 가운데 단어의 벡터
    # 왼쪽에서 오른쪽으로: 입력 → 투영 → 출력
    assert inputs[0].get_x() < projection.get_x() < min(p.get_x() for p in outputs)
    # 화살표: 입력 1개 + 출력 4개, 출력은 위에서 아래로 문장 순서
    assert sum(isinstance(p, FancyArrowPatch) for p in ax.patches) == 5
    assert [p.get_y() for p in outputs] == sorted((p.get_y() for p in outputs), reverse=True)
    texts = [t.get_text() for t in ax.texts]
    assert any("W'" in t and "같은" in t for t in texts)  # 출력 쪽 W'는 모두 같은 행렬
    assert "skip-gram" in ax.get_title() and "창 크기 2" in ax.get_title()


def test_cbow_has_the_context_as_inputs_averaged_into_one_output():
    ax = diagrams.word2vec("cbow").axes[0]
    inputs, outputs, (projection,) = _boxes(ax, "input:"), _boxes(ax, "output:"), _boxes(ax, "projection")
    assert [_label(ax, p) for p in inputs] == ["I", "love", "of", "Korea"]
    assert [_label(ax, p) for p in outputs] == ["king"]
    assert "평균" in _label(ax, projection) and "4개" in _label(ax, projection)
    assert max(p.get_x() for p in inputs) < projection.get_x() < outputs[0].get_x()
    assert sum(isinstance(p, FancyArrowPatch) for p in ax.patches) == 5
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith("W (") and "같은" in t for t in texts)  # 입력 쪽 W를 모든 문맥 단어가 함께 씀
    assert "CBOW" in ax.get_title()


def test_the_two_kinds_mirror_each_other():
    for centre in range(len(SENTENCE)):
        sg = diagrams.word2vec("skipgram", SENTENCE, centre, window=1).axes[0]
        cb = diagrams.word2vec("cbow", SENTENCE, centre, window=1).axes[0]
        assert [_label(sg, p) for p in _boxes(sg, "output:")] == [_label(cb, p) for p in _boxes(cb, "input:")]
        assert [_label(sg, p) for p in _boxes(sg, "input:")] == [_label(cb, p) for p in _boxes(cb, "output:")] == [SENTENCE[centre]]


def test_word2vec_draws_into_a_given_axes_and_takes_a_title():
    fig, axes = plt.subplots(1, 2)
    assert diagrams.word2vec("skipgram", ax=axes[0]) is fig
    assert diagrams.word2vec("cbow", ax=axes[1], title="CBOW") is fig
    assert _boxes(axes[0], "projection") and _boxes(axes[1], "projection")
    assert axes[1].get_title() == "CBOW" and not axes[0].axison


def test_word2vec_rejects_bad_input():
    with pytest.raises(ValueError, match="kind"):
        diagrams.word2vec("glove")
    with pytest.raises(ValueError, match="centre must be"):
        diagrams.word2vec("cbow", SENTENCE, 7)
