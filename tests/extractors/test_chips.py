import pytest

from extractors.nlp.chips import canonical_type, parse_chips, parse_count


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("H100s", "H100"),
        ("GB200", "GB200"),
        ("Instinct MI450", "MI450"),
        ("MI 355X", "MI355X"),
        ("Trainium2", "Trainium2"),
        ("Trainium 2", "Trainium2"),
        ("CS-3", "CS-3"),
    ],
)
def test_chip_types_are_canonical(surface: str, canonical: str) -> None:
    assert canonical_type(surface) == canonical


def test_pattern_id_wins_over_the_surface() -> None:
    assert canonical_type("TPUs", "TPU") == "TPU"
    assert canonical_type("Ironwood", "TPU") == "TPU"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("100,000", 100_000),
        ("a million", 1_000_000),
        ("400,000", 400_000),
        ("1.5 million", 1_500_000),
        ("18,000", 18_000),
        ("", None),
        ("hundreds of thousands of", None),
        ("tens of thousands of", None),
    ],
)
def test_counts(text: str, count: int | None) -> None:
    assert parse_count(text) == count


def test_figure_keeps_count_type_and_qualifier() -> None:
    c = parse_chips("200,000", "GB300", before="approximately ")
    assert (c.count, c.type, c.qualifier) == (200_000, "GB300", "about")


@pytest.mark.parametrize("text", ["-1", "−100,000", "minus 5,000", "1" * 400, "9" * 305 + " million"])
def test_negative_or_overflowing_counts_are_refused(text: str) -> None:
    assert parse_count(text) is None
