"""Private files of the marketplace are never under the public media URL."""

from __future__ import annotations

import pytest
from django.conf import settings

from modules.marketplace.models import Agency, Contract, Qualification, ServiceResult


@pytest.mark.parametrize("field", [Agency._meta.get_field("licence"), Qualification._meta.get_field("certificate"),
                                   Contract._meta.get_field("signed_file"), ServiceResult._meta.get_field("file")])
def test_uploads_go_to_the_private_storage_without_a_url(field):
    storage = field.storage
    assert not str(storage.location).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        storage.url("marketplace/licences/x.pdf")


@pytest.mark.django_db
def test_a_licence_is_not_reachable_under_media(agency, client):
    name = agency.licence.name
    assert agency.licence.storage.exists(name)
    assert client.get(f"/media/{name}").status_code == 404
