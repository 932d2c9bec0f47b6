"""The analysts' reads: the deals filter, the column spec, keyset paging, the league table, charts."""
