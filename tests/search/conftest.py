"""Fixtures of the search tests: publishing that reaches the index as it does in production
(outbox row in the transaction, drain task after the commit)."""

from __future__ import annotations

import pytest

from search.outbox import drain


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run a block's commit hooks (the outbox drain task), then drain whatever is left.

    Usage: ``with indexed(): make_policy(...)``.
    """
    from contextlib import contextmanager

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        drain()

    return block
