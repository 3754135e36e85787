"""Hypothesis strategies shared by the property tests: arbitrary text mixed with the fragments the press writes."""

from __future__ import annotations

import re

from hypothesis import strategies as st

# What a figure's surface is made of, plus the inputs that break naive parsers.
FRAGMENTS = (
    "$", "US$", "€", "£", "¥", "C$", "Rs.", "USD", "dollars", "euros",
    "-", "−", "–", "~", "minus", "negative", "+", "(", ")", ".", ",", "/",
    "billion", "bn", "b", "million", "m", "mn", "tn", "trillion", "thousand", "k", "crore", "lakh",
    "MW", "GW", "kW", "megawatts", "gigawatts", "gigawatt", "GWh", "MWe", "6-gigawatt",
    "H100", "H100s", "GB200", "GPUs", "TPUs", "chips", "Instinct MI450", "Trainium 2",
    "a", "an", "one", "half", "hundred", "dozen", "ten", "to", "and", "or", "between",
    "up to", "more than", "about", "a year", "per annum", "over five years", "a decade", "multi-year",
    "1e400", "1e-400", "NaN", "nan", "inf", "Infinity", "-inf", "1" * 400, "9" * 320, "0", "00", "0.0",
    "1,000,000", "1,00", ",000", "1.5.3", ".5", "5.", "١٢٣", "²", "½", "\u200b", "\u00a0", "\U0001f4b0",
)  # fmt: skip

_numbers = st.one_of(
    st.integers(min_value=0, max_value=10**40).map(lambda n: f"{n:,}"),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.text(alphabet="0123456789,.", min_size=1, max_size=40),
)

fragment = st.one_of(st.sampled_from(FRAGMENTS), _numbers, st.text(max_size=8))


@st.composite
def figure_text(draw: st.DrawFn, max_parts: int = 8) -> str:
    """A few fragments joined by spaces, nothing or hyphens: '$ 1,000.5 bn', 'minus$9e400GW', 'H100s-½'."""
    parts = draw(st.lists(fragment, max_size=max_parts))
    joiner = draw(st.sampled_from([" ", "", "-", "\u00a0", " \n "]))
    return joiner.join(parts)


# A minus sign on a figure: hyphen-minus, U+2212 or the words.
SIGNS = ("-", "−", "minus ", "negative ", "Minus ")
_SIGN_RE = re.compile(r"[-−]|\bminus\b|\bnegative\b", re.IGNORECASE)


def carries_minus(*texts: str) -> bool:
    return any(_SIGN_RE.search(t) for t in texts)


@st.composite
def signed_money(draw: st.DrawFn) -> tuple[str, str]:
    """(surface, before) of a negative amount: '$-5 billion', '-$5bn', 'minus US$5 billion', '$5bn' after 'minus'."""
    sign = draw(st.sampled_from(SIGNS))
    cur = draw(st.sampled_from(["$", "US$", "€", "£", "C$", ""]))
    num = draw(
        st.one_of(
            st.integers(min_value=1, max_value=10**6).map(lambda n: f"{n:,}"),
            st.floats(min_value=0.01, max_value=1e6, allow_nan=False).map(lambda f: f"{f:.2f}"),
            st.sampled_from(["one", "five", "a", "half a"]),
        )
    )
    space = draw(st.sampled_from(["", " "]))
    scale = draw(st.sampled_from(["billion", "bn", "million", "m", "tn", "trillion", " dollars", ""]))
    tail = f"{space}{scale}" if scale else ""
    where = draw(st.sampled_from(["sign-first", "sign-after-currency", "before"]))
    if where == "sign-first":
        return f"{sign}{cur}{num}{tail}", draw(st.sampled_from(["", "a loss of ", "Revenue fell "]))
    if where == "sign-after-currency":
        return f"{cur}{sign}{num}{tail}", ""
    # a bare hyphen before the surface is a range ('$10-$12 billion'), not a sign: only the unambiguous ones
    word = draw(st.sampled_from(["minus ", "negative ", "−", "Minus "]))
    return f"{cur}{num}{tail}", draw(st.sampled_from(["", "cash flow of ", "Net: "])) + word


@st.composite
def signed_figure(draw: st.DrawFn, units: tuple[str, ...]) -> str:
    """A negative figure in one of `units`: '-5 MW', 'minus 1.2GW', '−100,000 H100s'."""
    sign = draw(st.sampled_from(SIGNS))
    num = draw(
        st.one_of(
            st.integers(min_value=1, max_value=10**6).map(lambda n: f"{n:,}"),
            st.floats(min_value=0.01, max_value=1e4, allow_nan=False).map(lambda f: f"{f:.1f}"),
        )
    )
    unit = draw(st.sampled_from(units))
    return f"{sign}{num}{draw(st.sampled_from(['', ' ']))}{unit}"
