"""Floors of the eval gate (eval/floors.json): every field's precision, recall and F1 may only go up."""

from __future__ import annotations

import json
import math

from pydantic import BaseModel, ConfigDict

from extractors.evaluate import FIELDS, METRICS, EvalReport

Floors = dict[str, dict[str, float]]


class Shortfall(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str
    metric: str
    value: float
    floor: float


def parse_floors(text: str) -> Floors:
    """floors.json: {field: {metric: floor}} for every field and metric, each in [0, 1]."""
    raw = json.loads(text)
    if not isinstance(raw, dict) or set(raw) != set(FIELDS):
        raise ValueError(f"floors must name exactly the fields {', '.join(FIELDS)}")
    floors: Floors = {}
    for field in FIELDS:
        row = raw[field]
        if not isinstance(row, dict) or set(row) != set(METRICS):
            raise ValueError(f"floors[{field!r}] must name exactly {', '.join(METRICS)}")
        values = {m: float(row[m]) for m in METRICS}
        if not all(0.0 <= v <= 1.0 for v in values.values()):
            raise ValueError(f"floors[{field!r}] values must lie in [0, 1]")
        floors[field] = values
    return floors


def shortfalls(report: EvalReport, floors: Floors) -> list[Shortfall]:
    """Every figure below its floor."""
    return [
        Shortfall(field=f, metric=m, value=report.figure(f, m), floor=floors[f][m])
        for f in FIELDS
        for m in METRICS
        if report.figure(f, m) < floors[f][m]
    ]


def raised_floors(report: EvalReport, floors: Floors) -> Floors:
    """Floors raised to the current figures (rounded down to 4 decimals); a floor never goes down."""
    return {
        f: {m: max(floors[f][m], math.floor(report.figure(f, m) * 10_000) / 10_000) for m in METRICS}
        for f in FIELDS
    }
