"""The spaCy deal extractor: registered components, rules as data, deal frames. See extractors/nlp/pipeline.py."""

from extractors.nlp.extractor import Extractor
from extractors.nlp.version import EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_VERSION", "Extractor"]
