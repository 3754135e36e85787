"""Analytics: concentration indices (polars) and the capacity model."""
