"""Tables: Auto MPG, graduate admission, heart disease and the CSV files in ``data/``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .chain import (
    DATA_DIR,
    REPO_ROOT,
    DataError,
    Provenance,
    Source,
    _corrupt,
    _require_module,
    cached_or_downloaded,
    load_first,
    mirrored,
    package_file,
    parse_download,
)

# --------------------------------------------------------------------------- Auto MPG

AUTO_MPG_URL = "http://archive.ics.uci.edu/ml/machine-learning-databases/auto-mpg/auto-mpg.data"
AUTO_MPG_COLUMNS = ["MPG", "Cylinders", "Displacement", "Horsepower", "Weight", "Acceleration", "Model Year", "Origin"]


def _read_uci_auto_mpg(path: Path) -> pd.DataFrame:
    # The TensorFlow tutorial's reading recipe for the UCI file: '?' marks a missing value.
    df = pd.read_csv(path, names=AUTO_MPG_COLUMNS, na_values="?", comment="\t", sep=" ", skipinitialspace=True)
    if len(df) < 300 or df["MPG"].isna().any():
        raise ValueError(f"expected ~398 rows of numbers, got {len(df)} rows")
    return df


def _auto_mpg_keras(from_cache: bool):
    def load():
        path = cached_or_downloaded("auto-mpg.data", AUTO_MPG_URL, from_cache)
        df = parse_download(path, _read_uci_auto_mpg, from_cache)
        return df, Provenance(
            "Auto MPG", "Keras cache" if from_cache else "download", str(path), True, f"{len(df)} rows"
        )

    return load


def _auto_mpg_mlxtend():
    _require_module("mlxtend")
    from mlxtend.data import autompg_data

    x, y = autompg_data()  # columns: cylinders … origin, car name (NaN); the 6 rows without horsepower removed
    df = pd.DataFrame(x[:, :7], columns=AUTO_MPG_COLUMNS[1:])
    df.insert(0, "MPG", y)
    return df, Provenance("Auto MPG", "mlxtend", "mlxtend.data.autompg_data()", True, f"{len(df)} rows (UCI)")


def load_auto_mpg(*, verbose: bool = True) -> pd.DataFrame:
    """The UCI Auto MPG table with the TensorFlow tutorial's column names.

    Sources: Keras cache → download (full mode) → mlxtend's copy (392 rows).
    The provenance is in ``df.attrs["provenance"]``.
    """
    df, prov = load_first(
        "Auto MPG",
        [
            Source("Keras cache", _auto_mpg_keras(from_cache=True)),
            Source("download", _auto_mpg_keras(from_cache=False), uses_network=True, url=mirrored(AUTO_MPG_URL)),
            Source("mlxtend", _auto_mpg_mlxtend),
        ],
        verbose=verbose,
    )
    df.attrs["provenance"] = prov
    return df


# --------------------------------------------------------------------------- CSV files in data/


def available_csvs(data_dir: Path = DATA_DIR) -> list[str]:
    return sorted(p.stem for p in Path(data_dir).glob("*.csv"))


def load_csv(name: str, *, data_dir: Path = DATA_DIR, verbose: bool = True, **read_csv_kwargs) -> pd.DataFrame:
    """Read ``data/<name>.csv`` (the name without ``.csv``) with pandas."""
    path = Path(data_dir) / f"{name.removesuffix('.csv')}.csv"
    if not path.exists():
        known = ", ".join(available_csvs(data_dir)) or "(none)"
        raise DataError(f"No CSV named {name!r} in {data_dir}. Available: {known}.")
    if path.stat().st_size == 0:
        raise DataError(f"{path} is empty. Restore it with `git checkout -- {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}`.")
    try:
        df = pd.read_csv(path, **read_csv_kwargs)
    except Exception as err:
        raise DataError(f"{path} could not be read as CSV ({type(err).__name__}: {err}).") from err
    prov = Provenance(name, "data/ folder", str(path), True, f"{len(df)} rows × {df.shape[1]} columns")
    df.attrs["provenance"] = prov
    if verbose:
        print(prov.banner())
    return df


# --------------------------------------------------------------------------- graduate admission

GRADUATE_ADMISSION_FILE = "Admission_Predict.csv"
# The copy of the public Kaggle data set (Mohan S Acharya et al., "graduate-admissions", 400 rows)
# that tutorials read most often. Its header has trailing spaces ("LOR ", "Chance of Admit ").
GRADUATE_ADMISSION_URL = (
    "https://raw.githubusercontent.com/divyansha1115/Graduate-Admission-Prediction/master/Admission_Predict.csv"
)
GRADUATE_ADMISSION_COLUMNS = [
    "Serial No.", "GRE Score", "TOEFL Score", "University Rating",
    "SOP", "LOR", "CGPA", "Research", "Chance of Admit",
]  # fmt: skip


def _read_graduate_admission(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path)
    df.columns = [str(c).strip() for c in df.columns]  # the public file writes "LOR " and "Chance of Admit "
    missing = [c for c in GRADUATE_ADMISSION_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"columns {missing} are missing (found {list(df.columns)})")
    df = df[GRADUATE_ADMISSION_COLUMNS]
    if len(df) < 10 or df.isna().any().any():
        raise ValueError(f"expected hundreds of complete rows, got {len(df)} rows with {int(df.isna().sum().sum())} gaps")
    chance = df["Chance of Admit"]
    if not chance.between(0, 1).all():
        raise ValueError("'Chance of Admit' must lie between 0 and 1")
    return df


def _graduate_admission_keras(from_cache: bool):
    def load():
        path = cached_or_downloaded(
            GRADUATE_ADMISSION_FILE, GRADUATE_ADMISSION_URL, from_cache,
            hint=f" (put a downloaded {GRADUATE_ADMISSION_FILE} there)",
        )
        df = parse_download(path, _read_graduate_admission, from_cache)
        return df, Provenance(
            "Graduate Admission",
            "Keras cache" if from_cache else "download",
            str(path) if from_cache else GRADUATE_ADMISSION_URL,
            True,
            f"{len(df)} rows",
        )

    return load


def graduate_admission_fixture(n: int = 400, *, seed: int = 0) -> pd.DataFrame:
    """A generated table with the public data set's columns, ranges and dtypes.

    The formula (also stated in notebook 05): one hidden "ability" ``z ~ N(0, 1)`` per
    applicant and independent noises ``e1 … e7 ~ N(0, 1)``::

        GRE Score         = clip(round(317 + 11.0 · (0.85 z + 0.53 e1)), 290, 340)
        TOEFL Score       = clip(round(107 +  6.0 · (0.85 z + 0.53 e2)),  92, 120)
        University Rating = clip(round(3.1 + 1.1 · (0.70 z + 0.71 e3)),   1,   5)
        SOP               = clip(round(2 · (3.4 + 1.0 · (0.65 z + 0.76 e4))) / 2, 1, 5)
        LOR               = clip(round(2 · (3.45 + 0.9 · (0.60 z + 0.80 e5))) / 2, 1, 5)
        CGPA              = clip(round(8.6 + 0.6 · (0.90 z + 0.44 e6), 2), 6.8, 9.92)
        Research          = 1 if 0.6 z + 0.8 e7 > -0.15 else 0
        Chance of Admit   = clip(round(0.0020·GRE + 0.0030·TOEFL + 0.006·Rating + 0.002·SOP
                                       + 0.017·LOR + 0.119·CGPA + 0.024·Research − 1.357
                                       + N(0, 0.05), 2), 0.34, 0.97)

    The weights are our choice, picked so that the target depends mostly on CGPA, GRE and
    TOEFL and has about the mean (0.72) and spread of the public file; they are not fitted
    to it. ``Serial No.`` counts from 1.
    """
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    rng = np.random.default_rng(seed)
    z = rng.standard_normal(n)
    e = rng.standard_normal((7, n))
    gre = np.clip(np.round(317 + 11.0 * (0.85 * z + 0.53 * e[0])), 290, 340)
    toefl = np.clip(np.round(107 + 6.0 * (0.85 * z + 0.53 * e[1])), 92, 120)
    rating = np.clip(np.round(3.1 + 1.1 * (0.70 * z + 0.71 * e[2])), 1, 5)
    sop = np.clip(np.round(2 * (3.4 + 1.0 * (0.65 * z + 0.76 * e[3]))) / 2, 1, 5)
    lor = np.clip(np.round(2 * (3.45 + 0.9 * (0.60 * z + 0.80 * e[4]))) / 2, 1, 5)
    cgpa = np.clip(np.round(8.6 + 0.6 * (0.90 * z + 0.44 * e[5]), 2), 6.8, 9.92)
    research = (0.6 * z + 0.8 * e[6] > -0.15).astype(np.int64)
    chance = (
        0.0020 * gre + 0.0030 * toefl + 0.006 * rating + 0.002 * sop + 0.017 * lor
        + 0.119 * cgpa + 0.024 * research - 1.357 + rng.normal(0.0, 0.05, n)
    )  # fmt: skip
    chance = np.clip(np.round(chance, 2), 0.34, 0.97)
    columns = [np.arange(1, n + 1), gre.astype(np.int64), toefl.astype(np.int64), rating.astype(np.int64),
               sop, lor, cgpa, research, chance]  # fmt: skip
    return pd.DataFrame(dict(zip(GRADUATE_ADMISSION_COLUMNS, columns, strict=True)))


def _graduate_admission_fixture():
    df = graduate_admission_fixture()
    return df, Provenance(
        "Graduate Admission",
        "generated fixture",
        "utils.data.graduate_admission_fixture (formula in its docstring)",
        False,
        f"{len(df)} rows",
    )


def load_graduate_admission(*, verbose: bool = True) -> pd.DataFrame:
    """The graduate-admission table (lecture 003 §1) with the public data set's columns
    :data:`GRADUATE_ADMISSION_COLUMNS` (header spaces stripped).

    Sources: ``Admission_Predict.csv`` in the Keras cache (e.g. one you downloaded from
    Kaggle and put there) → download (full mode) → a GENERATED FIXTURE of 400 rows made
    by :func:`graduate_admission_fixture` (no real copy ships with any package we use).
    The provenance is in ``df.attrs["provenance"]``.
    """
    df, prov = load_first(
        "Graduate Admission",
        [
            Source("Keras cache", _graduate_admission_keras(from_cache=True)),
            Source("download", _graduate_admission_keras(from_cache=False), uses_network=True,
                   url=mirrored(GRADUATE_ADMISSION_URL)),  # fmt: skip
            Source("generated fixture", _graduate_admission_fixture, real=False),
        ],
        verbose=verbose,
    )
    df.attrs["provenance"] = prov
    return df




# --------------------------------------------------------------------------- heart disease (notebook 25)

HEART_URL = "http://storage.googleapis.com/download.tensorflow.org/data/heart.csv"  # what keras.io reads
HEART_COLUMNS = [
    "age", "sex", "cp", "trestbps", "chol", "fbs", "restecg",
    "thalach", "exang", "oldpeak", "slope", "ca", "thal", "target",
]  # fmt: skip
HEART_THAL = ("fixed", "normal", "reversible")
PINGOUIN_HEART_FILE = "datasets/chi2_independence.csv"  # inside the pingouin package
# pingouin ships the Kaggle copy of UCI Cleveland, which recodes four columns and inverts the
# target. Matched on the rows keras.io prints and on the UCI value counts (cp 23/50/86/144,
# restecg 151/4/148, slope 142/140/21, thal 166/18/117):
HEART_KAGGLE_TO_UCI = {
    "cp": {3: 1, 1: 2, 2: 3, 0: 4},  # 1 typical angina … 4 asymptomatic
    "restecg": {1: 0, 2: 1, 0: 2},
    "slope": {2: 1, 1: 2, 0: 3},  # 1 upsloping, 2 flat, 3 downsloping
    "thal": {1: "fixed", 2: "normal", 3: "reversible"},  # 0 marks a missing value
    "target": {0: 1, 1: 0},  # Kaggle's 1 is "no disease"; heart.csv's 1 is "disease"
}


def _check_heart(df: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in HEART_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"columns {missing} are missing (found {list(df.columns)})")
    df = df[HEART_COLUMNS].copy()
    if len(df) < 50 or not df["target"].isin([0, 1]).all():
        raise ValueError(f"expected ~300 rows with a 0/1 target, got {len(df)} rows")
    df["thal"] = df["thal"].astype(str)
    return df


def _heart_keras(from_cache: bool):
    def load():
        path = cached_or_downloaded("heart.csv", HEART_URL, from_cache)
        df = parse_download(path, lambda p: _check_heart(pd.read_csv(p)), from_cache)
        where = ("Keras cache", str(path)) if from_cache else ("download", HEART_URL)
        return df, Provenance("heart disease", *where, True, f"{len(df)} rows · target 1 = {df['target'].mean():.0%}")

    return load


def read_pingouin_heart(path: Path) -> pd.DataFrame:
    """pingouin's UCI Cleveland table (UTF-8 with BOM, Kaggle's codes) in heart.csv's codes
    (:data:`HEART_KAGGLE_TO_UCI`); the 2 rows without thal dropped, ``ca`` kept as shipped
    (its value 4, in 5 rows, is Kaggle's mark for a missing value), rows shuffled with seed 0
    (the file is sorted by target)."""
    df = pd.read_csv(path, encoding="utf-8-sig")
    if list(df.columns) != HEART_COLUMNS or len(df) != 303:
        raise ValueError(f"expected 303 rows with the columns {HEART_COLUMNS}, got {df.shape} {list(df.columns)}")
    df = df[df["thal"] != 0]
    for column, codes in HEART_KAGGLE_TO_UCI.items():
        unknown = set(df[column]) - set(codes)
        if unknown:
            raise ValueError(f"{column} has codes {sorted(unknown)} outside {sorted(codes)}")
        df[column] = df[column].map(codes)
    df = df.sample(frac=1.0, random_state=0).reset_index(drop=True)
    return _check_heart(df)


def _heart_pingouin():
    path = package_file("pingouin", PINGOUIN_HEART_FILE)
    try:
        df = read_pingouin_heart(path)
    except Exception as err:
        raise _corrupt(path, err) from err
    return df, Provenance(
        "heart disease", "pingouin package (file read directly)", str(path), True,
        f"{len(df)} rows · UCI Cleveland, Kaggle 부호를 heart.csv 부호로 바꿈 (cp, restecg, slope, thal, target) · "
        f"thal 없는 2행 제외 · target 1 = {df['target'].mean():.0%}",
    )  # fmt: skip


def heart_fixture(n: int = 303, *, seed: int = 0) -> pd.DataFrame:
    """A generated table with heart.csv's columns, codes and dtypes. The target is 1 with
    probability ``sigmoid(−2.6 + 1.1·exang + 0.9·ca + 0.8·oldpeak + 1.0·[cp = 4] + 1.2·[thal =
    reversible] − 0.03·(thalach − 150))``, so it can be learned."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "age": rng.integers(29, 78, n), "sex": rng.integers(0, 2, n), "cp": rng.choice([1, 2, 3, 4], n, p=[.08, .17, .28, .47]),
        "trestbps": rng.integers(94, 201, n), "chol": rng.integers(126, 565, n), "fbs": (rng.random(n) < 0.15).astype(int),
        "restecg": rng.choice([0, 1, 2], n, p=[.5, .02, .48]), "thalach": rng.integers(71, 203, n),
        "exang": (rng.random(n) < 0.33).astype(int), "oldpeak": np.round(rng.exponential(1.0, n), 1),
        "slope": rng.choice([1, 2, 3], n, p=[.47, .46, .07]), "ca": rng.choice([0, 1, 2, 3], n, p=[.59, .22, .13, .06]),
        "thal": rng.choice(HEART_THAL, n, p=[.06, .55, .39]),
    })  # fmt: skip
    logit = (-2.6 + 1.1 * df["exang"] + 0.9 * df["ca"] + 0.8 * df["oldpeak"] + 1.0 * (df["cp"] == 4)
             + 1.2 * (df["thal"] == "reversible") - 0.03 * (df["thalach"] - 150))  # fmt: skip
    df["target"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return _check_heart(df.astype({c: "int64" for c in HEART_COLUMNS if c not in ("oldpeak", "thal")}))


def _heart_fixture():
    df = heart_fixture()
    return df, Provenance("heart disease", "generated fixture", "utils.data.heart_fixture (formula in its docstring)", False, f"{len(df)} rows")


def load_heart(*, verbose: bool = True) -> pd.DataFrame:
    """keras.io's heart-disease table (Cleveland Clinic, 303 patients) with its columns
    :data:`HEART_COLUMNS`: ``thal`` as the strings "fixed"/"normal"/"reversible", ``target``
    1 = heart disease.

    Sources: heart.csv in the Keras cache → download (full mode) → the real UCI Cleveland copy
    shipped in ``pingouin`` (recoded to heart.csv's codes, see :func:`read_pingouin_heart`) →
    generated fixture. The provenance is in ``df.attrs["provenance"]``.
    """
    df, prov = load_first(
        "heart disease",
        [
            Source("Keras cache", _heart_keras(from_cache=True)),
            Source("download", _heart_keras(from_cache=False), uses_network=True, url=mirrored(HEART_URL)),
            Source("pingouin", _heart_pingouin),
            Source("generated fixture", _heart_fixture, real=False),
        ],
        verbose=verbose,
    )
    df.attrs["provenance"] = prov
    return df
