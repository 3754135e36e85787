"""The spaCy pipeline: the pretrained model plus registered, versioned infradeals components.

Components (each a @Language.factory with a `version` in its config, rules read from data files):
- infradeals_lines       a new line starts a sentence (headings, list items, FAQ lines)
- infradeals_quantities  money / power / chip spans from extractors/patterns/{money,power,chips}.jsonl
- infradeals_cues        deal, role, type, status and not-this-deal cue words from extractors/patterns/cues.jsonl
- infradeals_orgs        organisations from the alias registry (extractors/data/aliases.yml), then the NER's ORGs
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import compile_suffix_regex, filter_spans

from extractors.nlp.orgs import AliasRegistry, default_registry
from extractors.nlp.vocab import patterns, units

COMPONENT_VERSION = "1"
QUANTITY_GROUPS: dict[str, str] = {
    "MONEY": "money", "MONEY_VAGUE": "money", "POWER": "power", "POWER_VAGUE": "power",
    "CHIP_TYPE": "chips", "CHIP_NOUN": "chips",
}  # fmt: skip
# "1.2GW" -> "1.2" "GW", "$1.4tn" -> "$" "1.4" "tn": a number glued to a unit or scale is two tokens.
UNIT_SUFFIX = r"(?<=[0-9])(?:[GMk]Wh?|[GMk]We|gw|mw|bn|tn|trn|mn|mln|bln|m|b|k|B|M|K|T)"


def _matcher(nlp: Language, files: Iterable[str]) -> tuple[Matcher, int]:
    matcher = Matcher(nlp.vocab, validate=True)
    n = 0
    for name in files:
        for i, row in enumerate(patterns(name)):
            key = f"{row['label']}|{row.get('id', '')}|{name}:{i}"
            matcher.add(key, [row["pattern"]])
            n += 1
    return matcher, n


def _label(nlp: Language, match_id: int) -> tuple[str, str]:
    label, pid, _ = nlp.vocab.strings[match_id].split("|", 2)
    return label, pid


class LineBoundaries:
    """Every token after a line break starts a sentence; the parser keeps these boundaries."""

    def __init__(self, version: str) -> None:
        self.version = version

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n" in prev.text or "\n" in prev.whitespace_:
                tok.is_sent_start = True
        return doc


class QuantityRuler:
    """Finds money, power and chip spans with Matcher patterns and stores them in doc.spans[group]."""

    def __init__(self, nlp: Language, files: list[str], version: str) -> None:
        self.nlp = nlp
        self.version = version
        self.matcher, self.n_patterns = _matcher(nlp, files)
        self.skip = units().chip_count_skip
        self.count_words = units().chip_count_words

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list[Span]] = {"money": [], "power": [], "chips": []}
        for match_id, start, end in self.matcher(doc):
            label, pid = _label(self.nlp, match_id)
            found[QUANTITY_GROUPS[label]].append(Span(doc, start, end, label=label, kb_id=pid))
        for group, spans in found.items():
            kept = filter_spans(spans)
            if group == "chips":
                money = {i for span in doc.spans["money"] for i in range(span.start, span.end)}
                kept = self._chips(doc, kept, money)
            doc.spans[group] = kept
        return doc

    def _chips(self, doc: Doc, spans: list[Span], money: set[int]) -> list[Span]:
        """Joins a type and the noun after it ('GB200 GPUs'), drops stray nouns, extends left over the count."""
        out: list[Span] = []
        for span in sorted(spans, key=lambda s: s.start):
            if span.kb_id_ == "AFTER_TYPE" and not (out and out[-1].end == span.start):
                continue
            if (
                out
                and out[-1].end == span.start
                and out[-1].label_ == "CHIP_TYPE"
                and span.label_ == "CHIP_NOUN"
            ):
                prev = out.pop()
                out.append(Span(doc, prev.start, span.end, label="CHIP_TYPE", kb_id=prev.kb_id_))
                continue
            out.append(span)
        return [
            Span(doc, self._count_start(doc, s.start, money), s.end, label=s.label_, kb_id=s.kb_id_)
            for s in out
        ]

    def _count_start(self, doc: Doc, start: int, money: set[int]) -> int:
        """Where the count in front of a chip starts; a money figure is never a count ('$17.4 billion GPU deal')."""
        i, best = start - 1, start
        while i >= 0 and start - i <= 7 and i not in money:
            tok = doc[i]
            low = tok.lower_
            joined = best == i + 1 < start  # right before a number already taken
            vague = low in ("several", "many", "few", "some", "tens", "hundreds", "thousands")
            if tok.like_num or low in units().scales or (joined and (vague or low in ("a", "an"))):
                best = i
            elif low not in self.skip and low not in self.count_words:
                break
            i -= 1
        return best


class CueRuler:
    """Cue words (deal nouns, role verbs, deal type, status, not-this-deal) into doc.spans['cues']."""

    def __init__(self, nlp: Language, version: str) -> None:
        self.nlp = nlp
        self.version = version
        self.matcher, self.n_patterns = _matcher(nlp, ["cues"])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            label, _ = _label(self.nlp, match_id)
            spans.append(Span(doc, start, end, label=label))
        doc.spans["cues"] = sorted(set(spans), key=lambda s: (s.start, s.end, s.label_))
        return doc


@Language.factory("infradeals_lines", default_config={"version": COMPONENT_VERSION})
def make_lines(nlp: Language, name: str, version: str) -> LineBoundaries:
    return LineBoundaries(version)


@Language.factory(
    "infradeals_quantities",
    default_config={"version": COMPONENT_VERSION, "files": ["money", "power", "chips"]},
)
def make_quantities(nlp: Language, name: str, version: str, files: list[str]) -> QuantityRuler:
    return QuantityRuler(nlp, files, version)


@Language.factory("infradeals_cues", default_config={"version": COMPONENT_VERSION})
def make_cues(nlp: Language, name: str, version: str) -> CueRuler:
    return CueRuler(nlp, version)


@Language.factory("infradeals_orgs", default_config={"version": COMPONENT_VERSION, "use_ner": True})
def make_orgs(nlp: Language, name: str, version: str, use_ner: bool) -> Any:
    from extractors.nlp.orgspans import OrgRuler

    return OrgRuler(nlp, default_registry(), version, use_ner)


def add_unit_suffix(nlp: Language) -> None:
    suffixes = [*list(nlp.Defaults.suffixes or []), UNIT_SUFFIX]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search  # type: ignore[union-attr]


def add_components(nlp: Language) -> Language:
    """Adds the infradeals components to a loaded pipeline (any English pipeline, or a blank one)."""
    add_unit_suffix(nlp)
    first = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("infradeals_lines", before=first) if first else nlp.add_pipe("infradeals_lines")
    nlp.add_pipe("infradeals_quantities")
    nlp.add_pipe("infradeals_cues")
    nlp.add_pipe("infradeals_orgs")
    return nlp


def build_nlp(model_name: str) -> Language:
    """spacy.load(model_name) plus the infradeals components. No download: the model must be installed."""
    nlp = spacy.load(model_name)
    return add_components(nlp)


def registry_of(nlp: Language) -> AliasRegistry:
    comp: Any = nlp.get_pipe("infradeals_orgs")
    reg: AliasRegistry = comp.registry
    return reg
