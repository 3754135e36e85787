"""The DuckDB warehouse: migrations, loads, snapshots, queries."""
