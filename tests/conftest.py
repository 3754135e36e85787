"""Shared fixtures: one loaded extractor for the whole suite (the real model, as the pipeline runs it)."""

import pytest

from core.settings import Settings
from extractors.nlp import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor(Settings().spacy_model)
