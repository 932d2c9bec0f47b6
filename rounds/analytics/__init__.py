"""The analysts' reads: the deals filter, keyset paging, the league table, charts."""
