"""The Extractor: one loaded pipeline, documents in, DocumentExtraction records out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from core.records import DocumentExtraction, ExtractInput
from extractors.nlp.clauses import build_clauses, mark_foreign
from extractors.nlp.facts import collect
from extractors.nlp.frames import build_frames
from extractors.nlp.mentions import drop_echoes, to_mention
from extractors.nlp.pipeline import build_nlp, registry_of
from extractors.nlp.relevance import relevance
from extractors.nlp.version import EXTRACTOR_VERSION

# Same-length replacements keep every character offset valid against the original text.
_SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\r": " ", "\t": " "})


class Extractor:
    """Loads spaCy once (spacy.load(model_name) plus the infradeals components)."""

    def __init__(self, model_name: str) -> None:
        self.nlp = build_nlp(model_name)
        self.registry = registry_of(self.nlp)
        self.version = EXTRACTOR_VERSION

    def extract(self, doc: ExtractInput) -> DocumentExtraction:
        return next(self.extract_many([doc]))

    def extract_many(
        self, docs: Iterable[ExtractInput], batch_size: int = 32
    ) -> Iterator[DocumentExtraction]:
        pairs = ((d.text.translate(_SPACES), d) for d in docs)
        for sdoc, inp in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self.from_doc(sdoc, inp)

    def from_doc(self, sdoc: Doc, inp: ExtractInput) -> DocumentExtraction:
        sdoc.user_data["original"] = inp.text
        figures, orgs = collect(sdoc, inp.id, inp.published, self.registry, self.version)
        clauses = build_clauses(sdoc, figures, orgs)
        mark_foreign(sdoc, clauses, inp.published)
        frames = build_frames(sdoc, clauses)
        deals = drop_echoes([m for f in frames if (m := to_mention(f, inp.id, inp.published)) is not None])
        cues = Counter(s.label_ for s in sdoc.spans.get("cues", []))
        is_deal, score = relevance(deals, cues, len(figures))
        facts = [f.fact for f in figures] + [r.fact for r in orgs]
        facts.sort(key=lambda f: (f.start, f.kind))
        return DocumentExtraction(
            id=inp.id,
            is_compute_deal=is_deal,
            score=score,
            deals=deals,
            facts=facts,
            extractor_version=self.version,
        )
