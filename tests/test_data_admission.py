"""The graduate-admission loader: Keras cache → download (full mode) → labelled fixture."""

import time

import numpy as np
import pandas as pd
import pytest

from utils import data

PUBLIC_HEADER = "Serial No.,GRE Score,TOEFL Score,University Rating,SOP,LOR ,CGPA,Research,Chance of Admit \n"




def write_public_format(path, rows=12):
    """A file in the public CSV's exact format (header with trailing spaces)."""
    fixture = data.graduate_admission_fixture(rows, seed=5)
    body = "\n".join(",".join(f"{v:g}" for v in row) for row in fixture.to_numpy())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PUBLIC_HEADER + body + "\n")
    return fixture


def test_offline_without_a_copy_is_a_labelled_fixture(keras_home, fast_mode, no_network, capsys):
    df = data.load_graduate_admission()
    assert list(df.columns) == data.GRADUATE_ADMISSION_COLUMNS
    assert len(df) == 400 and not df.isna().any().any()
    prov = df.attrs["provenance"]
    assert prov.source == "generated fixture" and not prov.real
    assert "GENERATED FIXTURE" in capsys.readouterr().out


def test_fixture_follows_the_documented_ranges_and_is_reproducible():
    df = data.graduate_admission_fixture()
    assert df["Serial No."].tolist() == list(range(1, 401))
    assert df["GRE Score"].between(290, 340).all() and df["TOEFL Score"].between(92, 120).all()
    assert set(df["University Rating"].unique()) <= {1, 2, 3, 4, 5}
    for column in ("SOP", "LOR"):  # half steps from 1 to 5
        assert set((df[column] * 2).unique()) <= set(range(2, 11))
    assert df["CGPA"].between(6.8, 9.92).all() and set(df["Research"].unique()) == {0, 1}
    assert df["Chance of Admit"].between(0.34, 0.97).all()
    assert 0.65 < df["Chance of Admit"].mean() < 0.78  # about the public file's mean (0.72)
    # The target is learnable: CGPA carries most of it, as the formula says.
    assert df.corr()["Chance of Admit"]["CGPA"] > 0.8
    pd.testing.assert_frame_equal(df, data.graduate_admission_fixture())
    assert not data.graduate_admission_fixture(seed=1).equals(df)
    assert len(data.graduate_admission_fixture(7)) == 7


def test_fixture_rejects_a_bad_size():
    with pytest.raises(ValueError, match="positive"):
        data.graduate_admission_fixture(0)


def test_reads_a_public_format_file_from_the_keras_cache(keras_home, fast_mode, no_network, capsys):
    expected = write_public_format(keras_home / "datasets" / "Admission_Predict.csv")
    df = data.load_graduate_admission()
    assert list(df.columns) == data.GRADUATE_ADMISSION_COLUMNS  # trailing spaces stripped
    assert len(df) == 12 and np.allclose(df.to_numpy(), expected.to_numpy())
    prov = df.attrs["provenance"]
    assert prov.source == "Keras cache" and prov.real
    assert "📦 Graduate Admission" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content",
    ["<html>404 Not Found</html>\n", "a,b\n1,2\n", PUBLIC_HEADER + "1,320,110,3,4,4,9.1,1,1.7\n" * 20],
    ids=["html", "wrong-columns", "chance-above-1"],
)
def test_a_broken_cache_file_gives_a_clear_error(keras_home, fast_mode, no_network, content):
    cache = keras_home / "datasets"
    cache.mkdir()
    (cache / "Admission_Predict.csv").write_text(content)
    with pytest.raises(data.DataError, match=r"corrupted.*rm -r .*Admission_Predict\.csv"):
        data.load_graduate_admission()


def test_full_mode_without_network_falls_back_fast_and_loudly(keras_home, full_mode_offline, capsys):
    start = time.perf_counter()
    df = data.load_graduate_admission()
    assert time.perf_counter() - start < 5
    out = capsys.readouterr().out
    assert "⚠️ full 모드인데 Graduate Admission" in out and "GENERATED FIXTURE" in out
    assert df.attrs["provenance"].source == "generated fixture"


def test_full_mode_failed_download_falls_back(mirror, capsys):
    path = "/raw.githubusercontent.com" + data.GRADUATE_ADMISSION_URL.split("raw.githubusercontent.com", 1)[1]
    mirror.serve(path, kind="404")
    df = data.load_graduate_admission()
    assert mirror.requests_for(path) == 1
    assert df.attrs["provenance"].source == "generated fixture"
    assert "HTTP 404" in capsys.readouterr().out


def test_registered_by_name(keras_home, fast_mode, no_network):
    assert "graduate_admission" in data.LOADERS
    df = data.load("Graduate-Admission", verbose=False)
    assert list(df.columns) == data.GRADUATE_ADMISSION_COLUMNS
