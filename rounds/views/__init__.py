"""The pages, one module per audience: deals, directory (investors, companies), exports, ingestion, review."""
