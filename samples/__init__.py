"""The bundled sample newsroom: demo and test data, and its local HTTP server (a dev module, not the core)."""
