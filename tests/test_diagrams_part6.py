"""Pictures for notebooks 26–28 (issue #22): autoencoder hourglass, GAN flow, Goodfellow's distributions, stamping."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import diagrams  # noqa: E402

HIGHLIGHT = matplotlib.colors.to_rgb(diagrams.COLORS["highlight"])
FROZEN = matplotlib.colors.to_rgb(diagrams.COLORS["frozen"])
LAYER = matplotlib.colors.to_rgb(diagrams.COLORS["layer"])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _by_gid(ax, prefix):
    """{gid: artist} for patches and collections whose gid starts with ``prefix``."""
    found = {}
    for artist in [*ax.patches, *ax.collections, *ax.lines]:
        gid = artist.get_gid() or ""
        if gid.startswith(prefix):
            found[gid] = artist
    return found


def _texts(ax):
    return [t.get_text() for t in ax.texts]


# --- autoencoder hourglass (26) ---


@pytest.mark.parametrize("widths", [(3, 2, 3), (784, 128, 64, 32, 64, 128, 784)])
def test_autoencoder_hourglass_narrows_to_the_code_and_widens_back(widths):
    ax = diagrams.autoencoder_hourglass(widths).axes[0]
    bars = [_by_gid(ax, "layer:")[f"layer:{i}"] for i in range(len(widths))]
    heights = [b.get_height() for b in bars]
    code = int(np.argmin(widths))
    # a bar is taller exactly when its layer is wider: the hourglass shape
    assert np.argsort(heights, kind="stable").tolist() == np.argsort(widths, kind="stable").tolist()
    assert heights[code] == min(heights) and heights[0] == heights[-1] == max(heights)
    assert bars[code].get_facecolor()[:3] == pytest.approx(HIGHLIGHT)
    assert len(_by_gid(ax, "link:")) == len(widths) - 1
    texts = _texts(ax)
    assert all(f"{w:,}" in texts for w in widths)
    assert "인코더(encoder)" in texts and "디코더(decoder)" in texts
    assert any(t.startswith("코드 z") for t in texts)


def test_autoencoder_hourglass_rejects_shapes_without_a_bottleneck():
    with pytest.raises(ValueError, match="at least 3"):
        diagrams.autoencoder_hourglass((784, 32))
    with pytest.raises(ValueError, match="narrower"):
        diagrams.autoencoder_hourglass((3, 4, 3))  # wider in the middle: no bottleneck
    with pytest.raises(ValueError, match="narrower"):
        diagrams.autoencoder_hourglass((2, 3, 3))  # the narrowest layer is the input
    with pytest.raises(ValueError, match="positive whole"):
        diagrams.autoencoder_hourglass((3, 0, 3))


# --- GAN flow and Goodfellow's figure (27) ---


@pytest.mark.parametrize("step, g_colour, d_colour", [(None, LAYER, LAYER), ("D", FROZEN, LAYER), ("G", LAYER, FROZEN)])
def test_gan_flow_greys_out_the_network_that_does_not_learn(step, g_colour, d_colour):
    ax = diagrams.gan_flow(step=step).axes[0]
    parts = _by_gid(ax, "")
    for gid in ("noise", "G", "fake", "real", "D", "prob", "labels"):
        assert gid in parts, gid
    assert parts["G"].get_facecolor()[:3] == pytest.approx(g_colour)
    assert parts["D"].get_facecolor()[:3] == pytest.approx(d_colour)
    text = " ".join(_texts(ax))
    assert "생성자 G" in text and "판별자 D" in text
    if step == "D":
        assert "D만 업데이트" in text
    if step == "G":
        assert "G만 업데이트" in text and "D를 통과" in text
    # data flows left to right: noise → G → fake → D → probability
    xs = [parts[g].get_x() for g in ("noise", "G", "fake", "D", "prob")]
    assert xs == sorted(xs)


def test_gan_flow_rejects_an_unknown_step():
    with pytest.raises(ValueError, match="step"):
        diagrams.gan_flow(step="both")


def test_gan_distributions_draws_the_best_discriminator_and_ends_at_one_half():
    shifts = (2.5, 1.0, 0.0)
    fig = diagrams.gan_distributions(shifts)
    assert len(fig.axes) == len(shifts)
    for k, ax in enumerate(fig.axes):
        lines = _by_gid(ax, "")
        p_data, p_g, d = (lines[f"{name}:{k}"] for name in ("p_data", "p_g", "D"))
        # the colours and line styles of the paper (and 000 L1544–1546)
        assert p_data.get_color() == "k" and p_data.get_linestyle() == ":"
        assert p_g.get_color() == "green" and p_g.get_linestyle() == "-"
        assert d.get_color() == "blue" and d.get_linestyle() == "--"
        # D is D* = p_data / (p_data + p_g) computed from the drawn densities
        pd, pg = p_data.get_ydata(), p_g.get_ydata()
        np.testing.assert_allclose(d.get_ydata(), pd / (pd + pg))
        # both are densities: each integrates to about 1 over the drawn range
        x = p_data.get_xdata()
        assert np.trapezoid(pd, x) == pytest.approx(1, abs=0.01) and np.trapezoid(pg, x) == pytest.approx(1, abs=0.02)
    last = _by_gid(fig.axes[-1], "D:")[f"D:{len(shifts) - 1}"]
    np.testing.assert_allclose(last.get_ydata(), 0.5)  # p_g = p_data ⇒ D = 1/2 everywhere
    first = _by_gid(fig.axes[0], "D:")["D:0"]
    assert first.get_ydata().max() > 0.85 and first.get_ydata().min() < 0.15  # far apart: D tells them apart


def test_gan_distributions_rejects_bad_input():
    with pytest.raises(ValueError, match="at least one"):
        diagrams.gan_distributions(())
    with pytest.raises(ValueError, match="≥ 0"):
        diagrams.gan_distributions((-1.0,))


# --- transposed convolution as stamping (28) ---

X_28 = np.array([[1.0, 2.0], [3.0, 4.0]])
ONES_3 = np.ones((3, 3))


def test_transposed_conv_stamps_reproduces_notebook_28s_numbers_and_overlaps():
    out, counts = diagrams.transposed_conv_stamps(X_28, ONES_3, stride=2)
    assert out.tolist() == [[1, 1, 3, 2, 2], [1, 1, 3, 2, 2], [4, 4, 10, 6, 6], [3, 3, 7, 4, 4], [3, 3, 7, 4, 4]]
    assert counts.tolist() == [[1, 1, 2, 1, 1], [1, 1, 2, 1, 1], [2, 2, 4, 2, 2], [1, 1, 2, 1, 1], [1, 1, 2, 1, 1]]
    assert diagrams.transposed_conv_same_crop(2, 3, 2) == (0, 4)


@pytest.mark.parametrize("n, k, s", [(2, 3, 2), (3, 4, 2), (3, 5, 2), (2, 3, 1), (4, 3, 3), (3, 2, 2)])
def test_transposed_conv_stamps_equals_keras_conv2dtranspose(n, k, s):
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(n * 100 + k * 10 + s)
    x = rng.integers(-3, 5, size=(n, n)).astype("float32")
    kernel = rng.integers(-2, 4, size=(k, k)).astype("float32")
    out, _ = diagrams.transposed_conv_stamps(x, kernel, stride=s)
    begin, size = diagrams.transposed_conv_same_crop(n, k, s)
    for padding, expected in (("valid", out), ("same", out[begin:begin + size, begin:begin + size])):
        layer = keras.layers.Conv2DTranspose(1, k, strides=s, padding=padding, use_bias=False)
        layer.build((None, n, n, 1))
        layer.set_weights([kernel[:, :, None, None]])
        got = keras.ops.convert_to_numpy(layer(x[None, :, :, None]))[0, :, :, 0]
        np.testing.assert_allclose(got, expected, atol=1e-5, err_msg=f"padding={padding}")


def test_transposed_conv_stamping_draws_each_stamp_and_colours_the_overlaps():
    fig = diagrams.transposed_conv_stamping(X_28, ONES_3, stride=2)
    ax = fig.axes[0]
    cells = _by_gid(ax, "")
    out, counts = diagrams.transposed_conv_stamps(X_28, ONES_3, 2)
    assert sum(g.startswith("input:") for g in cells) == 4 and sum(g.startswith("kernel:") for g in cells) == 9
    assert sum(g.startswith("output:") for g in cells) == 25
    for i in range(2):
        for j in range(2):
            stamp = [g for g in cells if g.startswith(f"stamp{i},{j}:")]
            reached = [g for g in stamp if cells[g].get_facecolor()[:3] != pytest.approx(FROZEN)]
            assert len(stamp) == 25 and len(reached) == 9  # one 3×3 stamp inside a 5×5 frame
            rows = {int(g.split(":")[1].split(",")[0]) for g in reached}
            assert rows == {2 * i, 2 * i + 1, 2 * i + 2}  # placed stride (2) cells apart
    # the output cells show the summed numbers, and more overlap = a darker colour
    darkness = {}
    for r in range(5):
        for c in range(5):
            darkness.setdefault(counts[r, c], set()).add(round(sum(cells[f"output:{r},{c}"].get_facecolor()[:3]), 6))
    assert all(len(v) == 1 for v in darkness.values())  # one colour per overlap count
    assert min(darkness[1]) > min(darkness[2]) > min(darkness[4])
    assert "10" in _texts(ax) and any("1·2·4" in t for t in _texts(ax))
    crop = cells["same-crop"]
    assert (crop.get_width(), crop.get_height()) == pytest.approx((4 * 0.5, 4 * 0.5))
    assert crop.get_x() == pytest.approx(cells["output:0,0"].get_x())  # 'same' keeps the top-left 4×4 here


def test_transposed_conv_stamping_rejects_bad_input():
    with pytest.raises(ValueError, match="stride"):
        diagrams.transposed_conv_stamps(X_28, ONES_3, stride=0)
    with pytest.raises(ValueError, match="gaps"):
        diagrams.transposed_conv_stamps(X_28, np.ones((1, 1)), stride=2)
    with pytest.raises(ValueError, match="square"):
        diagrams.transposed_conv_stamps(X_28, np.ones((2, 3)), stride=1)
    with pytest.raises(ValueError, match="2-D"):
        diagrams.transposed_conv_stamping(np.ones(3), ONES_3)
