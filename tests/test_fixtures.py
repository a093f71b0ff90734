import numpy as np
import pytest

from utils import fixtures


def test_image_classes_shapes_dtypes_and_balance():
    x, y = fixtures.image_classes(200, (28, 28), 10, seed=0)
    assert x.shape == (200, 28, 28) and x.dtype == np.uint8
    assert y.shape == (200,) and y.dtype == np.uint8
    assert np.bincount(y).tolist() == [20] * 10
    x, y = fixtures.image_classes(30, (32, 32, 3), 3, dtype="float32")
    assert x.shape == (30, 32, 32, 3) and x.dtype == np.float32
    assert 0.0 <= x.min() and x.max() <= 1.0


def test_image_classes_are_learnable_across_seeds():
    """A nearest-class-mean classifier fitted on one seed must beat chance by far on another."""
    x_train, y_train = fixtures.image_classes(500, (28, 28), 10, seed=1)
    x_test, y_test = fixtures.image_classes(200, (28, 28), 10, seed=2)
    means = np.stack([x_train[y_train == k].reshape(-1, 784).mean(0) for k in range(10)])
    dists = ((x_test.reshape(-1, 1, 784) - means[None]) ** 2).sum(-1)
    accuracy = (dists.argmin(1) == y_test).mean()
    assert accuracy > 0.9


def test_image_classes_is_deterministic_per_seed():
    a = fixtures.image_classes(10, (8, 8), 2, seed=5)
    b = fixtures.image_classes(10, (8, 8), 2, seed=5)
    c = fixtures.image_classes(10, (8, 8), 2, seed=6)
    assert np.array_equal(a[0], b[0]) and not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("kwargs", [dict(n=0, n_classes=2), dict(n=10, n_classes=1), dict(n=10, n_classes=2, dtype="int8")])
def test_image_classes_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        fixtures.image_classes(shape=(4, 4), **kwargs)


def test_split_train_test():
    x = np.arange(100)
    y = x % 3
    (x_tr, y_tr), (x_te, y_te) = fixtures.split_train_test(x, y, test_size=20, seed=0)
    assert len(x_te) == 20 and len(x_tr) == 80
    assert sorted(np.concatenate([x_tr, x_te]).tolist()) == list(range(100))
    assert np.array_equal(y_te, x_te % 3)
    with pytest.raises(ValueError):
        fixtures.split_train_test(x, y, test_size=100)
