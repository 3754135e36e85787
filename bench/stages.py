"""Parse, NLP and end-to-end throughput: the obvious pipeline and ours, side by side on the same pages.

The obvious pipeline is what a first version would do: BeautifulSoup (lxml) `get_text()` on the whole page, then
the full `en_core_web_sm` pipeline on all of that text. Ours is `parsers.html.parse_html` then the deal
extractor on the main text. Everything runs in this one process, so docs/s is per core.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from bs4 import BeautifulSoup

from core.records import ExtractInput

_MONEY = re.compile(r"\$\s?\d")


@dataclass
class StageFigures:
    docs: int
    obvious_s: float
    ours_s: float

    @property
    def obvious_docs_per_s(self) -> float:
        return self.docs / self.obvious_s

    @property
    def ours_docs_per_s(self) -> float:
        return self.docs / self.ours_s

    @property
    def ratio(self) -> float:
        return self.obvious_s / self.ours_s


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def obvious_text(page: bytes) -> str:
    return BeautifulSoup(page, "lxml").get_text()


def bench_parse(pages: list[bytes]) -> tuple[StageFigures, list[str]]:
    """HTML to text: BeautifulSoup get_text against our parser; returns our texts for the next stage."""
    from parsers.html import parse_html

    texts: list[str] = []
    obvious = _timed(lambda: [obvious_text(p) for p in pages])
    ours = _timed(lambda: texts.extend(parse_html(p, None, "text/html").text for p in pages))
    return StageFigures(len(pages), obvious, ours), texts


def bench_end_to_end(pages: list[bytes], model: str) -> tuple[StageFigures, dict[str, float]]:
    """Parse + NLP per page: the obvious pipeline (get_text + full spaCy) against ours (parse + extractor).

    Also returns NLP words/s of each on its own texts and how many money figures each pipeline saw."""
    import spacy

    from extractors.nlp import Extractor
    from parsers.html import parse_html

    nlp = spacy.load(model)
    extractor = Extractor(model)
    obvious_money = ours_money = 0
    start = time.perf_counter()
    obvious_texts = [obvious_text(p) for p in pages]
    mid = time.perf_counter()
    for doc in nlp.pipe(obvious_texts, batch_size=16):
        obvious_money += sum(1 for e in doc.ents if e.label_ == "MONEY" and _MONEY.search(e.text))
    obvious_s, obvious_nlp_s = time.perf_counter() - start, time.perf_counter() - mid
    start = time.perf_counter()
    texts = [parse_html(p, None, "text/html").text for p in pages]
    mid = time.perf_counter()
    inputs = (ExtractInput(id=f"p{i}", text=t) for i, t in enumerate(texts))
    for x in extractor.extract_many(inputs):
        ours_money += sum(1 for f in x.facts if f.kind == "money")
    ours_s, ours_nlp_s = time.perf_counter() - start, time.perf_counter() - mid
    extra = {
        "obvious_nlp_words_per_s": sum(len(t.split()) for t in obvious_texts) / obvious_nlp_s,
        "nlp_words_per_s": sum(len(t.split()) for t in texts) / ours_nlp_s,
        "obvious_money_figures": float(obvious_money),
        "ours_money_facts": float(ours_money),
    }
    return StageFigures(len(pages), obvious_s, ours_s), extra
