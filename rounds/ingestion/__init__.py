"""Articles in, round proposals out: fetching, canonical URLs, HTML to text, the pipeline, name matching."""
