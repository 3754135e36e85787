"""Properties of the figure normalisers (money, power, chips, numbers, dates): on any text they return a value in
bounds or nothing, never raise, and never turn a negative figure positive."""

from __future__ import annotations

import math
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.nlp.chips import canonical_type, parse_chips, parse_count
from extractors.nlp.money import parse_money, term_years
from extractors.nlp.numbers import parse_quantity, qualifier_before, scan
from extractors.nlp.power import parse_power
from parsers.pubdates import find_text_date, parse_date
from tests.properties.strategies import carries_minus, figure_text, signed_figure, signed_money

SETTINGS = settings(max_examples=200, deadline=None)
ON = date(2025, 10, 6)
context = st.one_of(figure_text(max_parts=5), st.text(max_size=120))


def _finite_or_none(*values: float | None) -> None:
    for v in values:
        assert v is None or math.isfinite(v), values


@SETTINGS
@given(figure_text())
def test_quantities_are_finite_and_ordered(text: str) -> None:
    for value, scale in scan(text):
        assert value >= 0 and scale >= 1  # raw pairs: parse_quantity refuses those whose product overflows
    q = parse_quantity(text)
    if q is not None:
        _finite_or_none(q.low, q.high)
        assert q.high is None or q.high >= q.low


@SETTINGS
@given(figure_text(), context, context, st.sampled_from([None, ON, date(1999, 1, 1)]))
def test_money_is_finite_and_never_negative_without_a_minus(
    surface: str, before: str, after: str, on: date | None
) -> None:
    m = parse_money(surface, before, after, on=on)
    if m is None:
        return
    _finite_or_none(m.usd, m.usd_high, m.original, m.original_high, m.term_years, m.total_usd)
    if not carries_minus(surface, before):
        assert m.usd is None or m.usd >= 0
        assert m.usd_high is None or m.usd_high >= 0
    if m.usd is not None and m.usd_high is not None:
        assert m.usd_high >= m.usd
    assert m.term_years is None or m.term_years > 0
    assert m.vague == (m.usd is None)


@SETTINGS
@given(signed_money(), context)
def test_a_minus_sign_never_yields_a_positive_amount(surface_before: tuple[str, str], after: str) -> None:
    surface, before = surface_before
    m = parse_money(surface, before, after, on=ON)
    assert m is None or m.usd is None or m.usd <= 0, (surface, before, m)
    assert m is None or m.usd_high is None or m.usd_high <= 0, (surface, before, m)


@SETTINGS
@given(figure_text(), context, context)
def test_power_is_finite_and_non_negative(surface: str, before: str, after: str) -> None:
    p = parse_power(surface, before, after)
    if p is None:
        return
    _finite_or_none(p.mw, p.mw_high)
    assert p.mw is None or p.mw >= 0
    assert p.mw_high is None or (p.mw is not None and p.mw_high >= p.mw)
    assert p.basis in (None, "it", "facility")


@SETTINGS
@given(signed_figure(("MW", "GW", "megawatts", "gigawatts", "kW")), context, context)
def test_negative_power_is_not_read_as_positive(surface: str, before: str, after: str) -> None:
    p = parse_power(surface, before, after)
    assert p is None or p.mw is None or p.mw <= 0, (surface, p)


@SETTINGS
@given(figure_text(), st.one_of(st.none(), figure_text(max_parts=3)), context)
def test_chip_counts_are_non_negative_ints(count_text: str, type_surface: str | None, before: str) -> None:
    chip_type = canonical_type(type_surface) if type_surface is not None else None
    c = parse_chips(count_text, chip_type, before)
    assert c.count is None or (isinstance(c.count, int) and c.count >= 0)
    assert c.type is None or isinstance(c.type, str)


@SETTINGS
@given(signed_figure(("", " H100s", " GPUs", " chips", " TPUs")))
def test_negative_chip_counts_are_not_read_as_positive(text: str) -> None:
    count = parse_count(text)
    assert count is None or count <= 0, (text, count)


@SETTINGS
@given(context)
def test_term_and_qualifier_never_raise(text: str) -> None:
    years = term_years(text)
    assert years is None or (math.isfinite(years) and years > 0)
    assert qualifier_before(text) in (None, "over", "at_least", "up_to", "about")


_dates = st.one_of(
    st.text(max_size=60),
    figure_text(max_parts=5),
    st.builds(
        "{:04d}-{:02d}-{:02d}{}".format,
        st.integers(0, 9999),
        st.integers(0, 99),
        st.integers(0, 99),
        st.sampled_from(["", "T10:00:00Z", " 10:00", "x"]),
    ),
    st.builds(
        "{}, {:02d} {} {} {:02d}:{:02d}:{:02d} {}".format,
        st.sampled_from(["Mon", "Tue", "Xyz", ""]),
        st.integers(0, 99),
        st.sampled_from(["Jan", "Feb", "Oct", "Foo"]),
        st.integers(0, 99999).map(str),
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 99),
        st.sampled_from(["+0000", "GMT", "-9999", "+2400", "EST", "", "+99999999"]),
    ),
    st.builds(
        "{} {}. {}, {} -- {}".format,
        st.text(max_size=10),
        st.sampled_from(["Oct", "October", "Sept", "feb", "May"]),
        st.integers(0, 99),
        st.integers(0, 99999),
        st.text(max_size=10),
    ),
    st.builds(
        "{} {} {}".format,
        st.integers(0, 99),
        st.sampled_from(["October", "Dec.", "jun"]),
        st.integers(0, 99999),
    ),
)


@SETTINGS
@given(_dates)
def test_dates_are_real_dates_in_range(text: str) -> None:
    for found in (parse_date(text), find_text_date(text)):
        assert found is None or (isinstance(found, date) and 1900 <= found.year <= 2200), (text, found)
