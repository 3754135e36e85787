"""Dated exchange rates (extractors/data/fx.csv): USD per unit of a currency on a given day."""

from __future__ import annotations

import bisect
import csv
from datetime import date
from functools import lru_cache
from pathlib import Path

from core.errors import ConfigError
from extractors.nlp.vocab import DATA_DIR


class FxTable:
    """Rates valid from their date until the next row of the same currency."""

    def __init__(self, rows: dict[str, list[tuple[date, float]]]) -> None:
        self._rows = {cur: sorted(r) for cur, r in rows.items()}

    @classmethod
    def from_csv(cls, path: Path) -> FxTable:
        rows: dict[str, list[tuple[date, float]]] = {}
        try:
            lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
            for rec in csv.DictReader(lines):
                rows.setdefault(rec["currency"].strip().upper(), []).append(
                    (date.fromisoformat(rec["date"].strip()), float(rec["usd_per_unit"]))
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"cannot read exchange rates from {path}: {exc}") from exc
        return cls(rows)

    def rate(self, currency: str, on: date | None) -> float | None:
        """USD per unit of `currency` on `on` (the latest rate when `on` is None); None for an unknown currency."""
        if currency == "USD":
            return 1.0
        rows = self._rows.get(currency)
        if not rows:
            return None
        if on is None:
            return rows[-1][1]
        i = bisect.bisect_right([d for d, _ in rows], on) - 1
        return rows[max(i, 0)][1]

    def currencies(self) -> set[str]:
        return set(self._rows) | {"USD"}


@lru_cache(maxsize=1)
def default_fx() -> FxTable:
    return FxTable.from_csv(DATA_DIR / "fx.csv")
