"""One vocabulary: the notebooks' markdown uses the course term of GLOSSARY.md, not a variant.

A variant may appear only in parentheses right after the course term (or a phrase of at most two
words that starts with it, "원-핫 인코딩(one-hot encoding)"): a Korean variant (the lecture's word)
once per notebook, e.g. "과대적합(과적합)"; an English one as a gloss, e.g. "학습률(learning rate)". Code, math, link targets, HTML tags and text quoted verbatim in
double quotes (the lecture's own words) are not checked.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "GLOSSARY.md"
# The notebooks this test covers; add the numbers of later notebooks once their markdown follows the glossary.
COVERED = range(0, 32)


def glossary_rows():
    """(course term, [variants]) for each row of the glossary table."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 4 or cells[0] in ("한국어 용어", "---"):
            continue
        term = cells[0].split(",")[0].strip()
        variants = [] if cells[3] in ("—", "-", "") else [v.strip() for v in cells[3].split(",") if v.strip()]
        rows.append((term, variants))
    return rows


def prose(markdown):
    """The markdown without code, math, link targets, HTML tags and verbatim quotes."""
    for pattern in (
        r"```.*?```",
        r"`[^`\n]*`",
        r"\$\$.*?\$\$",
        r"\$[^$\n]*\$",
        r"\]\([^)\s]*\)",
        r"<[^>\n]*>",
        r"\"[^\"\n]*\"",
        r"“[^”\n]*”",
    ):
        markdown = re.sub(pattern, " ", markdown, flags=re.S)
    return markdown


def is_english(variant):
    return variant.isascii()


def variant_pattern(variant):
    if is_english(variant):
        return re.compile(rf"(?<![A-Za-z]){re.escape(variant)}(?![A-Za-z])", re.I)
    return re.compile(re.escape(variant))


def after_term(text, start, term):
    """Is position ``start`` inside the parentheses that directly follow ``term``, or a phrase of at
    most two words that starts with it ("원-핫 인코딩(one-hot encoding)", "탐욕적 디코딩(greedy)")?"""
    opening = text.rfind("(", 0, start)
    if opening < 0 or ")" in text[opening:start] or "\n" in text[opening:start]:
        return False
    before = text[:opening].rstrip("*")
    return bool(re.search(rf"(?<![가-힣A-Za-z]){re.escape(term)}[^\s()]*(?:[ ]+[^\s()*]+)?$", before))


def inside_term(text, start, end, term):
    """Is the match [start, end) part of an occurrence of the course term itself?"""
    for m in re.finditer(re.escape(term), text):
        if m.start() <= start and end <= m.end():
            return True
    return False


def misuses(markdown, rows):
    """Messages for every variant in ``markdown`` (a whole notebook's markdown) outside the allowed gloss."""
    text = prose(markdown)
    found = []
    for term, variants in rows:
        for variant in variants:
            glossed = 0
            for m in variant_pattern(variant).finditer(text):
                if inside_term(text, m.start(), m.end(), term):
                    continue
                context = text[max(0, m.start() - 20) : m.end() + 20].replace("\n", " ")
                if after_term(text, m.start(), term):
                    glossed += 1
                    if is_english(variant) or glossed == 1:
                        continue
                    found.append(f"'{variant}' glossed after '{term}' more than once: …{context}…")
                    continue
                found.append(f"'{variant}' → use '{term}' (or '{term}({variant})' once): …{context}…")
    return found


def test_glossary_table_is_well_formed():
    rows = glossary_rows()
    assert len(rows) >= 20, "GLOSSARY.md lost its table"
    terms = [t for t, _ in rows]
    assert len(terms) == len(set(terms)), "a course term appears twice"
    for term, variants in rows:
        assert term not in variants, f"{term} is both the course term and a variant"


def test_misuses_finds_variants_and_allows_one_gloss():
    rows = [("과대적합", ["과적합"]), ("에지", ["edge"]), ("학습률", ["learning rate"])]
    assert misuses("과대적합(과적합)이 무엇인가. 과대적합을 줄인다.", rows) == []
    assert len(misuses("과적합을 줄인다.", rows)) == 1
    assert len(misuses("과대적합(과적합) … 과대적합(과적합)", rows)) == 1
    assert misuses('강의는 "과적합 방지"라고 씁니다. `edge = 1`', rows) == []
    assert len(misuses("수직 edge 필터", rows)) == 1
    assert misuses("에지(edge), 적응적 학습률(adaptive learning rate), 학습률(learning rate)", rows) == []
    assert len(misuses("작은 learning rate로", rows)) == 1
    assert misuses("knowledge, edged", rows) == []
    # a gloss may follow a phrase of up to two words that starts with the course term
    rows = [("원-핫", ["one-hot"]), ("탐욕", ["greedy"])]
    assert misuses("원-핫 인코딩(one-hot encoding), 탐욕적 디코딩(greedy decoding), 원-핫(one-hot)", rows) == []
    assert len(misuses("원-핫 인코딩을 쓰는 이유(one-hot)", rows)) == 1  # three words away: not a gloss
    assert len(misuses("무탐욕(greedy)", rows)) == 1  # the term must start a word


NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb") if int(p.name[:2]) in COVERED)


# Wording that predates the rows issue 22 added (원-핫, 스트라이드, 배치 정규화, 테스트 정확도, 기준 모델,
# 어휘, 탐욕): notebook number → the variants still waiting for its owner to reword them. Remove an
# entry once the notebook is reworded; test_pending_rewording_is_still_needed fails until you do.
PENDING = {}


def notebook_misuses(path):
    notebook = nbformat.read(path, as_version=4)
    markdown = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    return misuses(markdown, glossary_rows())


def variant_of(problem):
    return problem.split("'")[1]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_markdown_follows_the_glossary(path):
    pending = PENDING.get(path.name[:2], set())
    problems = [p for p in notebook_misuses(path) if variant_of(p) not in pending]
    assert not problems, f"{path.name} uses words GLOSSARY.md asks to avoid:\n" + "\n".join(problems)


@pytest.mark.parametrize("number", sorted(PENDING))
def test_pending_rewording_is_still_needed(number):
    (path,) = [p for p in NOTEBOOKS if p.name.startswith(number)]
    still = {variant_of(p) for p in notebook_misuses(path)}
    done = PENDING[number] - still
    assert not done, f"{path.name} no longer uses {sorted(done)}: remove them from PENDING in {Path(__file__).name}"


def test_the_rows_issue_22_asked_for_are_in_the_glossary():
    rows = dict(glossary_rows())
    wanted = {"원-핫": "one-hot", "스트라이드": "stride", "탐욕": "greedy", "어휘": "vocabulary",
              "배치 정규화": "BatchNorm", "교사 강요": "teacher forcing", "퍼플렉서티": "perplexity",
              "테스트 정확도": "시험 정확도", "기준 모델": "단순 기준선"}  # fmt: skip
    for term, variant in wanted.items():
        assert variant in rows.get(term, []), f"GLOSSARY.md: '{term}' should list '{variant}' to avoid"
    assert "기준선" in rows  # the results floor; the naive baseline is 기준 모델 (AUDIT_00_20_RECHECK N8)
