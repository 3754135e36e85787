"""One loaded extractor for the whole test package (the real model, as the pipeline runs it)."""

import pytest

from extractors.nlp import Extractor
from infradeals.settings import Settings


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor(Settings().spacy_model)
