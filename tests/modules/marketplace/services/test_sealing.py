"""Sealed quotes: Fernet tokens that hide the value and open only with the site's key."""

from __future__ import annotations

from decimal import Decimal

import pytest
from cryptography.fernet import Fernet

from modules.marketplace.services.errors import MarketplaceError
from modules.marketplace.services.sealing import open_sealed, seal


def test_seal_hides_the_value_and_opens_to_it():
    token = seal(Decimal("86500.50"))
    assert "86500" not in token and "8650050" not in token
    assert open_sealed(token) == Decimal("86500.50")


def test_each_seal_is_different_so_equal_quotes_cannot_be_compared():
    assert seal(Decimal("100")) != seal(Decimal("100"))


def test_a_changed_token_does_not_open():
    token = seal(Decimal("12.5"))
    damaged = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(MarketplaceError, match="无法开启"):
        open_sealed(damaged)
    with pytest.raises(MarketplaceError):
        open_sealed("不是密文")


def test_key_from_settings_is_used_and_another_key_cannot_open(settings):
    derived = seal(Decimal("7"))
    settings.MARKETPLACE_QUOTE_KEY = Fernet.generate_key().decode()
    explicit = seal(Decimal("7"))
    assert open_sealed(explicit) == Decimal("7")
    with pytest.raises(MarketplaceError):
        open_sealed(derived)
    Fernet(settings.MARKETPLACE_QUOTE_KEY.encode()).decrypt(explicit.encode())  # really that key


def test_derived_key_depends_on_secret_key(settings):
    token = seal(Decimal("9"))
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    with pytest.raises(MarketplaceError):
        open_sealed(token)
