"""Document and fact extraction: feeds, HTML main text, and the spaCy deal extractor."""
