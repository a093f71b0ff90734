"""Time series: daily stock prices (notebook 20)."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import numpy as np
import pandas as pd

from .chain import (
    NETWORK_TIMEOUT_S,
    DataError,
    Provenance,
    Source,
    SourceUnavailable,
    _corrupt,
    _require_module,
    keras_cache_dir,
    load_first,
    mirrored,
    offline,
)

# yfinance talks through curl_cffi, whose libcurl must be loaded before TensorFlow's: TensorFlow
# ships a libcurl of its own, and a curl_cffi loaded after it fails every request ("Impersonating
# chrome… is not supported", "Failed to setopt"), so yfinance always came back empty. utils.data
# is imported before keras in every notebook; fast mode never downloads and skips this.
with contextlib.suppress(Exception):  # an invalid COURSE_MODE is reported later, by course.setup()
    if not offline():
        import curl_cffi.requests  # noqa: F401

# --------------------------------------------------------------------------- stock prices (notebook 20)

YAHOO_URL = "https://query2.finance.yahoo.com"
STOCK_COLUMNS = ("Open", "High", "Low", "Close", "Adj Close", "Volume")
VEGA_STOCK_TICKERS = ("AAPL", "AMZN", "GOOG", "IBM", "MSFT")


def _stock_request(ticker: str, start, end) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Validate the arguments of :func:`load_stock_prices` with messages that say what to pass."""
    if not isinstance(ticker, str) or not ticker.strip():
        raise DataError(f"ticker must be a symbol such as 'AAPL', got {ticker!r}.")
    symbol = ticker.strip().upper()
    if not all(c.isalnum() or c in ".-^=" for c in symbol) or len(symbol) > 15:
        raise DataError(f"{ticker!r} does not look like a Yahoo Finance ticker (letters, digits, '.', '-', '^', '=').")
    try:
        start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    except (ValueError, TypeError) as err:
        raise DataError(f"start/end must be dates like '2015-01-01', got start={start!r}, end={end!r} ({err}).") from err
    if pd.isna(start_ts) or pd.isna(end_ts) or start_ts >= end_ts:
        raise DataError(f"start must come before end, got start={start!r}, end={end!r}.")
    return symbol, start_ts, end_ts


def _tidy_prices(df: pd.DataFrame) -> pd.DataFrame:
    """Date index (sorted, no time zone), float columns, rows without a Close removed."""
    df = df.copy()
    df.index = pd.DatetimeIndex(pd.to_datetime(df.index)).tz_localize(None)
    df.index.name = "Date"
    df = df[[c for c in STOCK_COLUMNS if c in df.columns]].astype("float64")
    if "Close" not in df.columns:
        raise ValueError("no 'Close' column")
    df = df.dropna(subset=["Close"]).sort_index()
    if df.empty:
        raise ValueError("no rows with a Close price")
    return df


def _period(df: pd.DataFrame) -> str:
    return f"{df.index[0]:%Y-%m-%d} … {df.index[-1]:%Y-%m-%d}"


def stock_cache_path(ticker: str, start, end) -> Path:
    """Where a successful yfinance download is kept: ``<keras home>/datasets/stocks/``."""
    symbol, start_ts, end_ts = _stock_request(ticker, start, end)
    return keras_cache_dir() / "stocks" / f"{symbol}_{start_ts:%Y-%m-%d}_{end_ts:%Y-%m-%d}.csv"


def _stocks_cache(symbol: str, start, end):
    def load():
        path = stock_cache_path(symbol, start, end)
        if not path.exists():
            raise SourceUnavailable(f"{path} not found")
        try:
            df = _tidy_prices(pd.read_csv(path, index_col="Date", parse_dates=True))
        except Exception as err:
            raise _corrupt(path, err) from err
        return df, Provenance(
            f"{symbol} stock prices", "download cache", str(path), True, f"일별(daily) {len(df):,}행 · {_period(df)}"
        )

    return load


def _yahoo_session():
    """The session yfinance should use: ``None`` (its own), or under ``COURSE_MIRROR`` a curl_cffi
    session of the same kind whose every request (cookie, crumb, chart) goes to the mirror, as the
    other loaders' downloads do (see utils/data/chain.py). yfinance's request layer runs unchanged."""
    if not os.environ.get("COURSE_MIRROR", "").strip():
        return None
    from curl_cffi import requests as curl_requests

    class MirroredSession(curl_requests.Session):
        def request(self, method, url, *args, **kwargs):
            return super().request(method, mirrored(url), *args, **kwargs)

    return MirroredSession(impersonate="chrome")  # what yfinance's own new_session() makes


def _stocks_yfinance(symbol: str, start, end):
    def load():
        _require_module("yfinance")
        import yfinance as yf

        call = f"yf.download({symbol!r}, start={start!r}, end={end!r}, auto_adjust=False, multi_level_index=False)"
        answer: dict = {}
        session = _yahoo_session()

        def fetch():
            try:
                answer["df"] = yf.download(
                    symbol, start=start, end=end, progress=False, session=session,
                    auto_adjust=False, multi_level_index=False, timeout=NETWORK_TIMEOUT_S,
                )  # fmt: skip
            except Exception as err:  # yfinance raises many types (rate limits, JSON, sockets)
                answer["error"] = err

        # yfinance's cookie and crumb requests do not take the timeout: against a server that
        # never answers it waits minutes. The chain waits this long, then moves on (the thread
        # ends by itself later).
        limit = NETWORK_TIMEOUT_S * 6
        worker = threading.Thread(target=fetch, name="yfinance", daemon=True)
        worker.start()
        worker.join(limit)
        try:
            if worker.is_alive():
                raise SourceUnavailable(f"yfinance did not answer within {limit:g} s")
            if "error" in answer:
                err = answer["error"]
                raise SourceUnavailable(f"yfinance failed ({type(err).__name__}: {err})") from err
            df = answer.get("df")
            # Offline, or for an unknown ticker, yfinance returns an EMPTY DataFrame instead of raising.
            if df is None or len(df) == 0:
                raise SourceUnavailable("yfinance returned an empty DataFrame (no network, unknown ticker or no trading days)")
            try:
                df = _tidy_prices(df)
            except Exception as err:
                raise SourceUnavailable(f"yfinance returned an unexpected table ({err})") from err
        except SourceUnavailable:
            # yfinance keeps every answer for a past date range in memory (YfData.cache_get), a
            # block page included: without this, running the cell again in the same kernel would
            # get the same bad answer instead of asking Yahoo again.
            with contextlib.suppress(Exception):
                yf.data.YfData.cache_get.cache_clear()
            raise
        path = stock_cache_path(symbol, start, end)
        with contextlib.suppress(OSError):  # a read-only home only costs the next run a download
            path.parent.mkdir(parents=True, exist_ok=True)
            df.to_csv(path)
        return df, Provenance(
            f"{symbol} stock prices", "download (yfinance)", call, True, f"일별(daily) {len(df):,}행 · {_period(df)}"
        )

    return load


def _stocks_vega(symbol: str, start: str, end: str):
    def load():
        _require_module("vega_datasets")
        from vega_datasets import local_data

        table = local_data.stocks()
        rows = table[table["symbol"] == symbol]
        if rows.empty:
            raise SourceUnavailable(f"vega_datasets has no {symbol} (it has {', '.join(VEGA_STOCK_TICKERS)})")
        df = pd.DataFrame(
            {"Close": rows["price"].to_numpy(dtype="float64")},
            index=pd.DatetimeIndex(rows["date"].to_numpy(), name="Date"),
        ).sort_index()
        return df, Provenance(
            f"{symbol} stock prices",
            "vega_datasets (local copy)",
            "vega_datasets.local_data.stocks()",
            True,
            f"월별(monthly) 종가 {len(df)}개 · {_period(df)} · 요청한 일별(daily) {start} … {end} 자료가 아닌, "
            f"빈도와 기간이 다른 실제 주가입니다",
        )

    return load


def _stocks_fixture(symbol: str, start_ts: pd.Timestamp, end_ts: pd.Timestamp):
    def load():
        dates = pd.bdate_range(start_ts, end_ts - pd.Timedelta(days=1), name="Date")
        if len(dates) < 30:
            dates = pd.bdate_range(start_ts, periods=30, name="Date")
        rng = np.random.default_rng(sum(map(ord, symbol)))
        close = 100.0 * np.exp(np.cumsum(rng.normal(0.0004, 0.015, len(dates))))
        df = pd.DataFrame({"Close": close}, index=dates)
        return df, Provenance(
            f"{symbol} stock prices", "generated fixture", "utils.data._stocks_fixture (random walk)", False,
            f"일별(daily) {len(df):,}행 · {_period(df)}",
        )

    return load


def load_stock_prices(
    ticker: str = "AAPL", start="2015-01-01", end="2022-04-21", *, verbose: bool = True
) -> pd.DataFrame:
    """Closing prices of ``ticker`` as a DataFrame indexed by date, with a ``Close`` column
    (and Open/High/Low/Adj Close/Volume when they come from Yahoo Finance).

    Sources: the cache of an earlier download → yfinance (full mode only; an empty answer
    counts as a failure) → the real *monthly* 2000–2010 prices that ``vega_datasets`` ships
    (AAPL, AMZN, GOOG, IBM, MSFT) → a generated random walk. ``df.attrs`` holds
    ``provenance`` and ``frequency`` ("daily" or "monthly").
    """
    symbol, start_ts, end_ts = _stock_request(ticker, start, end)
    start_s, end_s = f"{start_ts:%Y-%m-%d}", f"{end_ts:%Y-%m-%d}"
    df, prov = load_first(
        f"{symbol} stock prices",
        [
            Source("download cache", _stocks_cache(symbol, start_s, end_s)),
            Source("yfinance", _stocks_yfinance(symbol, start_s, end_s), uses_network=True, url=YAHOO_URL),
            Source("vega_datasets", _stocks_vega(symbol, start_s, end_s)),
            Source("generated fixture", _stocks_fixture(symbol, start_ts, end_ts), real=False),
        ],
        verbose=verbose,
    )
    df.attrs["provenance"] = prov
    df.attrs["frequency"] = "monthly" if prov.source.startswith("vega") else "daily"
    return df


