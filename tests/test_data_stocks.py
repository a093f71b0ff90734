"""Unit tests of data.load_stock_prices (notebook 20): offline, fast, every source of the chain."""

import numpy as np
import pandas as pd
import pytest

from utils import data


@pytest.fixture
def network_up(monkeypatch):
    """Full mode whose network check passes (the download itself is faked in each test)."""
    monkeypatch.setenv("COURSE_MODE", "full")
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.setattr(data, "network_available", lambda url, timeout=3.0: True)


def fake_download(monkeypatch, result=None, error=None):
    """Replace yfinance.download; returns the list of calls' keyword arguments."""
    import yfinance

    calls = []

    def download(ticker, **kwargs):
        calls.append({"ticker": ticker, **kwargs})
        if error is not None:
            raise error
        return result

    monkeypatch.setattr(yfinance, "download", download)
    return calls


def yahoo_frame(n=5):
    dates = pd.bdate_range("2015-01-02", periods=n, name="Date")
    close = np.linspace(100, 104, n)
    return pd.DataFrame(
        {"Open": close, "High": close + 1, "Low": close - 1, "Close": close, "Adj Close": close * 0.9, "Volume": 1e6},
        index=dates,
    )


def test_fast_mode_uses_vega_monthly_prices_without_network(keras_home, fast_mode, monkeypatch, capsys):
    calls = fake_download(monkeypatch, error=AssertionError("yfinance must not be called in fast mode"))
    monkeypatch.setattr(data, "network_available", lambda *a, **k: pytest.fail("network checked in fast mode"))
    df = data.load_stock_prices()
    assert calls == []
    prov = df.attrs["provenance"]
    assert prov.real and prov.source.startswith("vega_datasets")
    assert df.attrs["frequency"] == "monthly"
    assert list(df.columns) == ["Close"] and df.index.name == "Date"
    assert df.index.is_monotonic_increasing and len(df) == 123
    assert df.index[0] == pd.Timestamp("2000-01-01") and df.index[-1] == pd.Timestamp("2010-03-01")
    assert df["Close"].dtype == np.float64 and (df["Close"] > 0).all()
    out = capsys.readouterr().out
    assert "monthly" in out and "2015-01-01" in out  # the banner says what it replaces


def test_full_mode_downloads_with_the_lecture_options_and_caches(keras_home, network_up, monkeypatch, capsys):
    calls = fake_download(monkeypatch, result=yahoo_frame())
    df = data.load_stock_prices("aapl", start="2015-01-01", end="2022-04-21")
    assert calls[0]["ticker"] == "AAPL"
    assert calls[0]["auto_adjust"] is False and calls[0]["multi_level_index"] is False
    assert calls[0]["start"] == "2015-01-01" and calls[0]["end"] == "2022-04-21"
    assert 0 < calls[0]["timeout"] <= 10 and calls[0]["progress"] is False
    assert df.attrs["provenance"].source == "download (yfinance)" and df.attrs["frequency"] == "daily"
    assert list(df.columns) == ["Open", "High", "Low", "Close", "Adj Close", "Volume"]
    path = data.stock_cache_path("AAPL", "2015-01-01", "2022-04-21")
    assert path.exists() and path.is_relative_to(keras_home)
    # The next run, even in fast mode, reads the cached download instead of the network.
    monkeypatch.setenv("COURSE_MODE", "fast")
    fake_download(monkeypatch, error=AssertionError("must not download again"))
    again = data.load_stock_prices("AAPL")
    assert again.attrs["provenance"].source == "download cache"
    pd.testing.assert_frame_equal(again, df, check_freq=False)


def test_an_empty_download_is_reported_and_vega_is_used(keras_home, network_up, monkeypatch, capsys):
    fake_download(monkeypatch, result=pd.DataFrame())  # what yfinance returns offline
    df = data.load_stock_prices()
    out = capsys.readouterr().out
    assert "⚠️" in out and "empty DataFrame" in out
    assert df.attrs["provenance"].source.startswith("vega_datasets")
    assert not data.stock_cache_path("AAPL", "2015-01-01", "2022-04-21").exists()


def test_a_failing_download_is_reported_and_vega_is_used(keras_home, network_up, monkeypatch, capsys):
    fake_download(monkeypatch, error=TimeoutError("read timed out"))
    df = data.load_stock_prices()
    out = capsys.readouterr().out
    assert "⚠️" in out and "TimeoutError" in out
    assert df.attrs["frequency"] == "monthly"


def test_full_mode_without_network_falls_back_loudly(keras_home, full_mode_offline, monkeypatch, capsys):
    calls = fake_download(monkeypatch, error=AssertionError("no download without network"))
    df = data.load_stock_prices()
    assert calls == []
    assert "⚠️ full 모드인데" in capsys.readouterr().out
    assert df.attrs["provenance"].real


def test_a_ticker_vega_lacks_gets_a_labelled_fixture(keras_home, fast_mode, capsys):
    df = data.load_stock_prices("TSLA", start="2020-01-01", end="2020-12-31")
    assert not df.attrs["provenance"].real
    assert "GENERATED FIXTURE" in capsys.readouterr().out
    assert df.index[0] >= pd.Timestamp("2020-01-01") and df.index[-1] < pd.Timestamp("2020-12-31")
    assert (df["Close"] > 0).all() and len(df) > 200


def test_without_vega_datasets_the_fixture_is_used(keras_home, fast_mode, monkeypatch):
    real_require = data._require_module

    def require(name):
        if name == "vega_datasets":
            raise data.SourceUnavailable("Python package 'vega_datasets' is not installed")
        real_require(name)

    monkeypatch.setattr(data, "_require_module", require)
    df = data.load_stock_prices(verbose=False)
    assert df.attrs["provenance"].source == "generated fixture" and df.attrs["frequency"] == "daily"


def test_corrupted_cache_gives_a_clear_error(keras_home, fast_mode):
    path = data.stock_cache_path("AAPL", "2015-01-01", "2022-04-21")
    path.parent.mkdir(parents=True)
    path.write_text("this is not,a price table\n1,2\n")
    with pytest.raises(data.DataError, match="Delete it"):
        data.load_stock_prices()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"ticker": ""}, "ticker"),
        ({"ticker": 42}, "ticker"),
        ({"ticker": "AA PL"}, "does not look like"),
        ({"start": "yesterday-ish"}, "dates"),
        ({"start": "2022-01-01", "end": "2021-01-01"}, "before"),
        ({"start": "2022-01-01", "end": "2022-01-01"}, "before"),
    ],
)
def test_bad_arguments_are_explained(kwargs, message, fast_mode):
    with pytest.raises(data.DataError, match=message):
        data.load_stock_prices(**kwargs)


def test_registered_by_name(keras_home, fast_mode):
    df = data.load("stock-prices", verbose=False)
    assert df.attrs["provenance"].source.startswith("vega_datasets")
