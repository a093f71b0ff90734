"""GAN pieces shared by notebooks 27 (GAN basics) and 28 (DCGAN).

- :func:`tile_images` / :func:`sample_grid`: a grid of generated images (000's ``plot_multiple_images``).
- :func:`snapshot` / :func:`max_change`: did a network's weights move? (the Keras 3 ``trainable`` trap).
- :func:`classifier_score` and :func:`histogram_distance`: learning checks that fail when G learned nothing;
  :func:`digit_judge` trains the classifier they use and :func:`judge` applies both to a generator.
- :class:`GAN`: a ``keras.Model`` whose ``train_step`` trains D, then G, with two ``GradientTape`` s.
- :class:`EpochSamples`: a callback that keeps (and in full mode shows) samples from fixed noise after each epoch.

    gan = GAN(generator, discriminator, latent_dim=32)
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4), g_optimizer=keras.optimizers.Adam(2e-4),
                loss_fn=keras.losses.BinaryCrossentropy())
    gan.fit(dataset, epochs=5, verbose=0, callbacks=[*course.progress(), EpochSamples(noise)])
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

# --------------------------------------------------------------------------- pictures


def tile_images(images, n_cols: int = 8, *, pad: int = 1, pad_value: float = 1.0) -> np.ndarray:
    """Images (N, H, W) or (N, H, W, 1) → one (rows·(H+pad)−pad, cols·(W+pad)−pad) array.

    Empty cells and the gaps between images get ``pad_value`` (white with ``cmap='binary'`` is 0).
    """
    images = np.asarray(images, dtype=np.float32)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"tile_images needs (N, H, W) or (N, H, W, 1) images, got shape {images.shape}")
    n, h, w = images.shape
    n_cols = max(1, min(n_cols, n))
    n_rows = (n - 1) // n_cols + 1  # 000's formula
    grid = np.full((n_rows * (h + pad) - pad, n_cols * (w + pad) - pad), pad_value, dtype=np.float32)
    for i, img in enumerate(images):
        r, c = divmod(i, n_cols)
        grid[r * (h + pad): r * (h + pad) + h, c * (w + pad): c * (w + pad) + w] = img
    return grid


def sample_grid(images, n_cols: int = 8, *, title: str = "", size: float = 0.8, vmin: float = 0.0,
                vmax: float = 1.0, ax=None) -> plt.Figure:
    """000's ``plot_multiple_images`` in one picture: black digits on white (``cmap='binary'``).

    Pass ``vmin=-1`` for a tanh generator. Returns the figure (drawn on ``ax`` when given).
    """
    images = np.asarray(images, dtype=np.float32)
    n = len(images)
    n_cols = max(1, min(n_cols, n))
    n_rows = (n - 1) // n_cols + 1
    grid = tile_images(images, n_cols, pad_value=vmin)
    if ax is None:
        fig, ax = plt.subplots(figsize=(max(1.5, size * n_cols), max(1.5, size * n_rows) + (0.3 if title else 0)))
    else:
        fig = ax.figure
    ax.imshow(grid, cmap="binary", vmin=vmin, vmax=vmax)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return fig


# --------------------------------------------------------------------------- did the weights move?


def snapshot(model) -> list[np.ndarray]:
    """Copies of all of a model's weights (trainable or not), to compare later."""
    return [np.array(w, copy=True) for w in model.get_weights()]


def max_change(before: Sequence[np.ndarray], model) -> float:
    """The largest absolute change of any weight since :func:`snapshot` (0.0 = nothing moved)."""
    after = model.get_weights()
    if len(after) != len(before):
        raise ValueError(f"the model has {len(after)} weight arrays, the snapshot {len(before)}")
    return max((float(np.max(np.abs(a - b))) if a.size else 0.0) for a, b in zip(after, before, strict=True))


# --------------------------------------------------------------------------- learning checks


def classifier_score(probs) -> float:
    """Inception-score style number from a classifier's class probabilities on generated images:
    ``exp(E_x[KL(p(y|x) || p(y))])``. 1 when every image gets the same class distribution
    (blurry blobs, or one digit only); up to the number of classes when each image is
    confidently one class *and* all classes appear (sharp and diverse)."""
    p = np.asarray(probs, dtype=np.float64)
    if p.ndim != 2 or len(p) == 0:
        raise ValueError(f"classifier_score needs (N, classes) probabilities, got shape {p.shape}")
    p = np.clip(p, 1e-12, 1.0)
    p = p / p.sum(axis=1, keepdims=True)
    marginal = p.mean(axis=0, keepdims=True)
    kl = np.sum(p * (np.log(p) - np.log(marginal)), axis=1)
    return float(math.exp(kl.mean()))


def histogram_distance(real, fake, *, bins: int = 10, value_range: tuple[float, float] = (0.0, 1.0)) -> float:
    """Total-variation distance (0 = same, 1 = disjoint) between the pixel-intensity histograms
    of two image sets. MNIST is mostly 0 with a few strokes near 1; an untrained generator's
    grey noise sits around 0.5, so the distance falls when G learns what digits' pixels look like."""
    h_real, _ = np.histogram(np.asarray(real, dtype=np.float64).ravel(), bins=bins, range=value_range)
    h_fake, _ = np.histogram(np.asarray(fake, dtype=np.float64).ravel(), bins=bins, range=value_range)
    if h_real.sum() == 0 or h_fake.sum() == 0:
        raise ValueError("histogram_distance: no pixels inside value_range")
    return float(0.5 * np.abs(h_real / h_real.sum() - h_fake / h_fake.sum()).sum())


def digit_judge(x_train, y_train, *, epochs: int, callbacks: Sequence = ()):
    """The small MNIST classifier that notebooks 27 and 28 use to judge generated digits:
    Flatten → Dense(128, relu) → Dense(10, softmax), trained with Adam on 0–1 images of shape
    (N, 28, 28) or (N, 28, 28, 1). It only has to tell digits apart, not be state of the art."""
    keras = _keras()
    x_train = np.asarray(x_train, dtype=np.float32)
    if x_train.shape[1:3] != (28, 28) or x_train.min() < 0.0 or x_train.max() > 1.0:
        raise ValueError(f"digit_judge trains on 0–1 images of 28×28, got shape {x_train.shape}, "
                         f"range {x_train.min():.2f}…{x_train.max():.2f}; rescale first, e.g. (x + 1) / 2")
    classifier = keras.Sequential([
        keras.Input(shape=x_train.shape[1:]),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ], name="mnist_classifier")
    classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    classifier.fit(x_train, y_train, epochs=epochs, batch_size=64, verbose=0, callbacks=list(callbacks))
    return classifier


def judge(generator, noise, classifier, real, *, value_range: tuple[float, float] = (0.0, 1.0)) -> dict:
    """Both learning checks for a generator on fixed ``noise``: pixel-histogram distance to ``real``
    images (in the generator's range), and the classifier score, mean confidence and number of distinct digits that
    ``classifier`` (trained on 0–1 images) sees. ``value_range`` is the generator's output range:
    (0, 1) for a sigmoid output (27), (-1, 1) for tanh (28)."""
    low, high = value_range
    if not high > low:
        raise ValueError(f"value_range must be (low, high) with high > low, got {value_range}")
    images = np.asarray(_keras().ops.convert_to_numpy(generator(noise, training=False)))
    probs = classifier.predict((images - low) / (high - low), verbose=0)
    return {
        "histogram distance": histogram_distance(real, images, value_range=value_range),
        "classifier score": classifier_score(probs),
        "mean confidence": float(probs.max(axis=1).mean()),
        "classes seen": int(len(np.unique(probs.argmax(axis=1)))),
    }


# --------------------------------------------------------------------------- the modern GAN


def _keras():
    import keras

    return keras


def _make_gan_class():
    keras = _keras()
    import tensorflow as tf

    class GAN(keras.Model):
        """D's step, then G's step, each with its own ``GradientTape``: no ``trainable`` flag to forget.

        ``loss_fn`` must match D's output: ``BinaryCrossentropy()`` for a sigmoid output,
        ``BinaryCrossentropy(from_logits=True)`` for a raw score (logit).
        ``fit`` logs the epoch means of ``d_loss`` and ``g_loss``.
        """

        def __init__(self, generator, discriminator, latent_dim: int, *, seed: int | None = None, **kwargs):
            super().__init__(**kwargs)
            self.generator = generator
            self.discriminator = discriminator
            self.latent_dim = int(latent_dim)
            self.seed_generator = keras.random.SeedGenerator(seed)
            self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
            self.g_loss_tracker = keras.metrics.Mean(name="g_loss")

        def compile(self, d_optimizer, g_optimizer, loss_fn, **kwargs):
            super().compile(**kwargs)
            self.d_optimizer = d_optimizer
            self.g_optimizer = g_optimizer
            self.loss_fn = loss_fn

        @property
        def metrics(self):
            return [self.d_loss_tracker, self.g_loss_tracker]

        def call(self, noise, training=False):
            return self.generator(noise, training=training)

        def train_step(self, data):
            real_images = data[0] if isinstance(data, tuple) else data
            batch_size = tf.shape(real_images)[0]

            # 1) D: 진짜 → 1, 가짜 → 0. 기울기는 D의 가중치에 대해서만 구합니다.
            noise = keras.random.normal((batch_size, self.latent_dim), seed=self.seed_generator)
            fake_images = self.generator(noise, training=True)
            with tf.GradientTape() as d_tape:
                real_out = self.discriminator(real_images, training=True)
                fake_out = self.discriminator(fake_images, training=True)
                d_loss = (self.loss_fn(tf.ones_like(real_out), real_out)
                          + self.loss_fn(tf.zeros_like(fake_out), fake_out))
            d_grads = d_tape.gradient(d_loss, self.discriminator.trainable_weights)
            self.d_optimizer.apply_gradients(zip(d_grads, self.discriminator.trainable_weights, strict=True))

            # 2) G: 새 잡음에 "진짜"(1) 레이블; 기울기는 D를 통과하지만 업데이트되는 것은 G뿐입니다.
            noise = keras.random.normal((batch_size, self.latent_dim), seed=self.seed_generator)
            with tf.GradientTape() as g_tape:
                fake_out = self.discriminator(self.generator(noise, training=True), training=True)
                g_loss = self.loss_fn(tf.ones_like(fake_out), fake_out)
            g_grads = g_tape.gradient(g_loss, self.generator.trainable_weights)
            self.g_optimizer.apply_gradients(zip(g_grads, self.generator.trainable_weights, strict=True))

            self.d_loss_tracker.update_state(d_loss)
            self.g_loss_tracker.update_state(g_loss)
            return {m.name: m.result() for m in self.metrics}

    return GAN


def _make_epoch_samples_class():
    keras = _keras()

    class EpochSamples(keras.callbacks.Callback):
        """After every ``every`` epochs, generate from the same ``noise`` and keep the images
        (``self.images[epoch]``); with ``show=True`` also draw them as a grid (full mode)."""

        def __init__(self, noise, *, every: int = 1, show: bool = False, n_cols: int = 8, vmin: float = 0.0):
            super().__init__()
            self.noise = np.asarray(noise, dtype=np.float32)
            self.every = max(1, int(every))
            self.show = show
            self.n_cols = n_cols
            self.vmin = vmin
            self.images: dict[int, np.ndarray] = {}

        def _generator(self):
            return getattr(self.model, "generator", self.model)

        def on_epoch_end(self, epoch, logs=None):
            if (epoch + 1) % self.every:
                return
            images = keras.ops.convert_to_numpy(self._generator()(self.noise, training=False))
            self.images[epoch + 1] = images
            if self.show:
                fig = sample_grid(images, self.n_cols, title=f"{epoch + 1} 에폭", vmin=self.vmin)
                plt.show()
                plt.close(fig)

    return EpochSamples


def __getattr__(name: str):
    # Keras classes are built on first use so that importing utils.gan stays cheap.
    if name == "GAN":
        cls = _make_gan_class()
    elif name == "EpochSamples":
        cls = _make_epoch_samples_class()
    else:
        raise AttributeError(f"module 'utils.gan' has no attribute {name!r}")
    globals()[name] = cls
    return cls
