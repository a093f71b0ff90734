"""The local TF Hub stand-ins load through tensorflow_hub with the real modules' signatures."""

from __future__ import annotations

import numpy as np
import pytest

from utils import data, hub_standin

hub = pytest.importorskip("tensorflow_hub")


@pytest.fixture
def hub_cache(tmp_path, monkeypatch):
    """An empty TFHUB_CACHE_DIR, offline (fast mode): nothing may touch the network."""
    cache = tmp_path / "tfhub"
    monkeypatch.setenv("TFHUB_CACHE_DIR", str(cache))
    monkeypatch.setenv("COURSE_MODE", "fast")

    def refuse(*args, **kwargs):
        raise AssertionError("the stand-in resolver touched the network")

    monkeypatch.setattr(data, "network_available", refuse)
    return cache


def images(n=2, seed=0):
    return np.random.default_rng(seed).random((n, 224, 224, 3), dtype=np.float32)


@pytest.mark.parametrize(
    ("url", "width"),
    [(hub_standin.MOBILENET_V2_CLASSIFICATION, 1001), (hub_standin.MOBILENET_V2_FEATURE_VECTOR, 1280)],
)
def test_standin_loads_through_hub_load_with_the_module_signature(hub_cache, capsys, url, width):
    handle = hub_standin.resolve(url)
    assert handle.is_standin and not handle.provenance.real
    assert str(handle).startswith(str(hub_cache))
    out = capsys.readouterr().out
    assert "STAND-IN" in out and "MobileNetV2가 아닙니다" in out
    module = hub.load(handle)
    result = module(images(3)).numpy()
    assert result.shape == (3, width) and result.dtype == np.float32
    assert np.isfinite(result).all()


def test_standin_goes_into_a_tf_keras_model_as_hub_keraslayer(hub_cache):
    tf_keras = pytest.importorskip("tf_keras")
    handle = hub_standin.resolve(hub_standin.MOBILENET_V2_FEATURE_VECTOR, verbose=False)
    extractor = hub.KerasLayer(handle, input_shape=(224, 224, 3), trainable=False)
    model = tf_keras.Sequential([extractor, tf_keras.layers.Dense(5, activation="softmax")])
    assert model.output_shape == (None, 5)
    assert model.count_params() == 3 * 3 * 3 * 320 + 320 + 1280 * 5 + 5
    assert [w.shape for w in model.trainable_weights] == [(1280, 5), (5,)]  # the extractor is frozen
    probs = model.predict(images(2), verbose=0)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def test_feature_vector_carries_signal_that_separates_colours(hub_cache):
    module = hub.load(hub_standin.resolve(hub_standin.MOBILENET_V2_FEATURE_VECTOR, verbose=False))
    red = np.zeros((1, 224, 224, 3), np.float32)
    red[..., 0] = 1
    blue = np.zeros((1, 224, 224, 3), np.float32)
    blue[..., 2] = 1
    f_red, f_blue, f_red_again = (module(x).numpy() for x in (red, blue, red))
    np.testing.assert_allclose(f_red, f_red_again)  # deterministic
    assert np.abs(f_red - f_blue).mean() > 0.01  # different pictures, different features


def test_standin_is_built_once_and_reused(hub_cache):
    url = hub_standin.MOBILENET_V2_FEATURE_VECTOR
    first = hub_standin.build_standin(url)
    stamp = (first / "saved_model.pb").stat().st_mtime_ns
    again = hub_standin.build_standin(url)
    assert again == first and (again / "saved_model.pb").stat().st_mtime_ns == stamp
    (first / hub_standin.MARKER).write_text("{}")  # an outdated or foreign marker → rebuilt
    rebuilt = hub_standin.build_standin(url)
    assert hub_standin._marker_ok(rebuilt, hub_standin.spec_for(url))


def test_a_real_module_in_the_hub_cache_is_preferred(hub_cache, capsys):
    url = hub_standin.MOBILENET_V2_CLASSIFICATION
    cached = hub_standin.hub_cache_path(url)
    cached.mkdir(parents=True)
    (cached / "saved_model.pb").write_bytes(b"pretend")
    handle = hub_standin.resolve(url)
    assert str(handle) == url and handle.provenance.real and handle.provenance.source == "TF Hub cache"
    assert "STAND-IN" not in capsys.readouterr().out


def test_full_mode_without_network_falls_back_loudly(hub_cache, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_MODE", "full")
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.setattr(data, "network_available", lambda url, timeout=3.0: False)
    handle = hub_standin.resolve(hub_standin.MOBILENET_V2_FEATURE_VECTOR)
    out = capsys.readouterr().out
    assert handle.is_standin and "full 모드인데" in out and "STAND-IN" in out


def test_lecture_spelling_of_the_url_is_accepted():
    lecture = "https://tfhub.dev/google/tf2-preview/mobilenet_V2/classification/4/"
    assert hub_standin.spec_for(lecture).name == "mobilenet_v2_classification"


def test_unknown_module_and_bad_images_give_clear_errors(hub_cache):
    with pytest.raises(ValueError, match="No local stand-in.*Known modules"):
        hub_standin.resolve("https://tfhub.dev/google/imagenet/resnet_v2_50/classification/5")
    module = hub.load(hub_standin.resolve(hub_standin.MOBILENET_V2_FEATURE_VECTOR, verbose=False))
    with pytest.raises((ValueError, TypeError)):
        module(np.zeros((1, 100, 100, 3), np.float32))  # the module takes 224×224 images only
    with pytest.raises((ValueError, TypeError)):
        module(np.zeros((1, 224, 224), np.float32))  # no channel axis
