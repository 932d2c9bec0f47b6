"""Management commands: load_demo, ingest_url, ingest_file, add_feed, poll_feeds."""
