"""Watchlists: saved deals filters, their Atom feeds of new rounds and their e-mail digests."""
