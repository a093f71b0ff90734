import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from utils import plots  # noqa: E402

HISTORY = {"loss": [1.0, 0.5, 0.3], "accuracy": [0.5, 0.7, 0.8], "val_loss": [1.1, 0.7, 0.6], "val_accuracy": [0.4, 0.6, 0.7]}


class FakeHistory:
    history = HISTORY


@pytest.mark.parametrize("history", [HISTORY, FakeHistory(), pd.DataFrame(HISTORY)])
def test_plot_history_draws_train_and_validation(history):
    fig = plots.plot_history(history)
    axes = fig.axes
    assert [ax.get_ylabel() for ax in axes] == ["손실(loss)", "정확도(accuracy)"]
    assert axes[0].get_xlabel() == "에폭(epoch)"
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == ["훈련(train)", "검증(validation)"]
    assert len(axes[0].lines) == 2
    assert list(axes[0].lines[1].get_ydata()) == HISTORY["val_loss"]


def test_plot_history_bad_input():
    with pytest.raises(KeyError, match="mae"):
        plots.plot_history(HISTORY, ["mae"])
    with pytest.raises(ValueError):
        plots.plot_history({})


def test_show_images_grid_and_titles():
    images = np.zeros((6, 28, 28, 1), dtype=np.uint8)
    fig = plots.show_images(images, [f"t{i}" for i in range(6)], ncols=4)
    assert len(fig.axes) == 8  # 2 rows × 4, the last two empty
    assert fig.axes[5].get_title() == "t5" and fig.axes[7].get_title() == ""
    rgb = np.random.rand(2, 8, 8, 3)
    assert len(plots.show_images(rgb, ncols=5).axes) == 2


def test_show_images_bad_input():
    with pytest.raises(ValueError, match="at least one"):
        plots.show_images([])
    with pytest.raises(ValueError, match="2 images but 1 titles"):
        plots.show_images(np.zeros((2, 4, 4)), ["only one"])


def test_confusion_matrix_counts():
    m = plots.confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1])
    assert m.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 2]]
    assert plots.confusion_matrix([0], [0], n_classes=3).shape == (3, 3)
    with pytest.raises(ValueError):
        plots.confusion_matrix([0, 1], [0])


def test_plot_confusion_matrix_titles_accuracy_and_class_names():
    fig = plots.plot_confusion_matrix([0, 1, 1, 0], [0, 1, 0, 0], class_names=["cat", "dog"])
    ax = fig.axes[0]
    assert ax.get_title() == "혼동 행렬(confusion matrix), 정확도 75.0%"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("예측 클래스(predicted)", "실제 클래스(true)")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog"]
    normalized = plots.plot_confusion_matrix([0, 1, 1, 0], [0, 1, 0, 0], normalize=True)
    assert any(t.get_text() == "0.50" for t in normalized.axes[0].texts)


def test_plot_predictions():
    fig = plots.plot_predictions([1, 2, 3], [1.5, 2, 2.5], unit="mpg")
    ax = fig.axes[0]
    assert "MAE 0.333" in ax.get_title() and ax.get_xlabel() == "실제 값 [mpg]" and ax.get_ylabel() == "예측 값 [mpg]"
    with pytest.raises(ValueError):
        plots.plot_predictions([1, 2], [1])
