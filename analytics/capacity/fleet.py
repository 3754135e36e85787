"""Which hardware a figure buys: a named chip, else the supplier's default family, else a mixed fleet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from analytics.capacity.assumptions import Supplier, Suppliers
from analytics.capacity.catalogue import Catalogue, Hardware, normalise


@dataclass(frozen=True)
class Part:
    """One accelerator type of a fleet and its share of the stated figure (MW, units or dollars)."""

    hardware: Hardware
    share: float


@dataclass(frozen=True)
class Fleet:
    parts: tuple[Part, ...]
    label: str
    per_unit: int = 1
    unit: str = ""
    steps: list[str] = field(default_factory=list)


def _single(cat: Catalogue, hw: Hardware, step: str) -> Fleet:
    accel = cat.accelerator_of(hw)
    if hw.kind == "system":
        label = f"{hw.name} ({hw.accelerators_per_unit} x {accel.name})"
        step += f"; a {hw.name} holds {hw.accelerators_per_unit} x {accel.name}"
        return Fleet((Part(accel, 1.0),), label, hw.accelerators_per_unit, hw.name, [step])
    return Fleet((Part(accel, 1.0),), hw.name, steps=[step])


def _matches(supplier: Supplier, name: str) -> bool:
    words = f" {normalise(name)} "
    return any(f" {normalise(n)} " in words for n in (supplier.name, *supplier.aliases))


def _default_of(cfg: Suppliers, supplier: Supplier, when: date | None) -> tuple[str, str]:
    """(hardware name, why) for a supplier, using the era table and the date when the supplier has one."""
    if supplier.hardware is not None:
        return supplier.hardware, f"{supplier.name} default"
    era_name = supplier.era or ""
    if when is None:
        return cfg.undated(era_name), f"{supplier.name}: no date, {era_name} default"
    for era in cfg.era(era_name):
        if era.before is None or when < era.before:
            return era.hardware, f"{supplier.name} on {when.isoformat()}: {era.note}"
    raise ValueError(f"era table {era_name} has no open-ended entry")


def supplier_fleet(cat: Catalogue, cfg: Suppliers, names: list[str], when: date | None) -> Fleet | None:
    """The default fleet of the first name that is a known supplier, or None."""
    for name in names:
        for supplier in cfg.suppliers:
            if _matches(supplier, name):
                hw_name, why = _default_of(cfg, supplier, when)
                cloud = " (a cloud: Nvidia GB200-class by era)" if supplier.cloud else ""
                step = f"hardware: {hw_name}, supplier default ({why}){cloud} [capacity_suppliers.yml]"
                return _single(cat, cat.get(hw_name), step)
    return None


def mixed_fleet(cat: Catalogue, cfg: Suppliers, why: str) -> Fleet:
    mf = cfg.mixed_fleet
    parts = tuple(Part(cat.get(name), share) for name, share in mf.mix.items())
    mix = " + ".join(f"{p.hardware.name} {p.share:.0%}" for p in parts)
    step = f"hardware: {mf.label} {mix} ({why}; {mf.status}: {mf.note}) [{' '.join(mf.sources)}]"
    return Fleet(parts, f"{mf.label} ({mix})", steps=[step])


def _chip_word_supplier(cfg: Suppliers, chip: str) -> str | None:
    words = normalise(chip).split()
    return next((cfg.chip_words[w] for w in words if w in cfg.chip_words), None)


def choose_fleet(
    cat: Catalogue,
    cfg: Suppliers,
    *,
    hardware: str | None = None,
    strict: bool = False,
    suppliers: list[str] | None = None,
    when: date | None = None,
) -> Fleet:
    """The fleet for a figure. `strict` (the CLI's --hardware) raises UnknownHardwareError on an unknown name;
    otherwise an unknown chip description falls back to the supplier default, then to the mixed fleet."""
    names = [s for s in (suppliers or []) if s]
    notes: list[str] = []
    if hardware:
        if strict:
            return _single(cat, cat.lookup(hardware), f"hardware: {cat.lookup(hardware).name} (as given)")
        found = cat.find(hardware)
        if found is not None:
            return _single(cat, found, f"hardware: {found.name} (chip type stated as {hardware!r})")
        word_supplier = _chip_word_supplier(cfg, hardware)
        names = [*([word_supplier] if word_supplier else []), *names]
        notes.append(f"chip type {hardware!r} names no catalogue model")
    fleet = supplier_fleet(cat, cfg, names, when)
    if fleet is None:
        why = f"supplier {', '.join(names)!s} has no default" if names else "no supplier named"
        fleet = mixed_fleet(cat, cfg, why)
    if notes:
        fleet.steps[0:0] = notes
    return fleet
