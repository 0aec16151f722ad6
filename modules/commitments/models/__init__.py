"""Models of the notice-and-commitment module."""

from .cases import CommitmentCase, CreditRecord
from .items import CommitmentItem

__all__ = ["CommitmentCase", "CommitmentItem", "CreditRecord"]
