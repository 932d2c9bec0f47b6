"""Editors' decisions on proposals: the queue, drafts, approve/merge/reject/undo, merging duplicates."""
