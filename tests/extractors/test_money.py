from datetime import date

import pytest

from extractors.nlp.fx import FxTable, default_fx
from extractors.nlp.money import parse_money, term_years

ON = date(2025, 10, 6)


@pytest.mark.parametrize(
    ("surface", "usd"),
    [
        ("$10 billion", 10e9),
        ("$1.4tn", 1.4e12),
        ("US$500m", 500e6),
        ("10 billion dollars", 10e9),
        ("$38bn", 38e9),
        ("$350 million", 350e6),
        ("$1,500 million", 1.5e9),
        ("a billion dollars", 1e9),
    ],
)
def test_plain_amounts_in_usd(surface: str, usd: float) -> None:
    m = parse_money(surface, on=ON)
    assert m is not None
    assert m.usd == pytest.approx(usd)
    assert m.currency == "USD"
    assert not m.vague


def test_euro_converted_at_the_dated_rate_and_original_kept() -> None:
    fx = FxTable({"EUR": [(date(2025, 2, 1), 1.04), (date(2025, 3, 1), 1.08)]})
    feb = parse_money("€5 billion", on=date(2025, 2, 11), fx=fx)
    mar = parse_money("€5 billion", on=date(2025, 3, 2), fx=fx)
    assert feb is not None and mar is not None
    assert feb.usd == pytest.approx(5.2e9)
    assert mar.usd == pytest.approx(5.4e9)
    assert feb.currency == "EUR" and feb.original == pytest.approx(5e9)


def test_pound_and_canadian_dollar_from_the_bundled_table() -> None:
    gbp = parse_money("£10 billion", on=date(2024, 9, 16))
    cad = parse_money("10 billion Canadian dollars", on=ON)
    assert gbp is not None and gbp.currency == "GBP"
    assert gbp.usd == pytest.approx(10e9 * default_fx().rate("GBP", date(2024, 9, 16)))  # type: ignore[operator]
    assert cad is not None and cad.currency == "CAD"


def test_range_keeps_both_ends_with_a_shared_scale() -> None:
    m = parse_money("$10-12 billion", on=ON)
    assert m is not None
    assert (m.usd, m.usd_high) == (pytest.approx(10e9), pytest.approx(12e9))
    wide = parse_money("between €30 billion and €50 billion", on=date(2025, 2, 10))
    assert (
        wide is not None
        and wide.original == pytest.approx(30e9)
        and wide.original_high == pytest.approx(50e9)
    )


@pytest.mark.parametrize(
    ("before", "qualifier"),
    [
        ("a contract worth over ", "over"),
        ("worth more than ", "over"),
        ("it could pay up to ", "up_to"),
        ("valued at about ", "about"),
        ("a commitment of at least ", "at_least"),
        ("nearly ", "about"),
        ("rising to as much as ", "up_to"),
        ("a deal worth ", None),
    ],
)
def test_qualifier_read_from_the_words_before(before: str, qualifier: str | None) -> None:
    m = parse_money("$10 billion", before=before, on=ON)
    assert m is not None and m.qualifier == qualifier


def test_multi_billion_is_vague_money_without_a_value() -> None:
    for surface in ("multi-billion", "multibillion", "tens of billions of dollars"):
        m = parse_money(surface, on=ON)
        assert m is not None and m.vague and m.usd is None


def test_per_year_amount_with_a_term_gives_the_total() -> None:
    m = parse_money("$3 billion", after=" a year for five years", on=ON)
    assert m is not None
    assert m.per_year and m.term_years == 5
    assert m.total_usd == pytest.approx(15e9)
    only_rate = parse_money("$3 billion", after=" annually", on=ON)
    assert only_rate is not None and only_rate.per_year and only_rate.total_usd == pytest.approx(3e9)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("over five years", 5),
        ("a five-year contract", 5),
        ("for the next decade", 10),
        ("in the past two years", None),
    ],
)
def test_contract_terms(text: str, years: float | None) -> None:
    assert term_years(text) == years


def test_unknown_currency_rate_gives_no_value() -> None:
    assert parse_money("€5 billion", on=ON, fx=FxTable({})) is None


@pytest.mark.parametrize(
    ("surface", "before"),
    [
        ("$-5 billion", ""),
        ("-$5 billion", ""),
        ("US$-500m", ""),
        ("−€5bn", ""),
        ("minus $5 billion", ""),
        ("negative five billion dollars", ""),
        ("$5 billion", "cash flow of minus "),
        ("$5 billion", "a swing to negative "),
    ],
)
def test_a_negative_amount_keeps_its_sign(surface: str, before: str) -> None:
    """'$-5 billion' is -5e9, never +5e9: the sign survives, and the warehouse quarantines the figure."""
    m = parse_money(surface, before, on=ON)
    assert m is not None and m.usd is not None and m.usd < 0 and m.original < 0


def test_a_hyphen_after_the_number_is_still_a_range() -> None:
    m = parse_money("$10-12 billion", before="a deal worth ", on=ON)
    assert m is not None and (m.usd, m.usd_high) == (pytest.approx(10e9), pytest.approx(12e9))


@pytest.mark.parametrize("surface", ["$" + "9" * 400, "$" + "9" * 300 + " trillion", "£17" + "0" * 307])
def test_a_number_too_large_for_a_float_gives_no_value(surface: str) -> None:
    assert parse_money(surface, on=ON) is None
