"""Pictures for notebooks 29–30 (issue #22): encoder–decoder with and without attention, the
transformer block, data parallelism with all-reduce. Modelled on tests/test_diagrams.py: the
figures are inspected through the gids the functions give their boxes and arrows."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from utils import diagrams  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _by_gid(fig, prefix):
    """{gid: patch} for the patches whose gid starts with ``prefix``."""
    return {p.get_gid(): p for p in fig.axes[0].patches if (p.get_gid() or "").startswith(prefix)}


def _texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def _center(patch):
    return patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height() / 2


def _arrow_ends(patch):
    (x0, y0), (x1, y1) = patch._posA_posB  # FancyArrowPatch keeps its two end points
    return (x0, y0), (x1, y1)


def _text_at(fig, patch):
    """The label box() wrote in the middle of ``patch``."""
    cx, cy = _center(patch)
    return next(t.get_text() for t in fig.axes[0].texts if t.get_position() == pytest.approx((cx, cy)))


def _column_texts(fig, patch):
    """(texts below, texts above) ``patch`` in its column, nearest first."""
    cx = _center(patch)[0]
    column = [t for t in fig.axes[0].texts if t.get_position()[0] == pytest.approx(cx)]
    below = sorted((t for t in column if t.get_position()[1] < patch.get_y()), key=lambda t: -t.get_position()[1])
    above = sorted((t for t in column if t.get_position()[1] > patch.get_y() + patch.get_height()),
                   key=lambda t: t.get_position()[1])
    return [t.get_text() for t in below], [t.get_text() for t in above]


def _inside(point, patch, tol=1e-6):
    x, y = point
    return (patch.get_x() - tol <= x <= patch.get_x() + patch.get_width() + tol
            and patch.get_y() - tol <= y <= patch.get_y() + patch.get_height() + tol)


# --- encoder_decoder (29) ---

def test_encoder_decoder_without_attention_has_one_context_vector_between_the_two_rnns():
    fig = diagrams.encoder_decoder(list("abcde"), ["2", "0", "2"])
    enc, dec = _by_gid(fig, "encoder:"), _by_gid(fig, "decoder:")
    assert len(enc) == 5 and len(dec) == 3
    (context,) = _by_gid(fig, "context").values()
    assert "context vector" in _text_at(fig, context) and "마지막 은닉 상태" in _text_at(fig, context)
    # 인코더 셀 전부 < 문맥 벡터 < 디코더 셀 전부 (왼쪽에서 오른쪽으로)
    assert max(p.get_x() for p in enc.values()) < context.get_x() < min(p.get_x() for p in dec.values())
    assert not _by_gid(fig, "attention") and not _by_gid(fig, "alpha:")
    # 교사 강요: 디코더 입력은 <s> 다음에 정답을 한 칸 민 것, 출력은 정답
    columns = [_column_texts(fig, dec[f"decoder:{t}"]) for t in range(3)]
    assert [below[0] for below, _ in columns] == ["<s>", "2", "0"]
    assert [above[0] for _, above in columns] == ["2", "0", "2"]
    assert [_column_texts(fig, enc[f"encoder:{i}"])[0][0] for i in range(5)] == list("abcde")
    assert all(_text_at(fig, p) == "LSTM" for p in [*enc.values(), *dec.values()])
    assert "bottleneck" in fig.axes[0].get_title()


def test_encoder_decoder_with_attention_draws_every_encoder_output_with_its_weight():
    weights = [0.1, 0.6, 0.2, 0.1]
    fig = diagrams.encoder_decoder(attention=True, weights=weights, focus=1)
    outs, alphas = _by_gid(fig, "encoder-out:"), _by_gid(fig, "alpha:")
    assert len(outs) == 4 and len(alphas) == 4
    (att,) = _by_gid(fig, "attention").values()
    # 선 굵기가 가중치 순서를 따른다, 모든 선이 어텐션 상자에서 끝난다
    widths = [alphas[f"alpha:{i}"].get_linewidth() for i in range(4)]
    assert widths[1] > widths[2] > widths[0] == widths[3]
    for i in range(4):
        start, end = _arrow_ends(alphas[f"alpha:{i}"])
        assert _inside(start, outs[f"encoder-out:{i}"]) and _inside(end, att)
    # 어텐션 상자는 초점 단계(1)의 디코더 셀 바로 위에 있다
    dec = _by_gid(fig, "decoder:")["decoder:1"]
    assert _center(att)[0] == pytest.approx(_center(dec)[0]) and att.get_y() > dec.get_y()
    assert [t for t in _texts(fig) if t.startswith("α=")] == ["α=0.10", "α=0.60", "α=0.20", "α=0.10"]
    # 기본값: 마지막 단계, 균등한 가중치
    default = diagrams.encoder_decoder(attention=True)
    (att,) = _by_gid(default, "attention").values()
    assert _center(att)[0] == pytest.approx(_center(_by_gid(default, "decoder:")["decoder:2"])[0])
    assert len({p.get_linewidth() for p in _by_gid(default, "alpha:").values()}) == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"source": ()}, "at least one"),
    ({"attention": True, "focus": 3}, "focus"),
    ({"attention": True, "weights": [0.5, 0.5]}, "weights"),
    ({"attention": True, "weights": [0.5, 0.5, 0.5, 0.5]}, "weights"),
    ({"weights": [0.25] * 4}, "attention=True"),
])
def test_encoder_decoder_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        diagrams.encoder_decoder(**kwargs)


# --- transformer (29) ---

def _stack(fig, column):
    boxes = _by_gid(fig, f"{column}:")
    return [boxes[f"{column}:{i}"] for i in range(len(boxes))]


def test_transformer_encoder_block_is_attention_norm_feedforward_norm_bottom_up():
    fig = diagrams.transformer(decoder=False)
    stack = _stack(fig, "encoder")
    assert len(stack) == 4 and not _by_gid(fig, "decoder:")
    assert [p.get_y() for p in stack] == sorted(p.get_y() for p in stack)  # 아래에서 위로
    assert [_text_at(fig, p) for p in stack] == list(diagrams.TRANSFORMER_ENCODER)
    assert "self-attention" in diagrams.TRANSFORMER_ENCODER[0] and "feed-forward" in diagrams.TRANSFORMER_ENCODER[2]
    assert all(diagrams.TRANSFORMER_ENCODER[i].startswith("더하고") for i in (1, 3))
    # add & norm마다 잔차 연결 하나: 바로 아래 층에 들어가기 전에서 출발해 add & norm에서 끝난다
    residuals = _by_gid(fig, "residual:encoder:")
    assert set(residuals) == {"residual:encoder:1", "residual:encoder:3"}
    for i in (1, 3):
        start, end = _arrow_ends(residuals[f"residual:encoder:{i}"])
        assert start[1] < stack[i - 1].get_y() and _inside(end, stack[i])
    assert not _by_gid(fig, "cross")


def test_transformer_decoder_has_masked_self_attention_then_cross_attention_fed_by_the_encoder():
    fig = diagrams.transformer()
    enc, dec = _stack(fig, "encoder"), _stack(fig, "decoder")
    assert len(enc) == 4 and len(dec) == 6
    labels = diagrams.TRANSFORMER_DECODER
    assert "masked" in labels[0] and "cross" in labels[2] and "feed-forward" in labels[4]
    assert all(labels[i].startswith("더하고") for i in (1, 3, 5))
    assert [_text_at(fig, p) for p in dec] == list(labels)
    assert set(_by_gid(fig, "residual:decoder:")) == {f"residual:decoder:{i}" for i in (1, 3, 5)}
    assert [p.get_y() for p in dec] == sorted(p.get_y() for p in dec)
    (cross,) = _by_gid(fig, "cross").values()
    start, end = _arrow_ends(cross)
    assert _inside(end, dec[2])  # key·value가 크로스 어텐션으로
    assert start[1] > enc[-1].get_y() + enc[-1].get_height()  # 인코더 블록의 맨 위(출력)에서
    assert any("softmax" in t for t in _texts(fig))


def test_transformer_highlights_the_named_sublayer():
    fig = diagrams.transformer(highlight="cross")
    highlight = matplotlib.colors.to_rgb(diagrams.COLORS["highlight"])
    marked = [gid for gid, p in _by_gid(fig, "decoder:").items() if p.get_facecolor()[:3] == pytest.approx(highlight)]
    assert marked == ["decoder:2"]
    assert any("×6" in t for t in _texts(diagrams.transformer(blocks="6")))


# --- data_parallel (30) ---

@pytest.mark.parametrize("replicas, global_batch, sizes", [(2, 64, [32, 32]), (3, 64, [22, 21, 21]), (1, 8, [8])])
def test_data_parallel_splits_the_global_batch_into_one_shard_per_replica(replicas, global_batch, sizes):
    fig = diagrams.data_parallel(replicas, global_batch)
    for prefix in ("shard:", "replica:", "grad:", "update:"):
        assert len(_by_gid(fig, prefix)) == replicas, prefix
    texts = _texts(fig)
    assert [t for t in texts if t.startswith("조각")] == [f"조각 (shard) {r}: {n}개" for r, n in enumerate(sizes)]
    assert sum(sizes) == global_batch
    assert any(f"전역 배치 (global batch) {global_batch}개" in t for t in texts)
    # 모든 복제본의 갱신 문구가 같다 (같은 g로 같은 갱신)
    updates = [t for t in texts if t.startswith("$W")]
    assert len(updates) == replicas and len(set(updates)) == 1


def test_data_parallel_sends_every_gradient_into_one_all_reduce_and_back_to_every_replica():
    fig = diagrams.data_parallel(4, 128)
    (allreduce,) = _by_gid(fig, "allreduce").values()
    grads, updates = _by_gid(fig, "grad:"), _by_gid(fig, "update:")
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    into = [a for a in arrows if _inside(_arrow_ends(a)[1], allreduce)]
    out_of = [a for a in arrows if _inside(_arrow_ends(a)[0], allreduce)]
    assert len(into) == 4 and len(out_of) == 4
    assert {next(g for g, p in grads.items() if _inside(_arrow_ends(a)[0], p)) for a in into} == set(grads)
    assert {next(u for u, p in updates.items() if _inside(_arrow_ends(a)[1], p)) for a in out_of} == set(updates)
    # all-reduce 상자는 모든 복제본 기둥에 걸쳐 있다
    replicas = _by_gid(fig, "replica:").values()
    assert allreduce.get_x() <= min(p.get_x() for p in replicas)
    assert allreduce.get_x() + allreduce.get_width() >= max(p.get_x() + p.get_width() for p in replicas)
    assert "$g_{0}$ + $g_{1}$ + $g_{2}$ + $g_{3}$" in next(t for t in _texts(fig) if t.startswith("all-reduce"))
    assert isinstance(allreduce, FancyBboxPatch)


@pytest.mark.parametrize("kwargs, message", [
    ({"replicas": 0}, "replicas"),
    ({"replicas": 2.0}, "replicas"),
    ({"replicas": True}, "replicas"),
    ({"replicas": 4, "global_batch": 3}, "global_batch"),
])
def test_data_parallel_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        diagrams.data_parallel(**kwargs)
