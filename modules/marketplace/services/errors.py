"""The error of the marketplace's services: a rule was not met; the message (Chinese) says which."""

from __future__ import annotations


class MarketplaceError(Exception):
    """A request that breaks a rule of the marketplace; ``str(error)`` is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
