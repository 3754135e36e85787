"""A low / mid / high triple and the operations the capacity model needs, each keeping low <= mid <= high."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

_TOLERANCE = 1e-9


class Range(BaseModel):
    """An estimate as low / mid / high, ordered. Every operation returns a new, ordered Range."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    low: float
    mid: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        slack = _TOLERANCE * max(abs(self.low), abs(self.mid), abs(self.high), 1.0)
        if self.low > self.mid + slack or self.mid > self.high + slack:
            raise ValueError(f"range not ordered: {self.low} / {self.mid} / {self.high}")
        return self

    @classmethod
    def point(cls, value: float) -> Range:
        return cls(low=value, mid=value, high=value)

    @classmethod
    def sorted_of(cls, a: float, b: float, c: float) -> Range:
        """The three values in order (used where the ends of two ranges do not pair up monotonically)."""
        low, mid, high = sorted((a, b, c))
        return cls(low=low, mid=mid, high=high)

    def times(self, other: Range | float) -> Range:
        """Product of two non-negative quantities: low x low, mid x mid, high x high."""
        o = other if isinstance(other, Range) else Range.point(other)
        return Range(low=self.low * o.low, mid=self.mid * o.mid, high=self.high * o.high)

    def per(self, other: Range | float) -> Range:
        """Quotient of two positive quantities: the low end divides by the other's high end."""
        o = other if isinstance(other, Range) else Range.point(other)
        return Range(low=self.low / o.high, mid=self.mid / o.mid, high=self.high / o.low)

    def plus(self, other: Range) -> Range:
        return Range(low=self.low + other.low, mid=self.mid + other.mid, high=self.high + other.high)

    def as_dict(self, digits: int = 1) -> dict[str, float]:
        return {
            "low": round(self.low, digits),
            "mid": round(self.mid, digits),
            "high": round(self.high, digits),
        }

    def triple(self) -> tuple[float, float, float]:
        return (self.low, self.mid, self.high)


def total(ranges: list[Range]) -> Range | None:
    """The sum of ranges (comonotone: lows with lows); None for an empty list."""
    if not ranges:
        return None
    out = ranges[0]
    for r in ranges[1:]:
        out = out.plus(r)
    return out


def fmt(value: float) -> str:
    """A figure for a path step: thousands separators, at most three significant decimals for small values."""
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


def fmt_range(r: Range, unit: str = "") -> str:
    suffix = f" {unit}" if unit else ""
    if r.low == r.mid == r.high:
        return f"{fmt(r.mid)}{suffix}"
    return f"{fmt(r.low)}/{fmt(r.mid)}/{fmt(r.high)}{suffix}"
