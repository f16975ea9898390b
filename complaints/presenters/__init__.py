"""Presenters: a stored case turned into what a page shows (no writes, no requests)."""
