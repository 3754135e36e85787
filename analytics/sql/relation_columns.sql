-- Columns of a table or view of the main schema (empty when it does not exist).
SELECT column_name
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $name
