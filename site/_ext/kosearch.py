"""Korean search for the course website.

Sphinx has no Korean search language and falls back to English, which indexes whole eojeol:
"과대적합을" and "과대적합이" become terms of their own, and a search for 과대적합 misses the
pages that only use it with a particle attached. Here every Hangul run is indexed together
with its prefixes of two or more syllables (과대, 과대적, 과대적합, 과대적합을), and a query word
loses one trailing particle (과대적합을 → 과대적합) before it is looked up. Since the query
word only ever shrinks to one of its prefixes, which the index holds, no page that has the
word is missed. Latin words stay whole and are lower-cased; "Dropout을" splits into
"dropout" and its particle, which is dropped.
"""

from __future__ import annotations

import re

from sphinx.search import SearchLanguage

HANGUL = "\uac00-\ud7a3"
# Longest first: the JavaScript below strips the first one that leaves two or more syllables.
PARTICLES = (
    "에서는", "에서도", "으로는", "으로도", "이라는", "에게서", "입니다", "합니다",
    "까지", "부터", "에서", "으로", "에게", "처럼", "보다", "마다", "라는", "이나", "이며", "이고", "이다", "하는", "하고",
    "와", "과", "을", "를", "이", "가", "은", "는", "의", "에", "로", "도", "만",
)  # fmt: skip
_RUNS = re.compile(rf"[{HANGUL}]+|[^{HANGUL}\W]+")
_WORDS = re.compile(r"\w+")


def hangul_runs(text: str) -> list[tuple[str, bool]]:
    """('과대적합을', True), ('dropout', False) … for each run of one script inside each word."""
    runs = []
    for word in _WORDS.findall(text):
        parts = _RUNS.findall(word)
        for part in parts:
            is_hangul = part[0] >= "\uac00" and part[0] <= "\ud7a3"
            if is_hangul and len(parts) > 1 and part in PARTICLES:
                continue  # "Dropout을" → only "dropout"
            runs.append((part, is_hangul))
    return runs


class SearchKorean(SearchLanguage):
    lang = "ko"
    language_name = "Korean"

    js_splitter_code = (
        "function splitQuery(query) {\n"
        f"  const particles = new Set({list(PARTICLES)!r});\n"
        "  const terms = [];\n"
        "  for (const word of query.split(/[^\\p{Letter}\\p{Number}_]+/u)) {\n"
        f"    const parts = word.match(/[{HANGUL}]+|(?:(?![{HANGUL}])[\\p{{Letter}}\\p{{Number}}_])+/gu) || [];\n"
        "    for (const part of parts) {\n"
        f"      if (parts.length > 1 && /^[{HANGUL}]/.test(part) && particles.has(part)) continue;\n"
        "      terms.push(part);\n"
        "    }\n"
        "  }\n"
        "  return terms.filter((term) => term);\n"
        "}\n"
    )
    js_stemmer_code = (
        "var Stemmer = function () {\n"
        f"  const particles = {list(PARTICLES)!r};\n"
        "  this.stemWord = function (w) {\n"
        f"    if (!/[{HANGUL}]$/.test(w)) return w;\n"
        "    for (const p of particles) {\n"
        "      if (w.endsWith(p) && w.length - p.length >= 2) return w.slice(0, w.length - p.length);\n"
        "    }\n"
        "    return w;\n"
        "  };\n"
        "};\n"
    )

    def split(self, input: str) -> list[str]:
        words = []
        for run, is_hangul in hangul_runs(input):
            words.append(run)
            if is_hangul:
                words.extend(run[:end] for end in range(2, len(run)))
                # a one-syllable noun with its particle (층에서 → 층) is found by itself too
                words.extend(run[: -len(p)] for p in PARTICLES if run.endswith(p) and len(run) - len(p) == 1)
        return words

    def stem(self, word: str) -> str:
        return word.lower()


def setup(app):
    app.add_search_language(SearchKorean)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
