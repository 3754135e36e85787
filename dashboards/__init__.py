"""Dashboards over the read-only warehouse snapshot."""
