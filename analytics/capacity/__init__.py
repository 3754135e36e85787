"""The capacity model: what a deal's MW, chip or USD figure buys, as low / mid / high with the path taken.

See docs/capacity.md. Data: analytics/data/hardware.csv, capacity_sources.csv, capacity_assumptions.yml,
capacity_suppliers.yml.
"""

from analytics.capacity.deals import estimate_deal
from analytics.capacity.frame import estimates_frame
from analytics.capacity.model import CapacityEstimate, CapacityQuery, estimate
from analytics.capacity.ranges import Range

__all__ = ["CapacityEstimate", "CapacityQuery", "Range", "estimate", "estimate_deal", "estimates_frame"]
