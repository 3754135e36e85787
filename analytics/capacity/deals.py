"""From a consolidated Deal to a capacity estimate: which stated figure to convert, and how to read it."""

from __future__ import annotations

from analytics.capacity.assumptions import assumptions
from analytics.capacity.model import CapacityEstimate, CapacityQuery, estimate
from analytics.capacity.ranges import fmt
from core.records import Deal

CONTRACT_TYPES = frozenset({"cloud_contract", "compute_capacity"})
CAPEX_TYPES = frozenset({"chip_supply", "datacenter_build"})


def _suppliers(deal: Deal) -> list[str]:
    """The seller first, then every other party that is not the buyer."""
    names = [deal.seller] if deal.seller else []
    names += [p for p in deal.parties if p and p not in (deal.buyer, deal.seller)]
    return [n for n in names if n]


def _money_kind(deal: Deal) -> str | None:
    if deal.deal_type in CONTRACT_TYPES:
        return "usd_contract"
    if deal.deal_type in CAPEX_TYPES:
        return "usd_capex"
    return None


def _query(deal: Deal, model_params: float) -> tuple[CapacityQuery | None, list[str]]:
    """The figure to convert (chips, then power, then money) and notes on the figures left aside."""
    common = {
        "hardware": deal.chip_type,
        "suppliers": _suppliers(deal),
        "when": deal.first_reported,
        "model_params": model_params,
    }
    notes: list[str] = []
    if deal.deal_type == "power_supply":
        return None, ["a power purchase: its megawatts are grid power bought, not compute (no estimate)"]
    if deal.chips_count:
        if deal.power_mw:
            notes.append(f"also states {fmt(deal.power_mw)} MW: the chip count is used")
        query = CapacityQuery(kind="chips", value=float(deal.chips_count), count_is_units=False, **common)
        return query, notes
    if deal.power_mw:
        basis = deal.power_basis or assumptions().default_power_basis.value or "facility"
        kind = "it_mw" if basis == "it" else "facility_mw"
        if deal.amount_usd:
            notes.append(f"also states ${fmt(deal.amount_usd / 1e9)}B: the power figure is used")
        stated = deal.power_basis is not None
        return CapacityQuery(
            kind=kind, value=deal.power_mw, basis_stated=stated, qualifier=deal.power_qualifier, **common
        ), notes
    money = _money_kind(deal)
    if deal.amount_usd and money is not None:
        return CapacityQuery(
            kind=money,
            value=deal.amount_usd,
            term_years=deal.term_years,
            qualifier=deal.amount_qualifier,
            **common,
        ), notes
    if deal.amount_usd:
        notes.append(f"a {deal.deal_type.replace('_', ' ')} deal: its dollars are not read as compute")
    return None, notes


def estimate_deal(deal: Deal, model_params: float = 70e9) -> CapacityEstimate:
    """What the deal's stated figure buys. A deal with nothing to convert gets an estimate with no ranges."""
    query, notes = _query(deal, model_params)
    if query is None:
        none_stated = ["no chip count, MW figure or convertible dollar amount stated"]
        basis = notes if deal.deal_type == "power_supply" else [*none_stated, *notes]
        est = CapacityEstimate(deal_id=deal.deal_id, model_params=model_params, basis=basis)
    else:
        est = estimate(query)
        est.deal_id = deal.deal_id
        est.basis.extend(notes)
    other_up_to = [q for q in (deal.power_qualifier, deal.amount_qualifier) if q == "up_to"]
    if other_up_to and not est.up_to:
        est.up_to = True
        est.basis.append("the deal states an 'up to' figure: marked as a ceiling, nothing inflated")
    if deal.parent_deal_id:
        est.tranche_of = deal.parent_deal_id
        est.basis.append(
            f"a later tranche of deal {deal.parent_deal_id}: its own figure only, not added to the parent"
        )
    if deal.status in ("rumoured", "cancelled"):
        est.basis.append(f"deal status '{deal.status}': capacity may never exist")
    return est
