import matplotlib

matplotlib.use("Agg")

import math  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import gan  # noqa: E402


def test_tile_images_layout_and_padding():
    images = np.stack([np.full((2, 3), k, dtype=np.float32) for k in range(5)])  # 5 images 2×3
    grid = gan.tile_images(images, n_cols=2, pad=1, pad_value=-1.0)
    assert grid.shape == (3 * 3 - 1, 2 * 4 - 1)  # 3 rows, 2 columns
    assert grid[0, 0] == 0 and grid[0, 4] == 1 and grid[3, 0] == 2 and grid[6, 0] == 4
    assert grid[2, 0] == -1 and grid[0, 3] == -1  # the gaps
    assert np.all(grid[6:, 4:] == -1)  # the empty sixth cell
    assert gan.tile_images(images[..., None], n_cols=8).shape == (2, 5 * 4 - 1)  # (N, H, W, 1), n_cols capped


def test_tile_images_bad_input():
    with pytest.raises(ValueError, match="shape"):
        gan.tile_images(np.zeros((0, 4, 4)))
    with pytest.raises(ValueError, match="shape"):
        gan.tile_images(np.zeros((2, 4, 4, 3)))


def test_sample_grid_draws_one_image():
    fig = gan.sample_grid(np.random.rand(10, 8, 8), n_cols=4, title="epoch 1", vmin=0.0)
    ax = fig.axes[0]
    assert ax.get_title() == "epoch 1"
    assert ax.images[0].get_array().shape == (3 * 9 - 1, 4 * 9 - 1)
    assert ax.images[0].get_cmap().name == "binary"


def test_classifier_score_extremes():
    assert gan.classifier_score(np.tile(np.eye(10)[3], (20, 1))) == pytest.approx(1.0)  # one class only
    assert gan.classifier_score(np.full((7, 10), 0.1)) == pytest.approx(1.0)  # unsure everywhere
    assert gan.classifier_score(np.eye(10)) == pytest.approx(10.0, rel=1e-6)  # sure and diverse
    two = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert gan.classifier_score(two) == pytest.approx(2.0, rel=1e-6)
    mixed = np.array([[0.9, 0.1], [0.2, 0.8]])
    assert 1.0 < gan.classifier_score(mixed) < 2.0
    with pytest.raises(ValueError):
        gan.classifier_score(np.ones(3))


def test_histogram_distance():
    rng = np.random.default_rng(0)
    digits = (rng.random((50, 28, 28)) > 0.85).astype(np.float32)  # mostly 0, some 1
    grey = np.full((50, 28, 28), 0.5, dtype=np.float32)
    assert gan.histogram_distance(digits, digits) == 0.0
    assert gan.histogram_distance(digits, grey) == pytest.approx(1.0)  # disjoint histograms
    noisy = np.clip(digits + rng.normal(0, 0.05, digits.shape), 0, 1)
    assert gan.histogram_distance(digits, noisy) < 0.3
    assert gan.histogram_distance(digits * 2 - 1, grey * 2 - 1, value_range=(-1, 1)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="value_range"):
        gan.histogram_distance(digits + 5, digits + 5)


def _tiny_models(keras, latent=4):
    from keras import layers

    generator = keras.Sequential([keras.Input((latent,)), layers.Dense(16, activation="sigmoid"), layers.Reshape((4, 4))])
    discriminator = keras.Sequential([keras.Input((4, 4)), layers.Flatten(), layers.Dense(1)])
    return generator, discriminator


def test_snapshot_and_max_change():
    import keras

    generator, _ = _tiny_models(keras)
    before = gan.snapshot(generator)
    assert gan.max_change(before, generator) == 0.0
    weights = generator.get_weights()
    weights[0][0, 0] += 0.25
    generator.set_weights(weights)
    assert gan.max_change(before, generator) == pytest.approx(0.25)
    with pytest.raises(ValueError, match="weight arrays"):
        gan.max_change(before[:1], generator)


def test_gan_two_tapes_train_both_networks_and_log_losses():
    import keras

    keras.utils.set_random_seed(0)
    generator, discriminator = _tiny_models(keras)
    model = gan.GAN(generator, discriminator, latent_dim=4, seed=0)
    model.compile(d_optimizer=keras.optimizers.Adam(1e-2), g_optimizer=keras.optimizers.Adam(1e-2),
                  loss_fn=keras.losses.BinaryCrossentropy(from_logits=True))
    real = (np.random.default_rng(0).random((32, 4, 4)) > 0.5).astype("float32")
    g0, d0 = gan.snapshot(generator), gan.snapshot(discriminator)
    noise = np.random.default_rng(1).normal(size=(6, 4)).astype("float32")
    samples = gan.EpochSamples(noise, every=1)
    history = model.fit(real, epochs=2, batch_size=16, verbose=0, callbacks=[samples])
    assert gan.max_change(g0, generator) > 0 and gan.max_change(d0, discriminator) > 0
    assert set(history.history) == {"d_loss", "g_loss"} and len(history.history["d_loss"]) == 2
    assert all(math.isfinite(v) for v in history.history["d_loss"] + history.history["g_loss"])
    assert sorted(samples.images) == [1, 2] and samples.images[2].shape == (6, 4, 4)
    assert model(noise).shape == (6, 4, 4)


def test_epoch_samples_every_and_plain_generator():
    import keras

    generator, _ = _tiny_models(keras)
    generator.compile(optimizer="sgd", loss="mse")
    samples = gan.EpochSamples(np.zeros((2, 4), "float32"), every=2, show=True)
    generator.fit(np.zeros((4, 4), "float32"), np.zeros((4, 4, 4), "float32"), epochs=3, verbose=0, callbacks=[samples])
    assert sorted(samples.images) == [2]  # only every second epoch, from the model itself


def test_unknown_attribute():
    with pytest.raises(AttributeError):
        gan.NotAThing  # noqa: B018


def test_digit_judge_and_judge_on_separable_fake_digits():
    keras = pytest.importorskip("keras")
    labels = np.repeat(np.arange(10), 20)
    images = np.zeros((200, 28, 28), dtype=np.float32)
    images[np.arange(200), labels * 2, :] = 1.0  # digit d = a bright row at 2·d: trivially separable
    keras.utils.set_random_seed(0)
    classifier = gan.digit_judge(images, labels, epochs=30)
    assert classifier.evaluate(images, labels, verbose=0)[1] == 1.0

    def generator(noise, training=False):  # a tanh-range "generator" that draws one row per sample
        digits = np.asarray(noise).astype(int) % 10
        out = -np.ones((len(digits), 28, 28), dtype=np.float32)
        out[np.arange(len(digits)), digits * 2, :] = 1.0
        return out

    real = images * 2 - 1  # real digits in the generator's range
    diverse = gan.judge(generator, np.arange(50), classifier, real, value_range=(-1, 1))
    assert diverse["classes seen"] == 10 and diverse["classifier score"] > 8
    assert diverse["histogram distance"] == pytest.approx(0.0, abs=1e-9)  # the same pixel mix as the real images
    same = gan.judge(generator, np.full(50, 3), classifier, real, value_range=(-1, 1))
    assert same["classes seen"] == 1 and same["classifier score"] == pytest.approx(1.0, abs=1e-3)
    with pytest.raises(ValueError, match="value_range"):
        gan.judge(generator, np.arange(5), classifier, images, value_range=(1, -1))
    with pytest.raises(ValueError, match="0–1 images"):
        gan.digit_judge(images * 2 - 1, labels, epochs=1)
