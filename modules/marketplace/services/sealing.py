"""Sealed quotes (密封报价): a quote is stored encrypted and opened only after the sign-up deadline.

Rule: before 报名截止 nobody (the owner, the operator, a database dump, an export) can read a
quote; the stored column holds a Fernet token (AES-128-CBC + HMAC-SHA256, from ``cryptography``).
The key is ``settings.MARKETPLACE_QUOTE_KEY`` (a url-safe base64 Fernet key) when set, otherwise
derived from ``SECRET_KEY`` with HKDF-SHA256 (so changing ``SECRET_KEY`` while quotes are sealed
makes them unopenable: set ``MARKETPLACE_QUOTE_KEY`` in production). Only the services that run at
the deadline (``projects.close_signup`` / ``run_selection``) call ``open_sealed``.
"""

from __future__ import annotations

import base64
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from .errors import MarketplaceError

_HKDF_SALT = b"gongkai-marketplace"
_HKDF_INFO = b"sealed-quote-v1"


def seal(value: Decimal) -> str:
    """The Fernet token of ``value`` (its exact decimal text); a new random IV each time."""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return _fernet(*_key_material()).encrypt(format(value, "f").encode("ascii")).decode("ascii")


def open_sealed(token: str) -> Decimal:
    """The value sealed in ``token``; ``MarketplaceError`` when the token is not ours or damaged."""
    try:
        text = _fernet(*_key_material()).decrypt(token.encode("ascii")).decode("ascii")
        return Decimal(text)
    except (InvalidToken, UnicodeError, ValueError, InvalidOperation) as exc:
        raise MarketplaceError("密封报价无法开启（密钥不符或数据已损坏），请联系中介超市运营方。") from exc


def _key_material() -> tuple[str, str]:
    return getattr(settings, "MARKETPLACE_QUOTE_KEY", "") or "", settings.SECRET_KEY


@lru_cache(maxsize=4)
def _fernet(explicit_key: str, secret_key: str) -> Fernet:
    if explicit_key:
        return Fernet(explicit_key.encode("ascii"))
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=_HKDF_INFO).derive(
        secret_key.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))
