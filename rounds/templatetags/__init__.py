"""Template tags: deals (figures, investor links, the deals table's rows, filter fields), evidence."""
