"""The demo: an invented venture world (demo_data.json), news stories written for it, their loader."""
