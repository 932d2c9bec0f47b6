"""Editors' decisions on proposals: drafts, approve/merge/reject, merging duplicates."""
