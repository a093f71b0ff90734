"""The heart-disease table of notebook 25: utils/data/tables.py (load_heart)."""

import importlib.util

import pandas as pd
import pytest

from utils import data

HAVE_PINGOUIN = importlib.util.find_spec("pingouin") is not None


def schema(df):
    return list(df.columns), {c: str(df[c].dtype) for c in df.columns if c != "thal"}


@pytest.mark.skipif(not HAVE_PINGOUIN, reason="pingouin not installed (requirements-nodeps.txt)")
def test_heart_offline_is_the_real_uci_copy_in_heart_csv_codes(keras_home, fast_mode, no_network, capsys):
    df = data.load_heart()
    assert "pingouin" in capsys.readouterr().out and df.attrs["provenance"].real
    assert list(df.columns) == data.HEART_COLUMNS and len(df) == 301
    # the UCI Cleveland value counts, in heart.csv's codes
    assert df["cp"].value_counts().sort_index().tolist() == [23, 50, 86, 142]
    assert df["slope"].value_counts().sort_index().tolist() == [141, 139, 21]
    assert df["thal"].value_counts().to_dict() == {"normal": 166, "reversible": 117, "fixed": 18}
    assert df["target"].sum() == 137  # 1 = disease: more vessels (ca) and exercise angina
    means = df.groupby("target")[["ca", "exang"]].mean()
    assert (means.loc[1] > means.loc[0]).all()
    # keras.io's second row (67, male, asymptomatic, 160/286, ca 3, normal) is a patient with disease
    row = df[(df["age"] == 67) & (df["chol"] == 286)].iloc[0]
    assert (row["cp"], row["restecg"], row["slope"], row["ca"], row["thal"], row["target"]) == (4, 2, 2, 3, "normal", 1)


def test_heart_prefers_the_keras_cache_and_checks_it(keras_home, fast_mode, no_network):
    cache = keras_home / "datasets"
    cache.mkdir()
    rows = data.heart_fixture(60)
    rows.to_csv(cache / "heart.csv", index=False)
    df = data.load_heart(verbose=False)
    assert df.attrs["provenance"].source == "Keras cache" and len(df) == 60
    (cache / "heart.csv").write_text("age,sex\n1,2\n")
    with pytest.raises(data.DataError, match=r"heart\.csv"):
        data.load_heart()


def test_heart_fixture_has_the_schema_and_a_learnable_target(keras_home, fast_mode, no_network, monkeypatch, capsys):
    def unavailable():
        raise data.SourceUnavailable("no pingouin")

    monkeypatch.setattr(data, "_heart_pingouin", unavailable)
    df = data.load_heart()
    assert "GENERATED FIXTURE" in capsys.readouterr().out and len(df) == 303
    assert set(df["thal"]) == set(data.HEART_THAL) and set(df["target"]) == {0, 1}
    assert df["cp"].between(1, 4).all() and df["slope"].between(1, 3).all()
    if HAVE_PINGOUIN:
        real = data.read_pingouin_heart(data.package_file("pingouin", data.PINGOUIN_HEART_FILE))
        assert schema(df) == schema(real)
    assert df.groupby("thal")["target"].mean()["reversible"] > df.groupby("thal")["target"].mean()["normal"]


def test_pingouin_file_with_unknown_codes_is_reported(tmp_path):
    path = tmp_path / "chi2_independence.csv"
    df = data.heart_fixture(303)
    df["thal"] = 9
    df.to_csv(path, index=False)
    with pytest.raises(ValueError, match="cp has codes .4."):  # heart.csv codes are not Kaggle codes
        data.read_pingouin_heart(path)
    pd.DataFrame({"a": [1]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="expected 303 rows"):
        data.read_pingouin_heart(path)
