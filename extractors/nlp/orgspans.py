"""The organisation component: registry aliases and descriptors first, then the NER's ORG entities."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.nlp.lexicon import lexicon
from extractors.nlp.orgs import AliasRegistry

_PLACE_NOUNS = lexicon().orgspans.place_nouns
_PRODUCT_NOUNS = lexicon().orgspans.product_nouns
_NOT_COMPANY_HEADS = _PLACE_NOUNS | lexicon().orgspans.not_company_heads
_SENT_END = re.compile(r"[.!?:;\"”’)]\s*$")


class OrgRuler:
    """doc.spans['orgs']: label ORG (registry, kb_id = canonical name) or ORG_NEW (unknown, kb_id = cleaned name)."""

    def __init__(self, nlp: Language, registry: AliasRegistry, version: str, use_ner: bool) -> None:
        self.registry = registry
        self.version = version
        self.use_ner = use_ner
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for alias, name in registry.aliases.items():
            self.exact.add(f"ORG|{name}", [nlp.make_doc(alias)])
        for phrase, name in registry.descriptors.items():
            self.folded.add(f"ORG|{name}", [nlp.make_doc(phrase)])
        for phrase, kind in registry.kind_descriptors.items():
            self.folded.add(f"REF|{kind}", [nlp.make_doc(phrase)])
        for product in registry.products:
            self.exact.add("PRODUCT|", [nlp.make_doc(product)])
        self.n_patterns = (
            len(registry.aliases)
            + len(registry.descriptors)
            + len(registry.kind_descriptors)
            + len(registry.products)
        )

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                label, key = doc.vocab.strings[match_id].split("|", 1)
                spans.append(Span(doc, start, end, label=label, kb_id=key))
        kept = [s for s in filter_spans(spans) if s.label_ != "PRODUCT"]
        kept = self._resolve_refs(kept)
        kept = filter_spans(kept + defined_terms(doc, kept))
        kept = filter_spans(kept + self._short_names(doc, kept))
        if self.use_ner:
            kept += self._ner_orgs(doc, kept)
        doc.spans["orgs"] = sorted(kept, key=lambda s: s.start)
        return doc

    def _short_names(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Once 'Galaxy Digital' or 'Cipher Mining' is named, 'Galaxy' and 'Cipher' name it too (in this doc)."""
        short: dict[str, str] = {}
        for span in found:
            if span.label_ == "ORG" and len(span) > 1 and span.text == span.text.strip():
                first = span[0].text
                if len(first) >= 4 and first[0].isupper() and first.lower() not in self.registry.not_short:
                    short.setdefault(first, span.kb_id_)
        taken = {i for s in found for i in range(s.start, s.end)}
        return [
            Span(doc, t.i, t.i + 1, label="ORG", kb_id=short[t.text])
            for t in doc
            if t.text in short and t.i not in taken and not (t.i + 1 < len(doc) and doc[t.i + 1].is_title)
        ]

    def _resolve_refs(self, spans: list[Span]) -> list[Span]:
        """'the chipmaker' -> the nearest earlier registry organisation of that kind, or dropped."""
        out: list[Span] = []
        for span in sorted(spans, key=lambda s: s.start):
            if span.label_ != "REF":
                out.append(span)
                continue
            for prev in reversed(out):
                org = self.registry.by_name(prev.kb_id_)
                if org is not None and span.kb_id_ in org.kinds[:1]:
                    out.append(Span(span.doc, span.start, span.end, label="ORG", kb_id=org.name))
                    break
        return out

    def _ner_orgs(self, doc: Doc, known: list[Span]) -> list[Span]:
        taken = {i for s in known for i in range(s.start, s.end)}
        terms = {m.group(1) for m in _ANY_DEFINED.finditer(doc.text)}  # '(the "Order Form")' names a document
        quantities = {
            i
            for key in ("money", "power", "chips")
            for s in doc.spans.get(key, [])
            for i in range(s.start, s.end)
        }
        out: list[Span] = []
        for ent in doc.ents:
            if (
                ent.label_ != "ORG"
                or taken & set(range(ent.start, ent.end))
                or quantities & set(range(ent.start, ent.end))
            ):
                continue
            org = self.registry.resolve(ent.text)
            if org is not None:
                out.append(Span(doc, ent.start, ent.end, label="ORG", kb_id=org.name))
                continue
            if (
                in_heading(ent)
                or in_dateline(ent)
                or (len(ent) == 1 and ent.text.isupper())
                or ent.text in terms
            ):
                continue
            place = ent.end < len(doc) and doc[ent.end].lower_ in _PLACE_NOUNS | _PRODUCT_NOUNS
            if place or ent[-1].lower_ in _NOT_COMPANY_HEADS:
                continue  # 'its Barber Lake site', 'the Crane Clean Energy Center', 'the ... Commission'
            new = self.registry.unknown(ent.text)
            if new is not None:
                out.append(Span(doc, ent.start, ent.end, label="ORG_NEW", kb_id=new.name))
        return out


def line_of(span: Span) -> str:
    text = span.doc.text
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    return text[start : end if end >= 0 else len(text)].strip()


def in_heading(span: Span) -> bool:
    """A short line without closing punctuation: a title or section heading ('Compute', 'Why AI Matters')."""
    line = line_of(span)
    return bool(line) and len(line.split()) <= 14 and not _SENT_END.search(line)


def in_dateline(span: Span) -> bool:
    """'SEATTLE (Ledger Wire) --', 'SANTA CLARA, Calif., Oct. 6, 2025 /Meridian Wire/ --': the place, not an org."""
    text = span.doc.text
    line_start = text.rfind("\n", 0, span.start_char) + 1
    head = text[line_start : line_start + 160]
    cut = min((i for i in (head.find(" -- "), head.find(" — "), head.find("/ --")) if i >= 0), default=-1)
    return cut >= 0 and span.start_char < line_start + cut


_ANY_DEFINED = re.compile(r'\(\s*(?:the\s+)?["“]([^"”]{2,40})["”]\s*\)')
_DEFINED = re.compile(r'^\(\s*(?:the\s+)?["“]([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)?)["”]\s*\)')


def defined_terms(doc: Doc, orgs: list[Span]) -> list[Span]:
    """Filings define short names: 'CoreWeave, Inc. (the "Company")'. Later uses of the term name that org."""
    terms: dict[str, str] = {}
    for span in orgs:
        tail = doc.text[span.end_char : span.end_char + 60]
        tail = re.sub(r"(?i)^,?\s*(?:Inc|Corp|Corporation|Ltd|LLC|plc|N\.V)\.?", "", tail).lstrip()
        if m := _DEFINED.match(tail):
            terms[m.group(1)] = span.kb_id_
    out: list[Span] = []
    for term, name in terms.items():
        for m in re.finditer(rf"(?<![\w\"“]){re.escape(term)}(?![\w\"”])", doc.text):
            found = doc.char_span(m.start(), m.end(), label="ORG", kb_id=name)
            if found is not None:
                out.append(found)
    return out
