"""Embedded task modules, one Django app each (marketplace, commitments, crossprovince)."""
